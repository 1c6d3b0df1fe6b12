package io.leadhub.sandbox.dataset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A realistic trade-show upload, generated from a seed (the same seed gives the same file), with
 * what the hub must make of it. Short synthetic values ({@code a1@x.io}) hide failures that real
 * data exposes: 30–60 character addresses fill vendor query strings, accented names must survive
 * every hop, long notes with commas, quotes and line breaks must come through CSV parsing and vendor
 * field limits. So the file has names with diacritics, emails on reserved {@code .example} domains,
 * fictional companies, job titles, phones in several formats, notes longer than 255 characters,
 * "Lead type" / "Product interest" qualifier values, second scans of the same person (email in
 * another case, merged), bad rows (invalid email, no identity) and, on request, one lead a vendor
 * will refuse ({@link VendorReject}).
 *
 * <p>Besides the CSV text it answers the expectations a test asserts per lead: the rejected lines,
 * the unique leads with the values their vendor records must carry, and which leads must fail and
 * why. Test and benchmark infrastructure: it depends on nothing but the JDK.
 */
public final class LeadDataset {
    public static final String LEAD_TYPE = "Lead type";
    public static final String PRODUCT_INTEREST = "Product interest";
    /** The "Lead type" value of the {@link VendorReject#UNKNOWN_OPTION} lead. */
    public static final String PLANTED_OPTION = "Partner";

    public static final List<String> LEAD_TYPES = List.of("Hot", "Warm", "Cold", "VIP");
    public static final List<String> PRODUCTS = List.of("Robots", "Drones", "Software");

    private final long seed;
    private final String csv;
    private final List<ExpectedLead> leads;
    private final List<ExpectedRejection> rejections;
    private final int dataRows;
    private final VendorReject planted;

    LeadDataset(
            long seed,
            String csv,
            List<ExpectedLead> leads,
            List<ExpectedRejection> rejections,
            int dataRows,
            VendorReject planted) {
        this.seed = seed;
        this.csv = csv;
        this.leads = List.copyOf(leads);
        this.rejections = List.copyOf(rejections);
        this.dataRows = dataRows;
        this.planted = planted;
    }

    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    public long seed() {
        return seed;
    }

    /** The upload: UTF-8 text, comma-delimited, header row, "\n" line ends, quoted fields where needed. */
    public String csv() {
        return csv;
    }

    /** Data rows in the file (the header not counted). */
    public int dataRows() {
        return dataRows;
    }

    /** Every unique lead (one per normalized email), in the order of its first row. */
    public List<ExpectedLead> leads() {
        return leads;
    }

    /** The leads that must be synced and cleared. */
    public List<ExpectedLead> good() {
        return leads.stream().filter(ExpectedLead::good).toList();
    }

    /** The leads that must fail, each for its own reason. */
    public List<ExpectedLead> expectedFailures() {
        return leads.stream().filter(l -> !l.good()).toList();
    }

    /** Leads by normalized email. */
    public Map<String, ExpectedLead> byEmail() {
        return leads.stream()
                .collect(Collectors.toMap(
                        ExpectedLead::emailNorm, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    /** The rows the import must reject, by line. */
    public List<ExpectedRejection> rejections() {
        return rejections;
    }

    /** The import answer's "imported": one lead per unique email. */
    public int imported() {
        return leads.size();
    }

    /** The import answer's "merged": rows folded into a lead of an earlier row. */
    public int merged() {
        return dataRows - rejections.size() - leads.size();
    }

    /** The planted lead's trait, or null. */
    public VendorReject planted() {
        return planted;
    }

    /** The org's qualifiers for {@code PUT /orgs/{org}/qualifiers}: every value the file taps. */
    public List<Map<String, Object>> qualifiers() {
        List<String> types = new ArrayList<>(LEAD_TYPES);
        if (planted == VendorReject.UNKNOWN_OPTION) types.add(PLANTED_OPTION);
        return List.of(
                Map.of("name", LEAD_TYPE, "values", types),
                Map.of("name", PRODUCT_INTEREST, "values", PRODUCTS, "multiSelect", true));
    }

    /** Options of a generated upload; {@link #build()} generates it. */
    public static final class Builder {
        final long seed;
        int leads = 1000;
        int duplicates = 20;
        int invalidEmails = 3;
        int withoutIdentity = 2;
        final Map<String, Set<String>> unmapped = new LinkedHashMap<>();
        VendorReject reject;

        private Builder(long seed) {
            this.seed = seed;
        }

        /** Unique people in the file (default 1,000). */
        public Builder leads(int n) {
            if (n < 10) throw new IllegalArgumentException("at least 10 leads");
            this.leads = n;
            return this;
        }

        /** Second scans: a later row of an earlier person, email in upper case (default 20). */
        public Builder duplicates(int n) {
            this.duplicates = n;
            return this;
        }

        /** Rows with an invalid email (default 3, at most 3). */
        public Builder invalidEmails(int n) {
            this.invalidEmails = Math.min(n, 3);
            return this;
        }

        /** Rows with neither an email nor a name with a company or phone (default 2, at most 2). */
        public Builder withoutIdentity(int n) {
            this.withoutIdentity = Math.min(n, 2);
            return this;
        }

        /**
         * Qualifier values the integration under test has no mapping for: leads tapped with them are
         * expected to fail with NO_TAG_MAPPING. The file taps every value either way.
         */
        public Builder unmapped(String qualifier, String... values) {
            unmapped.computeIfAbsent(qualifier, k -> new LinkedHashSet<>()).addAll(List.of(values));
            return this;
        }

        /** Plants one lead with this trait, expected to be refused by the vendor. */
        public Builder vendorReject(VendorReject trait) {
            this.reject = trait;
            return this;
        }

        public LeadDataset build() {
            return new DatasetGenerator(this).generate();
        }

        boolean isUnmapped(String qualifier, Collection<String> values) {
            Set<String> u = unmapped.getOrDefault(qualifier, Set.of());
            return values.stream().anyMatch(u::contains);
        }
    }
}

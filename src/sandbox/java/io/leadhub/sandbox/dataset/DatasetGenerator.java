package io.leadhub.sandbox.dataset;

import io.leadhub.sandbox.dataset.LeadPools.Company;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/** Generates one {@link LeadDataset} from its builder's options; every random choice comes from the seed. */
final class DatasetGenerator {
    static final String HEADER =
            "First Name,last_name,E-mail Address,Company Name,Job Title,Mobile Phone,LinkedIn Profile URL,"
                    + "Q: Lead type,Q: Product interest,Notes";
    static final int MIN_EMAIL = 30;
    static final int MAX_EMAIL = 60;

    private final LeadDataset.Builder options;
    private final Random random;
    private final Set<String> usedEmails = new HashSet<>();

    DatasetGenerator(LeadDataset.Builder options) {
        this.options = options;
        this.random = new Random(options.seed);
    }

    /** One person while the file is built; becomes an {@link ExpectedLead}. */
    private static final class Person {
        String first, last, email, title, phone, linkedin, notes, leadType;
        Company company;
        final Set<String> products = new LinkedHashSet<>();
        final List<Integer> lines = new ArrayList<>();
        boolean planted;
    }

    /** One data row: its cells, and the person it belongs to (null for a bad row, which carries its expected reason). */
    private record Row(String[] cells, Person person, String rejectReason, String why) {}

    LeadDataset generate() {
        List<Person> people = new ArrayList<>();
        for (int i = 0; i < options.leads; i++) people.add(person(i));
        if (options.reject != null) plant(people.get(options.leads / 2), options.reject);

        List<Row> rows = new ArrayList<>();
        for (Person p : people)
            rows.add(new Row(cells(p, p.email, p.title, p.leadType, p.products, p.notes), p, null, null));
        addDuplicates(people, rows);
        addBadRows(rows);

        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        List<ExpectedRejection> rejections = new ArrayList<>();
        int line = 2;
        for (Row row : rows) {
            String text = csvLine(row.cells());
            if (row.person() != null) row.person().lines.add(line);
            else rejections.add(new ExpectedRejection(line, row.rejectReason(), row.why()));
            csv.append(text).append('\n');
            line += 1 + (int) text.chars().filter(c -> c == '\n').count();
        }
        List<ExpectedLead> leads = people.stream().map(this::expected).toList();
        return new LeadDataset(options.seed, csv.toString(), leads, rejections, rows.size(), options.reject);
    }

    // ------------------------------------------------------------------ people

    private Person person(int i) {
        Person p = new Person();
        p.first = pick(LeadPools.FIRST_NAMES);
        p.last = pick(LeadPools.LAST_NAMES);
        p.company = pick(LeadPools.COMPANIES);
        p.email = email(LeadPools.slug(p.first).replace('-', '.'), LeadPools.slug(p.last), p.company);
        if (random.nextInt(10) == 0) p.email = capitalized(p.email);
        double t = random.nextDouble();
        p.title = t < 0.04 ? pick(LeadPools.LONG_TITLES) : t < 0.80 ? pick(LeadPools.TITLES) : null;
        p.phone = random.nextDouble() < 0.7 ? phone(i) : null;
        p.linkedin = random.nextDouble() < 0.25
                ? "https://www.linkedin.com/in/" + LeadPools.slug(p.first + " " + p.last) + "-"
                        + (1000 + random.nextInt(9000))
                : null;
        double n = random.nextDouble();
        p.notes = n < 0.35 ? longNote() : n < 0.55 ? pick(LeadPools.SHORT_NOTES) : null;
        double q = random.nextDouble();
        p.leadType = q < 0.03 ? "VIP" : q < 0.13 ? null : pick(List.of("Hot", "Warm", "Cold"));
        for (String product : LeadDataset.PRODUCTS) if (random.nextInt(3) == 0) p.products.add(product);
        return p;
    }

    /**
     * {@code first.last@<company>-group.example}, 30 to 60 characters, unique (case-insensitively):
     * the initial replaces a long first name, a digit follows a name already taken.
     */
    private String email(String first, String last, Company company) {
        String domain = company.domain();
        String local = first + "." + last;
        if (local.length() + 1 + domain.length() > MAX_EMAIL) local = first.charAt(0) + "." + last;
        if (local.length() + 1 + domain.length() > MAX_EMAIL)
            local = local.substring(0, MAX_EMAIL - 2 - domain.length());
        if (local.length() + 1 + domain.length() < MIN_EMAIL) local = local + ".sales";
        String candidate = local + "@" + domain;
        for (int k = 2; !usedEmails.add(candidate.toLowerCase(Locale.ROOT)); k++) candidate = local + k + "@" + domain;
        return candidate;
    }

    private static String capitalized(String email) {
        StringBuilder b = new StringBuilder(email.length());
        boolean start = true;
        for (char c : email.toCharArray()) {
            b.append(start ? Character.toUpperCase(c) : c);
            start = c == '.' || c == '@' || c == '-';
        }
        return b.toString().replace(".Example", ".example");
    }

    /** Fictional numbers in five common ways of writing them (US numbers without a country code, too). */
    private String phone(int i) {
        int k = random.nextInt(100);
        return switch (i % 5) {
            case 0 -> String.format("+1 (415) 555-%04d", 100 + k);
            case 1 -> String.format("212.555.%04d", 100 + k);
            case 2 -> String.format("+44 20 7946 %04d", 10 * k + i % 10);
            case 3 -> String.format("+33 1 99 00 %02d %02d", k, i % 100);
            default -> String.format("+49 30 5550-%04d", 1000 + 10 * k + i % 10);
        };
    }

    /** 256 to about 1,200 characters of fragments joined by spaces or line breaks. */
    private String longNote() {
        int target = 256 + random.nextInt(900);
        StringBuilder b = new StringBuilder();
        while (b.length() < target) {
            if (!b.isEmpty()) b.append(random.nextInt(4) == 0 ? "\n" : " ");
            b.append(pick(LeadPools.NOTE_FRAGMENTS));
        }
        return b.toString();
    }

    private void plant(Person p, VendorReject trait) {
        p.planted = true;
        p.leadType = "Hot";
        p.products.clear();
        switch (trait) {
            case INTERNATIONAL_EMAIL -> {
                p.first = "Zoë";
                p.last = "Ødegaard";
                usedEmails.remove(p.email.toLowerCase(Locale.ROOT));
                p.email = email("zoë", "ødegaard", p.company);
            }
            case LONG_LINKEDIN_URL ->
                p.linkedin = "https://www.linkedin.com/in/" + LeadPools.slug(p.first + " " + p.last)
                        + "-8a1b2c3d?utm_source=share&utm_campaign=share_via&utm_content=profile&utm_medium=ios_app"
                        + "&trk=public_profile_browsemap&originalSubdomain=de&lipi=urn%3Ali%3Apage%3Ad_flagship3_profile_view_base"
                        + "%3BqW3x7%2FkGQ2iZ0%2BpXb1r9Lw%3D%3D&licu=urn%3Ali%3Acontrol%3Ad_flagship3_profile_view_base-top_card";
            case UNKNOWN_OPTION -> p.leadType = LeadDataset.PLANTED_OPTION;
        }
    }

    // ------------------------------------------------------------------ rows

    /** Second scans of earlier people: the email upper-cased, a job title where the first scan had none, one more product. */
    private void addDuplicates(List<Person> people, List<Row> rows) {
        Set<Person> chosen = new LinkedHashSet<>();
        while (chosen.size() < Math.min(options.duplicates, people.size() - 1)) {
            Person p = people.get(random.nextInt(people.size()));
            if (!p.planted) chosen.add(p);
        }
        for (Person p : chosen) {
            String title = null;
            if (p.title == null) {
                title = pick(LeadPools.TITLES);
                p.title = title;
            }
            Set<String> products = new LinkedHashSet<>();
            for (String product : LeadDataset.PRODUCTS) {
                if (!p.products.contains(product)) {
                    products.add(product);
                    break;
                }
            }
            p.products.addAll(products);
            int first = indexOf(rows, p);
            int at = first + 1 + random.nextInt(rows.size() - first);
            rows.add(
                    at,
                    new Row(
                            cells(p, p.email.toUpperCase(Locale.ROOT), title, p.leadType, products, null),
                            p,
                            null,
                            null));
        }
    }

    private static int indexOf(List<Row> rows, Person p) {
        for (int i = 0; i < rows.size(); i++) if (rows.get(i).person() == p) return i;
        throw new IllegalStateException("person without a row");
    }

    private void addBadRows(List<Row> rows) {
        List<Row> bad = new ArrayList<>();
        String[][] invalid = {
            {"José", "Núñez", "jose.nunez(at)nordwind-logistik-group.example", "Nordwind Logistik GmbH"},
            {"François", "Lefèvre", "françois lefèvre@brasserie-lefevre-group.example", "Brasserie Lefèvre & Fils"},
            {"Søren", "Ørsted", "soren.orsted@@oresund-marine-group.example", "Øresund Marine Systems A/S"}
        };
        for (int i = 0; i < options.invalidEmails; i++) {
            bad.add(new Row(
                    new String[] {
                        invalid[i][0], invalid[i][1], invalid[i][2], invalid[i][3], "Buyer", "", "", "Warm", "", ""
                    },
                    null,
                    "invalid email",
                    "invalid email '" + invalid[i][2] + "'"));
        }
        String[][] anonymous = {
            {"Ingrid", "", "", "", "", "", "", "Warm", "", "Left before we got her card, \"will come back\"."},
            {"", "", "", "", "", "", "", "", "Drones", "Badge unreadable"}
        };
        for (int i = 0; i < options.withoutIdentity; i++) {
            bad.add(new Row(
                    anonymous[i], null, "no usable identity", "neither an email nor a name with a company or phone"));
        }
        for (Row row : bad) rows.add(1 + random.nextInt(rows.size()), row);
    }

    private static String[] cells(
            Person p, String email, String title, String leadType, Set<String> products, String notes) {
        return new String[] {
            p.first,
            p.last,
            email,
            p.company.name(),
            title,
            p.phone,
            p.linkedin,
            leadType,
            String.join("|", products),
            notes
        };
    }

    static String csvLine(String[] cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) b.append(',');
            String v = cells[i] == null ? "" : cells[i];
            boolean quote =
                    v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(v.strip());
            b.append(quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ expectations

    private ExpectedLead expected(Person p) {
        ExpectedFailure failure = null;
        if (p.planted) {
            String mention = options.reject.mention();
            failure = new ExpectedFailure(
                    ExpectedFailure.Kind.VENDOR_REJECT,
                    "planted " + options.reject + " lead",
                    mention == null ? List.of() : List.of(mention));
        } else if (p.leadType != null && options.isUnmapped(LeadDataset.LEAD_TYPE, List.of(p.leadType))) {
            failure = new ExpectedFailure(
                    ExpectedFailure.Kind.UNMAPPED_QUALIFIER,
                    "'" + LeadDataset.LEAD_TYPE + "' value '" + p.leadType + "' has no mapping",
                    List.of(p.leadType));
        } else if (options.isUnmapped(LeadDataset.PRODUCT_INTEREST, p.products)) {
            String value = p.products.stream()
                    .filter(v -> options.isUnmapped(LeadDataset.PRODUCT_INTEREST, List.of(v)))
                    .findFirst()
                    .orElseThrow();
            failure = new ExpectedFailure(
                    ExpectedFailure.Kind.UNMAPPED_QUALIFIER,
                    "'" + LeadDataset.PRODUCT_INTEREST + "' value '" + value + "' has no mapping",
                    List.of(value));
        }
        return new ExpectedLead(
                p.email,
                p.first,
                p.last,
                p.company.name(),
                p.title,
                p.phone,
                p.linkedin,
                p.notes,
                p.leadType,
                List.copyOf(p.products),
                p.lines,
                failure);
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}

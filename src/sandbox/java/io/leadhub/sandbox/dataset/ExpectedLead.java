package io.leadhub.sandbox.dataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One person of a generated upload after the hub has merged the rows of the same email: the values
 * the vendor record must carry (fields as first written, a later scan filling only what was empty,
 * qualifier values united), the data lines it came from, and the failure expected for it (null when
 * it must be synced).
 */
public record ExpectedLead(
        String email,
        String firstName,
        String lastName,
        String company,
        String jobTitle,
        String phone,
        String linkedinUrl,
        String notes,
        String leadType,
        List<String> productInterest,
        List<Integer> lines,
        ExpectedFailure failure) {

    public ExpectedLead {
        productInterest = List.copyOf(productInterest);
        lines = List.copyOf(lines);
    }

    /** True when the lead must reach the vendor and be cleared. */
    public boolean good() {
        return failure == null;
    }

    /** The email as the hub matches it: trimmed, lower case. */
    public String emailNorm() {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /** The value of a hub field (the names mappings use), or null when the lead has none. */
    public String value(String hubField) {
        return switch (hubField) {
            case "email" -> email;
            case "firstName" -> firstName;
            case "lastName" -> lastName;
            case "fullName" -> firstName == null ? lastName : lastName == null ? firstName : firstName + " " + lastName;
            case "company" -> company;
            case "jobTitle" -> jobTitle;
            case "phone" -> phone;
            case "linkedinUrl" -> linkedinUrl;
            case "notes" -> notes;
            default -> null;
        };
    }

    /** The tapped values of a qualifier (empty when none). */
    public List<String> qualifier(String name) {
        return switch (name) {
            case LeadDataset.LEAD_TYPE -> leadType == null ? List.of() : List.of(leadType);
            case LeadDataset.PRODUCT_INTEREST -> productInterest;
            default -> List.of();
        };
    }

    /** The lead as a body of the JSON capture endpoint ({@code POST …/events/{event}/leads}). */
    public Map<String, Object> captureJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String f :
                List.of("firstName", "lastName", "email", "phone", "company", "jobTitle", "linkedinUrl", "notes")) {
            if (value(f) != null) out.put(f, value(f));
        }
        Map<String, Object> q = new LinkedHashMap<>();
        if (leadType != null) q.put(LeadDataset.LEAD_TYPE, leadType);
        if (!productInterest.isEmpty()) q.put(LeadDataset.PRODUCT_INTEREST, productInterest);
        if (!q.isEmpty()) out.put("qualifiers", q);
        return out;
    }
}

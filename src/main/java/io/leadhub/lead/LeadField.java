package io.leadhub.lead;

import java.util.Arrays;
import java.util.Optional;

/** The standard lead fields: their API name (used in JSON, mappings and provenance) and column. */
public enum LeadField {
    FIRST_NAME("firstName", "first_name", 200),
    LAST_NAME("lastName", "last_name", 200),
    EMAIL("email", "email", 320),
    PHONE("phone", "phone", 64),
    COMPANY("company", "company", 300),
    JOB_TITLE("jobTitle", "job_title", 300),
    WEBSITE("website", "website", 500),
    LINKEDIN_URL("linkedinUrl", "linkedin_url", 500),
    STREET("street", "street", 500),
    CITY("city", "city", 200),
    REGION("region", "region", 200),
    POSTAL_CODE("postalCode", "postal_code", 40),
    COUNTRY("country", "country", 100),
    NOTES("notes", "notes", 10_000);

    private final String apiName;
    private final String column;
    private final int maxLength;

    LeadField(String apiName, String column, int maxLength) {
        this.apiName = apiName;
        this.column = column;
        this.maxLength = maxLength;
    }

    public String apiName() {
        return apiName;
    }

    public String column() {
        return column;
    }

    public int maxLength() {
        return maxLength;
    }

    public static Optional<LeadField> byApiName(String name) {
        return Arrays.stream(values()).filter(f -> f.apiName.equals(name)).findFirst();
    }
}

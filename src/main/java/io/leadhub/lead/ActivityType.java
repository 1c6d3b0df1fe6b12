package io.leadhub.lead;

/** Outreach activity types (SPEC §2), with the title vendors' activity records show. */
public enum ActivityType {
    EMAIL("Email"),
    CALL("Call"),
    MEETING("Meeting"),
    LINKEDIN("LinkedIn"),
    SMS("SMS"),
    NOTE("Note");

    private final String title;

    ActivityType(String title) {
        this.title = title;
    }

    /** The type as a title ("LinkedIn", "SMS"): Task subjects, note titles. */
    public String title() {
        return title;
    }
}

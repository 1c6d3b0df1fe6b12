package io.leadhub.lead;

/** Outreach activity types (SPEC §2). */
public enum ActivityType {
    EMAIL,
    CALL,
    MEETING,
    LINKEDIN,
    SMS,
    NOTE
}

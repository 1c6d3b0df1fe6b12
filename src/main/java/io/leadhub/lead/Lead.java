package io.leadhub.lead;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A stored lead: its captured data, provenance of enriched fields, and bookkeeping. */
public record Lead(
        long id,
        String orgId,
        String eventId,
        String captureId,
        LeadSource source,
        Instant capturedAt,
        LeadDraft data,
        Map<String, String> provenance,
        List<Activity> activities,
        int version,
        int scanCount,
        boolean enriched,
        Instant storedAt) {

    public String get(LeadField field) {
        return data.get(field);
    }

    public String emailNorm() {
        return data.emailNorm();
    }

    /** An activity as stored, with the id used to log it once per vendor. */
    public record Activity(
            long id, String clientId, ActivityType type, Instant occurredAt, String subject, String notes) {
        /** The line a task or note the hub logs for the activity ends with: "(Call on …, logged by the lead hub)". */
        public String origin() {
            return "(" + type.title() + " on " + occurredAt + ", logged by the lead hub)";
        }
    }
}

package io.leadhub.preflight;

import io.leadhub.lead.Lead;
import io.leadhub.lead.LeadDraft;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A lead as it would be stored, built from a draft without storing it (preview and forecast): id 0, version 1. */
final class UnsavedLead {
    private UnsavedLead() {}

    static Lead of(String org, String event, LeadDraft draft, int scanCount) {
        List<Lead.Activity> activities = new ArrayList<>();
        long n = 0;
        for (var a : draft.activities()) {
            activities.add(new Lead.Activity(
                    --n,
                    a.clientId(),
                    a.type(),
                    a.occurredAt() == null ? Instant.now() : a.occurredAt(),
                    a.subject(),
                    a.notes()));
        }
        return new Lead(
                0,
                org,
                event,
                draft.captureId(),
                draft.source(),
                draft.capturedAt() == null ? Instant.now() : draft.capturedAt(),
                draft,
                Map.of(),
                activities,
                1,
                scanCount,
                false,
                null);
    }
}

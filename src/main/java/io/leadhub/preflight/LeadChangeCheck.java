package io.leadhub.preflight;

import io.leadhub.lead.Lead;
import io.leadhub.lead.LeadDraft;
import io.leadhub.lead.LeadField;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a capture merged into a stored lead changes it, by the rule the lead repository's merge
 * applies (and so whether the lead is synced again): it fills an empty field, adds a custom field,
 * a qualifier value or an activity the lead does not have yet.
 */
final class LeadChangeCheck {
    private LeadChangeCheck() {}

    static boolean adds(Lead current, LeadDraft d) {
        for (LeadField f : LeadField.values()) {
            if (current.get(f) == null && d.get(f) != null) return true;
        }
        for (String key : d.customFields().keySet()) {
            if (!current.data().customFields().containsKey(key)) return true;
        }
        for (var q : d.qualifiers().entrySet()) {
            Set<String> have = current.data().qualifiers().getOrDefault(q.getKey(), Set.of());
            if (!have.containsAll(q.getValue())) return true;
        }
        Set<String> clientIds = current.activities().stream()
                .map(Lead.Activity::clientId)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        return d.activities().stream().anyMatch(a -> a.clientId() == null || !clientIds.contains(a.clientId()));
    }
}

package io.leadhub.org;

import java.util.List;

/** A qualifier definition of an org (SPEC §2). eventScope null = every event. */
public record Qualifier(
        String name,
        List<String> values,
        boolean multiSelect,
        boolean required,
        List<String> eventScope,
        boolean active) {
    public boolean appliesTo(String eventId) {
        return eventScope == null || eventScope.isEmpty() || eventScope.contains(eventId);
    }
}

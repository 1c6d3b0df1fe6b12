package io.leadhub.lead;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A lead as captured, before it is stored: what the JSON, badge and CSV parsers produce.
 * Blank values are never kept, so "empty" always means absent.
 */
public class LeadDraft {
    private String captureId;
    private LeadSource source;
    private Instant capturedAt;
    private final Map<LeadField, String> fields = new EnumMap<>(LeadField.class);
    private final Map<String, String> customFields = new LinkedHashMap<>();
    /** qualifier name -> tapped option values (one for single-select). */
    private final Map<String, Set<String>> qualifiers = new LinkedHashMap<>();

    private final List<ActivityDraft> activities = new ArrayList<>();

    public String captureId() {
        return captureId;
    }

    public LeadDraft captureId(String v) {
        this.captureId = blankToNull(v);
        return this;
    }

    public LeadSource source() {
        return source;
    }

    public LeadDraft source(LeadSource v) {
        this.source = v;
        return this;
    }

    public Instant capturedAt() {
        return capturedAt;
    }

    public LeadDraft capturedAt(Instant v) {
        this.capturedAt = v;
        return this;
    }

    public String get(LeadField field) {
        return fields.get(field);
    }

    public LeadDraft set(LeadField field, String value) {
        String v = blankToNull(value);
        if (v == null) fields.remove(field);
        else fields.put(field, v);
        return this;
    }

    /** Sets the field only if it is still empty; answers whether it was set. */
    public boolean fillIfEmpty(LeadField field, String value) {
        if (fields.containsKey(field) || blankToNull(value) == null) return false;
        set(field, value);
        return true;
    }

    public Map<LeadField, String> fields() {
        return fields;
    }

    public Map<String, String> customFields() {
        return customFields;
    }

    public LeadDraft custom(String name, String value) {
        String v = blankToNull(value);
        if (name != null && v != null) customFields.put(name.trim(), v);
        return this;
    }

    public Map<String, Set<String>> qualifiers() {
        return qualifiers;
    }

    public LeadDraft qualifier(String name, String value) {
        String v = blankToNull(value);
        if (name != null && v != null)
            qualifiers.computeIfAbsent(name.trim(), k -> new LinkedHashSet<>()).add(v);
        return this;
    }

    public List<ActivityDraft> activities() {
        return activities;
    }

    /** Normalized email: trimmed and lower-cased, or null. */
    public String emailNorm() {
        String e = fields.get(LeadField.EMAIL);
        return e == null ? null : e.trim().toLowerCase(Locale.ROOT);
    }

    /** A lead is usable when it has an email, or a name together with a company or phone. */
    public boolean hasUsableIdentity() {
        if (fields.containsKey(LeadField.EMAIL)) return true;
        boolean name = fields.containsKey(LeadField.FIRST_NAME) || fields.containsKey(LeadField.LAST_NAME);
        return name && (fields.containsKey(LeadField.COMPANY) || fields.containsKey(LeadField.PHONE));
    }

    /** Merges another capture of the same person: fills empty fields, unions qualifiers, appends activities. */
    public void mergeFrom(LeadDraft other) {
        other.fields.forEach(this::fillIfEmpty);
        other.customFields.forEach(customFields::putIfAbsent);
        other.qualifiers.forEach((k, vs) -> vs.forEach(v -> qualifier(k, v)));
        activities.addAll(other.activities);
    }

    static String blankToNull(String v) {
        if (v == null) return null;
        String t = v.strip();
        return t.isEmpty() ? null : t;
    }

    /** An outreach activity done on the lead. */
    public record ActivityDraft(String clientId, ActivityType type, Instant occurredAt, String subject, String notes) {}
}

package io.leadhub.capture;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.lead.ActivityType;
import io.leadhub.lead.LeadDraft;
import io.leadhub.lead.LeadField;
import io.leadhub.lead.LeadSource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * Reads the capture API's single-lead JSON body strictly: an unknown property, a value of the wrong
 * type or an unparsable enum or timestamp is refused with a {@link CaptureException} naming the field.
 * JSON {@code null} means absent.
 */
public class JsonLeadReader {

    private static final Set<String> TOP_LEVEL_TEXT =
            Set.of("firstName", "lastName", "email", "phone", "company", "jobTitle", "website", "linkedinUrl", "notes");
    private static final Set<String> ADDRESS_TEXT = Set.of("street", "city", "region", "postalCode", "country");
    private static final Set<String> ACTIVITY_PROPS = Set.of("id", "type", "occurredAt", "subject", "notes");

    /**
     * @param defaultSource the source when the body has none
     */
    public LeadDraft read(JsonNode node, LeadSource defaultSource) {
        if (node == null || !node.isObject()) throw new CaptureException("the lead body must be a JSON object");
        LeadDraft d = new LeadDraft().source(defaultSource);
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String name = e.getKey();
            JsonNode value = e.getValue();
            if (TOP_LEVEL_TEXT.contains(name)) {
                d.set(LeadField.byApiName(name).orElseThrow(), text(value, name));
                continue;
            }
            switch (name) {
                case "captureId" -> d.captureId(text(value, name));
                case "source" -> {
                    String s = text(value, name);
                    if (s != null) d.source(source(s));
                }
                case "capturedAt" -> d.capturedAt(timestamp(value, name));
                case "address" -> readAddress(value, d);
                case "customFields" -> readCustomFields(value, d);
                case "qualifiers" -> readQualifiers(value, d);
                case "activities" -> readActivities(value, d);
                default -> throw new CaptureException("unknown field '" + name + "'");
            }
        }
        return d;
    }

    private static LeadSource source(String s) {
        LeadSource src;
        try {
            src = LeadSource.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new CaptureException("unknown source '" + LeadValidation.abbreviate(s)
                    + "' (expected BADGE_SCAN, MANUAL or CAMERA_ROLL)");
        }
        if (src == LeadSource.CSV) throw new CaptureException("source 'CSV' is only for CSV uploads");
        return src;
    }

    private static void readAddress(JsonNode value, LeadDraft d) {
        if (value.isNull()) return;
        if (!value.isObject()) throw new CaptureException("'address' must be an object");
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            String path = "address." + e.getKey();
            if (!ADDRESS_TEXT.contains(e.getKey())) throw new CaptureException("unknown field '" + path + "'");
            d.set(LeadField.byApiName(e.getKey()).orElseThrow(), text(e.getValue(), path));
        }
    }

    private static void readCustomFields(JsonNode value, LeadDraft d) {
        if (value.isNull()) return;
        if (!value.isObject()) throw new CaptureException("'customFields' must be an object");
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            if (e.getKey().isBlank()) throw new CaptureException("'customFields' has an empty key");
            d.custom(e.getKey(), text(e.getValue(), "customFields." + e.getKey()));
        }
    }

    private static void readQualifiers(JsonNode value, LeadDraft d) {
        if (value.isNull()) return;
        if (!value.isObject()) throw new CaptureException("'qualifiers' must be an object");
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            String name = e.getKey();
            String path = "qualifiers." + name;
            if (name.isBlank()) throw new CaptureException("'qualifiers' has an empty name");
            JsonNode v = e.getValue();
            if (v.isNull()) continue;
            if (v.isTextual()) {
                d.qualifier(name, v.textValue());
            } else if (v.isArray()) {
                for (JsonNode item : v) {
                    if (!item.isTextual())
                        throw new CaptureException("'" + path + "' must be a string or an array of strings");
                    d.qualifier(name, item.textValue());
                }
            } else {
                throw new CaptureException("'" + path + "' must be a string or an array of strings");
            }
        }
    }

    private static void readActivities(JsonNode value, LeadDraft d) {
        if (value.isNull()) return;
        if (!value.isArray()) throw new CaptureException("'activities' must be an array");
        int i = 0;
        for (JsonNode a : value) {
            String base = "activities[" + i++ + "]";
            if (!a.isObject()) throw new CaptureException("'" + base + "' must be an object");
            for (Map.Entry<String, JsonNode> p : a.properties()) {
                String n = p.getKey();
                if (!ACTIVITY_PROPS.contains(n)) throw new CaptureException("unknown field '" + base + "." + n + "'");
            }
            String typeText = text(a.get("type"), base + ".type");
            if (typeText == null) throw new CaptureException("'" + base + ".type' is required");
            ActivityType type;
            try {
                type = ActivityType.valueOf(typeText);
            } catch (IllegalArgumentException e) {
                throw new CaptureException(
                        "unknown activity type '" + LeadValidation.abbreviate(typeText) + "' in '" + base + ".type'");
            }
            d.activities()
                    .add(new LeadDraft.ActivityDraft(
                            blankToNull(text(a.get("id"), base + ".id")),
                            type,
                            timestamp(a.get("occurredAt"), base + ".occurredAt"),
                            blankToNull(text(a.get("subject"), base + ".subject")),
                            blankToNull(text(a.get("notes"), base + ".notes"))));
        }
    }

    /** The text of a string node; null for a missing or null node; anything else is refused. */
    private static String text(JsonNode v, String path) {
        if (v == null || v.isNull() || v.isMissingNode()) return null;
        if (!v.isTextual()) throw new CaptureException("'" + path + "' must be a string");
        return v.textValue();
    }

    private static Instant timestamp(JsonNode v, String path) {
        String s = text(v, path);
        if (s == null || s.isBlank()) return null;
        return parseInstant(s.strip(), path);
    }

    /** ISO-8601 with a zone: {@code 2026-11-20T10:15:00Z} or {@code 2026-11-20T11:15:00+01:00}. */
    static Instant parseInstant(String s, String path) {
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                throw new CaptureException("'" + path + "' is not an ISO-8601 timestamp");
            }
        }
    }

    private static String blankToNull(String s) {
        if (s == null) return null;
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }
}

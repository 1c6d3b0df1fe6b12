package io.leadhub.connector.salesforce;

import io.leadhub.connector.ErrorCategory;
import io.leadhub.mapping.FieldMapping;
import io.leadhub.mapping.MappingRepository;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks one record's values against the sObject's describe before anything is sent (SPEC §7):
 * a field the org does not have or does not show to the integration user → MISSING_REMOTE_FIELD; a
 * field the user may not write → PERMISSION; a value outside a restricted picklist →
 * DATA_VALUE_VALIDATION; text longer than the field → VALUE_TOO_LONG unless the mapping row
 * truncates (then it is cut); a create without a required field → MISSING_REQUIRED_FIELD.
 */
final class FieldCheck {
    private FieldCheck() {}

    /** Why a record cannot be sent. {@code code} names the Salesforce error it would have caused. */
    record Problem(ErrorCategory category, String code, String message) {}

    /** The integration's mapping rows: lower-case object -> lower-case vendor field -> row (the {@code rows} of a check). */
    static Map<String, Map<String, FieldMapping>> rowsByObject(MappingRepository mappings, long integrationId) {
        Map<String, Map<String, FieldMapping>> out = new HashMap<>();
        mappings.allFields(integrationId).forEach((object, list) -> {
            Map<String, FieldMapping> byField = new HashMap<>();
            list.forEach(r -> byField.put(r.vendorField().toLowerCase(Locale.ROOT), r));
            out.put(object.toLowerCase(Locale.ROOT), byField);
        });
        return out;
    }

    /**
     * Checks (and truncates, where the mapping allows) {@code values} in place.
     *
     * @param rows the mapping rows of the object, by lower-case vendor field (for {@code truncate})
     * @return the first problem, or null when the record may be sent
     */
    static Problem check(
            SalesforceMetadata.Describe describe,
            Map<String, Object> values,
            boolean create,
            Map<String, FieldMapping> rows) {
        for (var e : values.entrySet()) {
            String name = e.getKey();
            if (name.equals("attributes") || name.equalsIgnoreCase("id")) continue;
            SalesforceMetadata.Field f = describe.field(name);
            if (f == null) {
                return new Problem(
                        ErrorCategory.MISSING_REMOTE_FIELD,
                        "INVALID_FIELD",
                        "No such column '" + name + "' on sobject of type " + describe.object()
                                + " (the field does not exist or is not visible to the integration user)");
            }
            if (create ? !f.createable() : !f.updateable()) {
                return new Problem(
                        ErrorCategory.PERMISSION,
                        "INVALID_FIELD_FOR_INSERT_UPDATE",
                        describe.object() + "." + f.name() + " is not " + (create ? "createable" : "updateable")
                                + " for the integration user");
            }
            Object value = e.getValue();
            if (value == null) continue;
            String text = value.toString();
            if (f.restrictedPicklist() && !f.picklist().isEmpty()) {
                List<String> chosen = "multipicklist".equals(f.type()) ? Arrays.asList(text.split(";")) : List.of(text);
                for (String c : chosen) {
                    if (!f.picklist().contains(c)) {
                        return new Problem(
                                ErrorCategory.DATA_VALUE_VALIDATION,
                                "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                                describe.object() + "." + f.name() + ": bad value for restricted picklist field: " + c
                                        + " (allowed: " + String.join(", ", f.picklist()) + ")");
                    }
                }
            }
            if (f.textual() && f.length() > 0 && text.length() > f.length()) {
                FieldMapping row = rows.get(name.toLowerCase(Locale.ROOT));
                if (row != null && Boolean.TRUE.equals(row.truncate())) {
                    e.setValue(text.substring(0, f.length()));
                } else {
                    return new Problem(
                            ErrorCategory.VALUE_TOO_LONG,
                            "STRING_TOO_LONG",
                            describe.object() + "." + f.name() + ": data value too large (" + text.length()
                                    + " characters, max length=" + f.length() + ")");
                }
            }
        }
        if (create) {
            Set<String> present = values.entrySet().stream()
                    .filter(e ->
                            e.getValue() != null && !e.getValue().toString().isBlank())
                    .map(e -> e.getKey().toLowerCase(Locale.ROOT))
                    .collect(Collectors.toSet());
            List<String> missing = new ArrayList<>();
            for (SalesforceMetadata.Field f : describe.fields().values()) {
                if (f.requiredOnCreate() && !present.contains(f.name().toLowerCase(Locale.ROOT))) missing.add(f.name());
            }
            if (!missing.isEmpty()) {
                return new Problem(
                        ErrorCategory.MISSING_REQUIRED_FIELD,
                        "REQUIRED_FIELD_MISSING",
                        describe.object() + ": Required fields are missing: " + missing);
            }
        }
        return null;
    }
}

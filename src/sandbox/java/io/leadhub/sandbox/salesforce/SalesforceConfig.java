package io.leadhub.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimulatorResponseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The simulated org's run-time settings ({@code GET/POST /sandbox/salesforce/_config}). A POST
 * replaces each setting it names and leaves the others alone; {@code _reset} restores the defaults.
 */
final class SalesforceConfig {

    static final long DEFAULT_SESSION_TIMEOUT = 7200;
    static final long DEFAULT_DAILY_LIMIT = 100_000;

    /**
     * A validation rule: on writes to {@code object}, the record (after the write) is refused with
     * FIELD_CUSTOM_VALIDATION_EXCEPTION when {@code field} meets {@code condition}: {@code blank},
     * {@code notBlank}, {@code equals} / {@code notEquals} (value, case-insensitive), {@code matches} /
     * {@code notMatches} (regex on the whole value; a blank value never matches).
     */
    record ValidationRule(
            String object,
            String name,
            String field,
            String condition,
            String value,
            Pattern regex,
            String message,
            String errorField) {

        ObjectNode toJson() {
            ObjectNode n = SandboxJson.object()
                    .put("object", object)
                    .put("name", name)
                    .put("field", field)
                    .put("condition", condition)
                    .put("message", message);
            if (value != null) {
                n.put("value", value);
            }
            if (errorField != null) {
                n.put("errorField", errorField);
            }
            return n;
        }
    }

    /**
     * A duplicate rule: a new or changed {@code object} record whose {@code fields} all equal
     * (case-insensitively, blanks never match) those of an existing record of {@code object} or of
     * {@code alsoMatch} objects is a duplicate. {@code action}: {@code block} (always refused) or
     * {@code alert} (refused unless the request says {@code Sforce-Duplicate-Rule-Header: allowSave=true}).
     * As in Salesforce, the records of one sObject Collections call are not compared with each other.
     */
    record DuplicateRule(String object, String name, List<String> fields, String action, List<String> alsoMatch) {

        ObjectNode toJson() {
            ObjectNode n =
                    SandboxJson.object().put("object", object).put("name", name).put("action", action);
            fields.forEach(n.putArray("fields")::add);
            alsoMatch.forEach(n.putArray("alsoMatch")::add);
            return n;
        }
    }

    long sessionTimeoutSeconds = DEFAULT_SESSION_TIMEOUT;
    long dailyApiLimit = DEFAULT_DAILY_LIMIT;
    List<ValidationRule> validationRules = List.of();
    List<DuplicateRule> duplicateRules = List.of();
    /** Field-level security: fields the integration user cannot see, per object. */
    Map<String, Set<String>> hiddenFields = Map.of();
    /** Record-level access: ids the integration user may read but not change. */
    Set<String> readOnlyRecords = Set.of();
    /** Field-level security "read only": fields the integration user sees but may not set, per object. */
    Map<String, Set<String>> readOnlyFields = Map.of();

    synchronized ObjectNode toJson() {
        ObjectNode n = SandboxJson.object();
        n.put("sessionTimeoutSeconds", sessionTimeoutSeconds);
        n.put("dailyApiLimit", dailyApiLimit);
        ArrayNode rules = n.putArray("validationRules");
        validationRules.forEach(r -> rules.add(r.toJson()));
        ArrayNode dups = n.putArray("duplicateRules");
        duplicateRules.forEach(r -> dups.add(r.toJson()));
        ObjectNode hidden = n.putObject("hiddenFields");
        hiddenFields.forEach((o, fs) -> fs.forEach(hidden.withArray(o)::add));
        ArrayNode ro = n.putArray("readOnlyRecords");
        readOnlyRecords.forEach(ro::add);
        ObjectNode roFields = n.putObject("readOnlyFields");
        readOnlyFields.forEach((o, fs) -> fs.forEach(roFields.withArray(o)::add));
        return n;
    }

    synchronized void apply(JsonNode body, SalesforceCatalog catalog) {
        if (body == null || !body.isObject()) {
            throw bad("the configuration must be a JSON object");
        }
        long timeout = sessionTimeoutSeconds;
        long limit = dailyApiLimit;
        List<ValidationRule> rules = validationRules;
        List<DuplicateRule> dups = duplicateRules;
        Map<String, Set<String>> hidden = hiddenFields;
        Set<String> readOnly = readOnlyRecords;
        Map<String, Set<String>> roFields = readOnlyFields;
        var names = body.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            JsonNode v = body.get(key);
            switch (key) {
                case "sessionTimeoutSeconds" -> {
                    timeout = v.asLong();
                    if (timeout < 1) {
                        throw bad("sessionTimeoutSeconds must be at least 1");
                    }
                }
                case "dailyApiLimit" -> {
                    limit = v.asLong();
                    if (limit < 1) {
                        throw bad("dailyApiLimit must be at least 1");
                    }
                }
                case "validationRules" -> rules = validationRules(v, catalog);
                case "duplicateRules" -> dups = duplicateRules(v, catalog);
                case "hiddenFields" -> hidden = fieldsByObject(v, catalog, "hiddenFields");
                case "readOnlyFields" -> roFields = fieldsByObject(v, catalog, "readOnlyFields");
                case "readOnlyRecords" -> {
                    Set<String> ids = new LinkedHashSet<>();
                    for (JsonNode id : v) {
                        String normalized = SalesforceIds.normalize(id.asText());
                        if (normalized == null) {
                            throw bad("readOnlyRecords: not a record id: " + id.asText());
                        }
                        ids.add(normalized);
                    }
                    readOnly = Set.copyOf(ids);
                }
                default ->
                    throw bad("unknown setting " + key + " (known: sessionTimeoutSeconds, dailyApiLimit, "
                            + "validationRules, duplicateRules, hiddenFields, readOnlyFields, readOnlyRecords)");
            }
        }
        sessionTimeoutSeconds = timeout;
        dailyApiLimit = limit;
        validationRules = rules;
        duplicateRules = dups;
        hiddenFields = hidden;
        readOnlyRecords = readOnly;
        readOnlyFields = roFields;
    }

    synchronized void reset() {
        sessionTimeoutSeconds = DEFAULT_SESSION_TIMEOUT;
        dailyApiLimit = DEFAULT_DAILY_LIMIT;
        validationRules = List.of();
        duplicateRules = List.of();
        hiddenFields = Map.of();
        readOnlyRecords = Set.of();
        readOnlyFields = Map.of();
    }

    synchronized boolean hidden(String object, String field) {
        return hiddenFields.getOrDefault(object, Set.of()).contains(field);
    }

    synchronized boolean readOnly(String object, String field) {
        return readOnlyFields.getOrDefault(object, Set.of()).contains(field);
    }

    private static List<ValidationRule> validationRules(JsonNode v, SalesforceCatalog catalog) {
        List<ValidationRule> out = new ArrayList<>();
        int i = 0;
        for (JsonNode r : v) {
            i++;
            String object = objectName(r, catalog, "validationRules");
            String field = fieldName(catalog, object, r.path("field").asText(null), "validationRules");
            String condition = r.path("condition").asText("blank");
            String value = r.hasNonNull("value") ? r.get("value").asText() : null;
            Pattern regex = null;
            switch (condition) {
                case "blank", "notBlank" -> {}
                case "equals", "notEquals" -> {
                    if (value == null) {
                        throw bad("validationRules: condition " + condition + " needs a value");
                    }
                }
                case "matches", "notMatches" -> {
                    if (value == null) {
                        throw bad("validationRules: condition " + condition + " needs a value (a regular expression)");
                    }
                    try {
                        regex = Pattern.compile(value);
                    } catch (PatternSyntaxException e) {
                        throw bad("validationRules: invalid regular expression " + value);
                    }
                }
                default ->
                    throw bad("validationRules: unknown condition " + condition
                            + " (blank, notBlank, equals, notEquals, matches, notMatches)");
            }
            String errorField = r.hasNonNull("errorField")
                    ? fieldName(catalog, object, r.get("errorField").asText(), "validationRules")
                    : null;
            String message = r.path("message").asText("Validation rule " + i + " failed");
            out.add(new ValidationRule(
                    object, r.path("name").asText("Rule_" + i), field, condition, value, regex, message, errorField));
        }
        return List.copyOf(out);
    }

    private static List<DuplicateRule> duplicateRules(JsonNode v, SalesforceCatalog catalog) {
        List<DuplicateRule> out = new ArrayList<>();
        for (JsonNode r : v) {
            String object = objectName(r, catalog, "duplicateRules");
            List<String> fields = new ArrayList<>();
            JsonNode fs =
                    r.has("fields") ? r.get("fields") : SandboxJson.array().add("Email");
            for (JsonNode f : fs) {
                fields.add(fieldName(catalog, object, f.asText(), "duplicateRules"));
            }
            List<String> also = new ArrayList<>();
            for (JsonNode o : r.path("alsoMatch")) {
                String other = catalog.object(o.asText())
                        .orElseThrow(() -> bad("duplicateRules: unknown object " + o.asText()))
                        .name();
                for (String f : fields) {
                    fieldName(catalog, other, f, "duplicateRules");
                }
                also.add(other);
            }
            String action = r.path("action").asText("block");
            if (!action.equals("block") && !action.equals("alert")) {
                throw bad("duplicateRules: action must be block or alert");
            }
            out.add(new DuplicateRule(
                    object,
                    r.path("name").asText(object + "_Duplicate_Rule"),
                    List.copyOf(fields),
                    action,
                    List.copyOf(also)));
        }
        return List.copyOf(out);
    }

    private static Map<String, Set<String>> fieldsByObject(JsonNode v, SalesforceCatalog catalog, String setting) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        var it = v.fields();
        while (it.hasNext()) {
            var e = it.next();
            String object = catalog.object(e.getKey())
                    .orElseThrow(() -> bad(setting + ": unknown object " + e.getKey()))
                    .name();
            Set<String> fields = new LinkedHashSet<>();
            for (JsonNode f : e.getValue()) {
                String name = fieldName(catalog, object, f.asText(), setting);
                if (name.equals("Id")) {
                    throw bad(setting + ": Id cannot be restricted");
                }
                fields.add(name);
            }
            out.put(object, Set.copyOf(fields));
        }
        return Map.copyOf(out);
    }

    private static String objectName(JsonNode r, SalesforceCatalog catalog, String where) {
        String o = r.path("object").asText(null);
        return catalog.object(o)
                .orElseThrow(() -> bad(where + ": unknown object " + o))
                .name();
    }

    private static String fieldName(SalesforceCatalog catalog, String object, String field, String where) {
        if (field == null) {
            throw bad(where + ": field missing");
        }
        return catalog.object(object)
                .flatMap(o -> o.field(field))
                .orElseThrow(() -> bad(where + ": no field " + field + " on " + object))
                .name();
    }

    static SimulatorResponseException bad(String message) {
        return new SimulatorResponseException(400, SandboxJson.object().put("error", message));
    }
}

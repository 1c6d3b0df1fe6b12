package io.leadhub.sandbox.salesforce;

import static io.leadhub.sandbox.salesforce.SalesforceRecordAccess.DATETIME;
import static io.leadhub.sandbox.salesforce.SalesforceRecordAccess.NAME;
import static io.leadhub.sandbox.salesforce.SalesforceRecordAccess.blank;
import static io.leadhub.sandbox.salesforce.SalesforceRecordAccess.uniqueField;
import static io.leadhub.sandbox.salesforce.SalesforceRecordAccess.uniqueKey;
import static io.leadhub.sandbox.salesforce.SalesforceRecordAccess.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorStore;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.Field;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.SObject;
import io.leadhub.sandbox.salesforce.SalesforceConfig.ValidationRule;
import io.leadhub.sandbox.salesforce.SalesforceOrg.SaveError;
import io.leadhub.sandbox.salesforce.SalesforceOrg.SaveResult;
import io.leadhub.sandbox.salesforce.SalesforceOrg.WriteOptions;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The save pipeline one record goes through on every write: field checks (type, length, e-mail,
 * picklists, references), required fields, unique fields, object rules, the org's validation
 * rules and duplicate rules, then the write itself.
 */
final class SalesforceSaves {

    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");

    private final SalesforceRecordAccess access;
    private final SalesforceCampaigns campaigns;
    private final SalesforceDuplicateRules duplicateRules;
    private final SimulatorStore store;
    private final SalesforceSimulator simulator;

    SalesforceSaves(
            SalesforceRecordAccess access, SalesforceCampaigns campaigns, SalesforceDuplicateRules duplicateRules) {
        this.access = access;
        this.campaigns = campaigns;
        this.duplicateRules = duplicateRules;
        this.store = access.store;
        this.simulator = access.simulator;
    }

    /**
     * The whole write pipeline for one record (inside the caller's transaction): field checks,
     * required fields, object rules, validation rules, duplicate rules, then the write.
     * {@code id} null = create.
     */
    SaveResult save(SObject o, String id, ObjectNode input, WriteOptions options) {
        boolean create = id == null;
        SimRecord existing = create ? null : store.findById(NAME, o.name(), id).orElse(null);
        if (!create && existing == null) {
            return SaveResult.failed(new SaveError("ENTITY_IS_DELETED", "entity is deleted", List.of()));
        }
        if (!create && !options.admin() && simulator.config.readOnlyRecords.contains(id)) {
            return SaveResult.failed(new SaveError(
                    "INSUFFICIENT_ACCESS_OR_READONLY", "insufficient access rights on object id", List.of()));
        }
        if (!create
                && o.name().equals("Lead")
                && existing.data().path("IsConverted").asBoolean(false)) {
            return SaveResult.failed(
                    new SaveError("CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead", List.of()));
        }
        ObjectNode changes = SandboxJson.object();
        List<String> notWritable = new ArrayList<>();
        var it = input.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().equals("attributes")) {
                continue;
            }
            Optional<Field> field = options.admin() ? o.field(e.getKey()) : access.visibleField(o, e.getKey());
            if (field.isEmpty()) {
                return SaveResult.failed(new SaveError(
                        "INVALID_FIELD",
                        "No such column '" + e.getKey() + "' on sobject of type " + o.name(),
                        List.of()));
            }
            Field f = field.get();
            if (f.name().equals("Id")) {
                return SaveResult.failed(new SaveError(
                        "INVALID_FIELD", "The Id field should not be specified in the sobject data.", List.of()));
            }
            boolean writable = options.admin()
                    ? (create ? f.createable() : f.updateable())
                    : (create ? access.createable(o, f) : access.updateable(o, f));
            if (!writable) {
                notWritable.add(f.name());
                continue;
            }
            SaveError problem = checkValue(f, e.getValue());
            if (problem != null) {
                return SaveResult.failed(problem);
            }
            changes.set(f.name(), normalize(f, e.getValue()));
        }
        if (!notWritable.isEmpty()) {
            return SaveResult.failed(new SaveError(
                    "INVALID_FIELD_FOR_INSERT_UPDATE",
                    "Unable to create/update fields: "
                            + String.join(", ", notWritable)
                            + ". Please check the security settings of this field and verify that "
                            + "it is read/write for your profile or permission set.",
                    notWritable));
        }
        ObjectNode data = create ? SandboxJson.object() : existing.dataCopy();
        if (create) {
            for (Field f : o.fields().values()) {
                if (f.defaultValue() != null && !f.system()) {
                    data.set(
                            f.name(),
                            f.type().equals("boolean")
                                    ? JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(f.defaultValue()))
                                    : JsonNodeFactory.instance.textNode(f.defaultValue()));
                }
            }
            if (o.field("OwnerId").isPresent()) {
                data.put("OwnerId", SalesforceSimulator.USER_ID);
            }
        }
        changes.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                data.remove(e.getKey());
            } else {
                data.set(e.getKey(), e.getValue());
            }
        });
        List<String> missing = new ArrayList<>();
        for (Field f : o.fields().values()) {
            if (f.required() && blank(data.get(f.name()))) {
                missing.add(f.name());
            }
        }
        if (!missing.isEmpty()) {
            return SaveResult.failed(
                    new SaveError("REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing, missing));
        }
        SaveError objectRule = objectRules(o, id, data, existing);
        if (objectRule != null) {
            return SaveResult.failed(objectRule);
        }
        for (ValidationRule rule : options.admin() ? List.<ValidationRule>of() : simulator.config.validationRules) {
            if (rule.object().equals(o.name()) && violates(rule, data.get(rule.field()))) {
                return SaveResult.failed(new SaveError(
                        "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                        rule.message(),
                        rule.errorField() == null ? List.of() : List.of(rule.errorField())));
            }
        }
        SaveError duplicate = duplicateRules.duplicates(o, id, data, options);
        if (duplicate != null) {
            return SaveResult.failed(duplicate);
        }
        String now = access.nowDateTime();
        data.put("IsDeleted", false);
        data.put("LastModifiedDate", now);
        if (create) {
            data.put("CreatedDate", now);
            String newId = access.newId(o);
            store.insert(NAME, o.name(), newId, uniqueKey(o, data), data);
            campaigns.afterSave(o, newId, data);
            return new SaveResult(newId, true, List.of());
        }
        store.update(NAME, o.name(), id, uniqueKey(o, data), data);
        campaigns.afterSave(o, id, data);
        return new SaveResult(id, false, List.of());
    }

    SaveError checkValue(Field f, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isContainerNode()) {
            return new SaveError(
                    "JSON_PARSER_ERROR",
                    "Cannot deserialize instance of " + f.type() + " from "
                            + (v.isArray() ? "START_ARRAY" : "START_OBJECT") + " value for field " + f.name(),
                    List.of(f.name()));
        }
        String s = v.asText();
        switch (f.type()) {
            case "boolean" -> {
                if (!v.isBoolean() && !s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
                    return typeError(f, s);
                }
                return null;
            }
            case "double", "currency", "int" -> {
                try {
                    BigDecimal d = new BigDecimal(s.trim());
                    if (f.type().equals("int") && d.stripTrailingZeros().scale() > 0) {
                        return typeError(f, s);
                    }
                } catch (NumberFormatException e) {
                    return typeError(f, s);
                }
                return null;
            }
            case "date" -> {
                try {
                    LocalDate.parse(s.length() > 10 && s.charAt(10) == 'T' ? s.substring(0, 10) : s);
                } catch (RuntimeException e) {
                    return typeError(f, s);
                }
                return null;
            }
            case "datetime" -> {
                return SoqlParser.instant(s) == null ? typeError(f, s) : null;
            }
            case "reference" -> {
                if (s.isEmpty()) {
                    return null;
                }
                if (!SalesforceIds.looksLikeId(s)) {
                    return new SaveError(
                            "MALFORMED_ID", f.label() + ": id value of incorrect type: " + s, List.of(f.name()));
                }
                String normalized = SalesforceIds.normalize(s);
                boolean exists = f.referenceTo().stream()
                        .anyMatch(ref -> ref.equals("User")
                                ? normalized.equals(SalesforceSimulator.USER_ID)
                                : store.findById(NAME, ref, normalized).isPresent());
                if (!exists) {
                    return new SaveError(
                            "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of(f.name()));
                }
                if (normalized.startsWith("00Q")
                        && store.findById(NAME, "Lead", normalized)
                                .map(r -> r.data().path("IsConverted").asBoolean())
                                .orElse(false)) {
                    return new SaveError(
                            "CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead", List.of(f.name()));
                }
                return null;
            }
            default -> {
                // text types below
            }
        }
        if (s.isEmpty()) {
            return null;
        }
        if (f.length() != null && s.length() > f.length()) {
            return new SaveError(
                    "STRING_TOO_LONG",
                    f.label() + ": data value too large: " + s + " (max length=" + f.length() + ")",
                    List.of(f.name()));
        }
        if (f.type().equals("email") && !EMAIL.matcher(s).matches()) {
            return new SaveError(
                    "INVALID_EMAIL_ADDRESS", f.label() + ": invalid email address: " + s, List.of(f.name()));
        }
        if (f.picklist() && f.restricted()) {
            List<String> values = f.type().equals("multipicklist") ? List.of(s.split(";")) : List.of(s);
            for (String one : values) {
                if (!f.values().contains(one)) {
                    return new SaveError(
                            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                            f.label() + ": bad value for restricted picklist field: " + one,
                            List.of(f.name()));
                }
            }
        }
        return null;
    }

    static SaveError typeError(Field f, String s) {
        return new SaveError(
                "INVALID_TYPE_ON_FIELD_IN_RECORD", f.label() + ": value not of required type: " + s, List.of(f.name()));
    }

    static JsonNode normalize(Field f, JsonNode v) {
        var nf = JsonNodeFactory.instance;
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
            return nf.nullNode();
        }
        String s = v.asText();
        return switch (f.type()) {
            case "boolean" -> nf.booleanNode(v.isBoolean() ? v.asBoolean() : Boolean.parseBoolean(s));
            case "double", "currency" -> nf.numberNode(new BigDecimal(s.trim()).doubleValue());
            case "int" -> nf.numberNode(new BigDecimal(s.trim()).intValue());
            case "date" -> nf.textNode(s.length() > 10 ? s.substring(0, 10) : s);
            case "datetime" -> nf.textNode(DATETIME.format(SoqlParser.instant(s)));
            case "reference" -> nf.textNode(SalesforceIds.normalize(s));
            default -> nf.textNode(s);
        };
    }

    static boolean violates(ValidationRule rule, JsonNode value) {
        String s = blank(value) ? "" : value.asText();
        return switch (rule.condition()) {
            case "blank" -> s.isBlank();
            case "notBlank" -> !s.isBlank();
            case "equals" -> s.equalsIgnoreCase(rule.value());
            case "notEquals" -> !s.equalsIgnoreCase(rule.value());
            case "matches" -> !s.isBlank() && rule.regex().matcher(s).matches();
            default -> !s.isBlank() && !rule.regex().matcher(s).matches();
        };
    }

    /** Campaign members and statuses, unique fields. */
    SaveError objectRules(SObject o, String id, ObjectNode data, SimRecord existing) {
        Optional<Field> unique = uniqueField(o);
        if (unique.isPresent() && !blank(data.get(unique.get().name()))) {
            Optional<SimRecord> other = store.findByUniqueKey(NAME, o.name(), uniqueKey(o, data));
            if (other.isPresent() && !other.get().id().equals(id)) {
                return new SaveError(
                        "DUPLICATE_VALUE",
                        "duplicate value found: " + unique.get().name() + " duplicates value on record with id: "
                                + other.get().id(),
                        List.of(unique.get().name()));
            }
        }
        if (o.name().equals("CampaignMember")) {
            return campaigns.campaignMemberRules(id, data);
        }
        if (o.name().equals("CampaignMemberStatus")) {
            return campaigns.memberStatusRules(id, data, existing);
        }
        return null;
    }
}

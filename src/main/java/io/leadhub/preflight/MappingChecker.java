package io.leadhub.preflight;

import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.RemoteField;
import io.leadhub.connector.RemoteObject;
import io.leadhub.connector.WritePolicy;
import io.leadhub.lead.Lead;
import io.leadhub.mapping.FieldMapping;
import io.leadhub.mapping.MappingProcessor;
import io.leadhub.mapping.QualifierMapping;
import io.leadhub.org.Qualifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The readiness checks that are the same for every vendor, run on the vendor's metadata as the
 * connector described it ({@link RemoteObject}): every mapped object readable and writable by the
 * connected user, every mapped field present and writable, the vendor's required fields covered,
 * every qualifier value mapped to an option the vendor's picklist has, and the text of recent leads
 * short enough for the vendor's fields.
 */
final class MappingChecker {
    private final String vendor;
    private final List<Finding> findings;
    private final List<String> checked;
    private final Set<String> fieldsSeen = new HashSet<>();

    MappingChecker(String vendor, List<Finding> findings, List<String> checked) {
        this.vendor = vendor;
        this.findings = findings;
        this.checked = checked;
    }

    /** Objects, their mapped fields and required fields. */
    void objects(
            Map<String, RemoteObject> remote,
            Map<String, List<FieldMapping>> fields,
            List<QualifierMapping> qualifiers) {
        for (RemoteObject o : remote.values()) {
            String object = o.object();
            if (!o.found()) {
                findings.add(Finding.error(
                        "objects",
                        object,
                        null,
                        "The connected " + vendor + " user cannot read " + o.vendorObject() + ": " + o.problem(),
                        ErrorCategory.PERMISSION,
                        "Give the integration user access to " + o.vendorObject() + ", or clear the " + object
                                + " mapping."));
                continue;
            }
            if (!o.used()) {
                checked.add(object + ": mapped but not written under the integration's settings; not checked");
                continue;
            }
            boolean objectOk = true;
            if (o.creates() && !o.createable()) {
                objectOk = false;
                findings.add(Finding.error(
                        "permissions",
                        object,
                        null,
                        "The connected " + vendor + " user may not create " + o.vendorObject() + " records.",
                        ErrorCategory.PERMISSION,
                        "Grant the integration user create access to " + o.vendorObject() + "."));
            }
            if (o.updates() && !o.updateable()) {
                objectOk = false;
                findings.add(Finding.error(
                        "permissions",
                        object,
                        null,
                        "The connected " + vendor + " user may not update " + o.vendorObject() + " records.",
                        ErrorCategory.PERMISSION,
                        "Grant the integration user edit access to " + o.vendorObject() + "."));
            }
            if (objectOk)
                checked.add(object + ": the connected user may " + verbs(o) + " " + o.vendorObject() + " records");
            if (!o.fieldsKnown()) {
                checked.add(object + ": " + vendor + " publishes no field metadata for " + o.vendorObject()
                        + "; its fields are checked by the first sync");
                continue;
            }
            int ok = 0;
            List<FieldMapping> rows = fields.getOrDefault(object, List.of());
            for (FieldMapping row : rows) {
                if (field(o, row.vendorField(), row.writePolicy(), "fields")) ok++;
            }
            if (!rows.isEmpty())
                checked.add(object + ": " + ok + " of " + rows.size()
                        + " mapped fields exist and are writable by the connected user");
            if (o.creates()) required(o, rows, qualifiers);
        }
    }

    /**
     * Checks one mapped vendor field (once per object and field): it exists and the connected user
     * may write it when the hub creates or updates records. Answers whether it is fine.
     */
    boolean field(RemoteObject o, String name, WritePolicy policy, String check) {
        if (!fieldsSeen.add(o.object() + "\u0000" + name.toLowerCase(Locale.ROOT))) return true;
        RemoteField f = o.field(name);
        if (f == null) {
            findings.add(Finding.error(
                    check,
                    o.object(),
                    name,
                    o.vendorObject() + " has no field '" + name + "' (or the connected user cannot see it).",
                    ErrorCategory.MISSING_REMOTE_FIELD,
                    "Create the field in " + vendor + " and show it to the integration user, or remove it from the "
                            + o.object() + " mapping."));
            return false;
        }
        boolean onCreate = o.creates() && !f.createable();
        boolean onUpdate = o.updates() && !f.updateable() && policy != WritePolicy.CREATE_ONLY;
        if (!onCreate && !onUpdate) return true;
        String what = onCreate && (onUpdate || !o.updates())
                ? o.vendorObject() + "." + f.name() + " is read-only for the connected user."
                : onCreate
                        ? o.vendorObject() + "." + f.name()
                                + " cannot be set by the connected user when a record is created."
                        : o.vendorObject() + "." + f.name()
                                + " cannot be changed by the connected user on an existing record.";
        findings.add(Finding.error(
                check,
                o.object(),
                f.name(),
                what,
                ErrorCategory.PERMISSION,
                "Give the integration user edit access to " + f.name()
                        + " (field-level security), or remove it from the " + o.object() + " mapping"
                        + (onCreate ? "." : " or set its writePolicy to CREATE_ONLY.")));
        return false;
    }

    private void required(RemoteObject o, List<FieldMapping> rows, List<QualifierMapping> qualifiers) {
        Set<String> covered = new HashSet<>();
        rows.forEach(r -> covered.add(r.vendorField().toLowerCase(Locale.ROOT)));
        qualifiers.stream()
                .filter(q -> q.object().equals(o.object()))
                .forEach(q -> covered.add(q.vendorField().toLowerCase(Locale.ROOT)));
        List<String> missing = new ArrayList<>();
        for (RemoteField f : o.fields().values()) {
            if (f.requiredOnCreate() && !covered.contains(f.name().toLowerCase(Locale.ROOT))) missing.add(f.name());
        }
        if (missing.isEmpty()) {
            checked.add(object(o) + ": every field " + vendor + " requires on create is mapped");
            return;
        }
        findings.add(Finding.error(
                "required fields",
                o.object(),
                String.join(", ", missing),
                o.vendorObject() + " requires " + missing + " on create; no mapping row fills "
                        + (missing.size() == 1 ? "it" : "them") + ".",
                ErrorCategory.MISSING_REQUIRED_FIELD,
                "Map a hub field to " + String.join(", ", missing) + " in the " + o.object() + " mapping."));
    }

    private static String object(RemoteObject o) {
        return o.object();
    }

    /**
     * The org's qualifiers against the qualifier mappings: every value of a qualifier mapped by
     * option has a row, and the row's option is one the vendor's restricted picklist has.
     */
    void qualifiers(
            Map<String, RemoteObject> remote, List<Qualifier> qualifiers, List<QualifierMapping> rows, String event) {
        Map<String, List<QualifierMapping>> byQualifier = new LinkedHashMap<>();
        rows.forEach(r -> byQualifier
                .computeIfAbsent(r.qualifier(), k -> new ArrayList<>())
                .add(r));
        for (Qualifier q : qualifiers) {
            if (!q.active() || (event != null && !q.appliesTo(event))) continue;
            List<QualifierMapping> mapped = byQualifier.get(q.name());
            if (mapped == null) {
                checked.add("qualifier '" + q.name() + "': not mapped for " + vendor + "; not sent");
                continue;
            }
            QualifierMapping asText =
                    mapped.stream().filter(r -> r.value() == null).findFirst().orElse(null);
            if (asText != null) {
                RemoteObject o = remote.get(asText.object());
                if (o != null && o.found() && o.used() && o.fieldsKnown())
                    field(o, asText.vendorField(), WritePolicy.ALWAYS, "qualifiers");
                checked.add("qualifier '" + q.name() + "': sent as text to " + asText.object() + "."
                        + asText.vendorField());
                continue;
            }
            int ok = 0;
            for (String value : q.values()) {
                QualifierMapping row = mapped.stream()
                        .filter(r -> value.equals(r.value()))
                        .findFirst()
                        .orElse(null);
                if (row == null) {
                    findings.add(Finding.error(
                            "qualifiers",
                            mapped.get(0).object(),
                            mapped.get(0).vendorField(),
                            "Qualifier '" + q.name() + "' value '" + value + "' has no " + vendor
                                    + " mapping: leads tagged '" + value + "' fail before any call.",
                            ErrorCategory.NO_TAG_MAPPING,
                            "Map '" + value + "' to an option of "
                                    + mapped.get(0).vendorField() + " (PUT …/integrations/" + vendor
                                    + "/qualifier-mappings)."));
                    continue;
                }
                if (option(remote.get(row.object()), q, row)) ok++;
            }
            if (ok == q.values().size())
                checked.add("qualifier '" + q.name() + "': all " + ok + " values mapped to options "
                        + mapped.get(0).vendorField() + " has");
        }
    }

    private boolean option(RemoteObject o, Qualifier q, QualifierMapping row) {
        if (o == null || !o.found() || !o.used() || !o.fieldsKnown()) return true;
        if (!field(o, row.vendorField(), WritePolicy.ALWAYS, "qualifiers")) return false;
        RemoteField f = o.field(row.vendorField());
        if (!f.restricted() || f.options().isEmpty() || f.options().contains(row.vendorValue())) return true;
        findings.add(Finding.error(
                "qualifiers",
                o.object(),
                f.name(),
                "Qualifier '" + q.name() + "' value '" + row.value() + "' is mapped to '" + row.vendorValue()
                        + "', which is not an option of " + o.vendorObject() + "." + f.name() + " (options: "
                        + String.join(", ", f.options()) + ").",
                ErrorCategory.DATA_VALUE_VALIDATION,
                "Add the option '" + row.vendorValue() + "' to the picklist in " + vendor
                        + ", or map the value to an existing option."));
        return false;
    }

    /**
     * The org's recent leads against the shortest of each mapped text field's limits (the vendor
     * field's length, the mapping row's maxLength): leads whose value is longer would fail with
     * VALUE_TOO_LONG unless the row truncates.
     */
    void lengths(
            Map<String, RemoteObject> remote,
            Map<String, List<FieldMapping>> fields,
            List<Lead> recent,
            Map<String, String> eventNames) {
        if (recent.isEmpty()) {
            checked.add("text lengths: the org has no leads yet to compare with the field lengths");
            return;
        }
        int limited = 0;
        for (var e : fields.entrySet()) {
            RemoteObject o = remote.get(e.getKey());
            if (o == null || !o.found() || !o.used()) continue;
            for (FieldMapping row : e.getValue()) {
                if (Boolean.TRUE.equals(row.truncate())) continue;
                RemoteField f = o.field(row.vendorField());
                Integer limit = row.maxLength();
                if (f != null && f.maxLength() != null && (limit == null || f.maxLength() < limit))
                    limit = f.maxLength();
                if (limit == null) continue;
                limited++;
                int tooLong = 0;
                int longest = 0;
                for (Lead lead : recent) {
                    String value;
                    try {
                        value = MappingProcessor.hubValue(lead, row.hubField(), eventNames.get(lead.eventId()));
                    } catch (RuntimeException unknownHubField) {
                        break;
                    }
                    if (value != null && value.length() > limit) {
                        tooLong++;
                        longest = Math.max(longest, value.length());
                    }
                }
                if (tooLong > 0) {
                    findings.add(Finding.warning(
                            "text lengths",
                            o.object(),
                            row.vendorField(),
                            tooLong + " of the org's " + recent.size() + " most recent leads have a " + row.hubField()
                                    + " longer than " + o.vendorObject() + "." + row.vendorField() + " allows ("
                                    + limit + " characters; the longest has " + longest + "): they fail.",
                            ErrorCategory.VALUE_TOO_LONG,
                            "Set truncate: true on the " + row.hubField() + " mapping row, or shorten the values."));
                }
            }
        }
        checked.add("text lengths: " + limited + " mapped fields with a length limit compared with the org's "
                + recent.size() + " most recent leads");
    }

    private static String verbs(RemoteObject o) {
        return o.creates() && o.updates() ? "create and update" : o.creates() ? "create" : "update";
    }
}

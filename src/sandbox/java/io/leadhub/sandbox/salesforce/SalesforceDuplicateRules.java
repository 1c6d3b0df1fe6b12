package io.leadhub.sandbox.salesforce;

import static io.leadhub.sandbox.salesforce.SalesforceOrg.url;
import static io.leadhub.sandbox.salesforce.SalesforceRecordAccess.NAME;
import static io.leadhub.sandbox.salesforce.SalesforceRecordAccess.blank;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorStore;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.SObject;
import io.leadhub.sandbox.salesforce.SalesforceConfig.DuplicateRule;
import io.leadhub.sandbox.salesforce.SalesforceOrg.SaveError;
import io.leadhub.sandbox.salesforce.SalesforceOrg.WriteOptions;
import java.util.ArrayList;
import java.util.List;

/** The org's duplicate rules: exact matches on the rule's fields, answered as Salesforce's DUPLICATES_DETECTED. */
final class SalesforceDuplicateRules {

    private final SimulatorStore store;
    private final SalesforceSimulator simulator;

    SalesforceDuplicateRules(SalesforceRecordAccess access) {
        this.store = access.store;
        this.simulator = access.simulator;
    }

    SaveError duplicates(SObject o, String id, ObjectNode data, WriteOptions options) {
        for (DuplicateRule rule : options.admin() ? List.<DuplicateRule>of() : simulator.config.duplicateRules) {
            if (!rule.object().equals(o.name())) {
                continue;
            }
            if (rule.fields().stream().anyMatch(f -> blank(data.get(f)))) {
                continue;
            }
            ArrayNode matchResults = SandboxJson.array();
            int total = 0;
            List<String> objects = new ArrayList<>();
            objects.add(o.name());
            objects.addAll(rule.alsoMatch());
            for (String other : objects) {
                ArrayNode matchRecords = SandboxJson.array();
                for (SimRecord r : store.list(NAME, other)) {
                    if (r.id().equals(id) || options.savedInThisCall().contains(r.id())) {
                        continue;
                    }
                    boolean all = rule.fields().stream()
                            .allMatch(f -> !blank(r.data().get(f))
                                    && r.data()
                                            .get(f)
                                            .asText()
                                            .equalsIgnoreCase(data.get(f).asText()));
                    if (all) {
                        ObjectNode rec = SandboxJson.object();
                        rec.putObject("attributes")
                                .put("type", other)
                                .put("url", url(options.version(), other, r.id()));
                        rec.put("Id", r.id());
                        matchRecords.addObject().putArray("additionalInformation");
                        ObjectNode mr = (ObjectNode) matchRecords.get(matchRecords.size() - 1);
                        mr.putArray("fieldDiffs");
                        mr.put("matchConfidence", 100.0);
                        mr.set("record", rec);
                    }
                }
                if (!matchRecords.isEmpty()) {
                    total += matchRecords.size();
                    ObjectNode m = matchResults.addObject();
                    m.put("entityType", other);
                    m.putArray("errors");
                    m.put("matchEngine", "ExactMatchEngine");
                    m.set("matchRecords", matchRecords);
                    m.put("rule", rule.name().replace("Duplicate_Rule", "Match_Rule"));
                    m.put("size", matchRecords.size());
                    m.put("success", true);
                }
            }
            if (total == 0) {
                continue;
            }
            boolean allowSave = rule.action().equals("alert");
            if (allowSave && options.allowDuplicateSave()) {
                continue;
            }
            String message = "You're creating a duplicate record. We recommend you use an existing record instead.";
            ObjectNode dr = SandboxJson.object();
            dr.put("allowSave", allowSave);
            dr.put("duplicateRule", rule.name());
            dr.put("duplicateRuleEntityType", o.name());
            dr.put("errorMessage", message);
            dr.set("matchResults", matchResults);
            return new SaveError(
                    "DUPLICATES_DETECTED",
                    message,
                    List.of(),
                    SandboxJson.object().set("duplicateResult", dr));
        }
        return null;
    }
}

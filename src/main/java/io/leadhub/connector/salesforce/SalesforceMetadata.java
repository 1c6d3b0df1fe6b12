package io.leadhub.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.connector.IntegrationCache;
import io.leadhub.integration.Integration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Describe metadata per integration and sObject (fields, types, lengths, restricted picklists,
 * required fields, references), and each campaign's ordered CampaignMemberStatus labels, reused
 * for {@code hub.vendors.salesforce.metadata-ttl} ({@link IntegrationCache}). An INVALID_FIELD answer drops the integration's
 * cache so the next batch describes again.
 */
@Component
class SalesforceMetadata {
    private final SalesforceApi api;
    /** Describes by lower-case sObject name. */
    private final IntegrationCache<Describe> describes;
    /** Each campaign's member statuses, lowest SortOrder first, by campaign id. */
    private final IntegrationCache<List<String>> statuses;

    SalesforceMetadata(SalesforceApi api, @Value("${hub.vendors.salesforce.metadata-ttl:PT10M}") Duration ttl) {
        this.api = api;
        this.describes = new IntegrationCache<>(ttl);
        this.statuses = new IntegrationCache<>(ttl);
    }

    /** One field of an sObject's describe. */
    record Field(
            String name,
            String type,
            int length,
            boolean nillable,
            boolean createable,
            boolean updateable,
            boolean defaultedOnCreate,
            boolean restrictedPicklist,
            Set<String> picklist,
            List<String> referenceTo) {
        boolean textual() {
            return switch (type) {
                case "string",
                        "textarea",
                        "email",
                        "phone",
                        "url",
                        "picklist",
                        "multipicklist",
                        "combobox",
                        "encryptedstring" -> true;
                default -> false;
            };
        }

        /** Salesforce would refuse a create without it. */
        boolean requiredOnCreate() {
            return !nillable && createable && !defaultedOnCreate && !"boolean".equals(type) && !"id".equals(type);
        }
    }

    /** An sObject's fields by lower-case name, and whether the integration user may create and update its records. */
    record Describe(String object, Map<String, Field> fields, boolean createable, boolean updateable) {
        Field field(String name) {
            return fields.get(name.toLowerCase(Locale.ROOT));
        }

        /** The first field that references {@code target} (e.g. a custom object's lookup to Lead). */
        String referenceTo(String target) {
            return fields.values().stream()
                    .filter(f -> f.referenceTo().contains(target) && f.createable())
                    .map(Field::name)
                    .findFirst()
                    .orElse(null);
        }
    }

    Describe describe(Integration integration, String sObject) {
        return describes.get(integration.id(), key(sObject), () -> read(integration, sObject));
    }

    /** The describe read now (the readiness check's live metadata), kept for the batches after it. */
    Describe refresh(Integration integration, String sObject) {
        return describes.put(integration.id(), key(sObject), read(integration, sObject));
    }

    /** A describe of {@code sObject} is cached and fresh, so a batch reads none. */
    boolean cached(Integration integration, String sObject) {
        return describes.cached(integration.id(), key(sObject));
    }

    private Describe read(Integration integration, String sObject) {
        return parse(sObject, api.describe(integration, sObject));
    }

    private static String key(String sObject) {
        return sObject.toLowerCase(Locale.ROOT);
    }

    void invalidate(long integrationId) {
        describes.forget(integrationId);
        statuses.forget(integrationId);
    }

    /** The ordered statuses of each campaign (one query for the campaigns not cached). Unknown campaigns are absent. */
    Map<String, List<String>> campaignStatuses(Integration integration, Collection<String> campaignIds) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : campaignIds) {
            statuses.fresh(integration.id(), id).ifPresentOrElse(s -> out.put(id, s), () -> missing.add(id));
        }
        if (!missing.isEmpty()) {
            Map<String, List<JsonNode>> rows = new LinkedHashMap<>();
            for (String soql : SoqlBuilder.lookups(
                    "CampaignId, Label, SortOrder",
                    "CampaignMemberStatus",
                    Map.of("CampaignId", missing),
                    null,
                    api.queryBudget(integration))) {
                for (JsonNode r : api.query(integration, soql)) {
                    rows.computeIfAbsent(r.path("CampaignId").asText(), k -> new ArrayList<>())
                            .add(r);
                }
            }
            rows.forEach((id, list) -> {
                List<String> ordered = list.stream()
                        .sorted(Comparator.comparingInt(r -> r.path("SortOrder").asInt(0)))
                        .map(r -> r.path("Label").asText())
                        .toList();
                out.put(id, statuses.put(integration.id(), id, ordered));
            });
        }
        return out;
    }

    static Describe parse(String sObject, JsonNode node) {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (JsonNode f : node.path("fields")) {
            Set<String> picklist = new LinkedHashSet<>();
            for (JsonNode p : f.path("picklistValues")) {
                if (p.path("active").asBoolean(true))
                    picklist.add(p.path("value").asText());
            }
            List<String> refs = new ArrayList<>();
            f.path("referenceTo").forEach(r -> refs.add(r.asText()));
            String name = f.path("name").asText();
            fields.put(
                    name.toLowerCase(Locale.ROOT),
                    new Field(
                            name,
                            f.path("type").asText("string"),
                            f.path("length").asInt(0),
                            f.path("nillable").asBoolean(true),
                            f.path("createable").asBoolean(true),
                            f.path("updateable").asBoolean(true),
                            f.path("defaultedOnCreate").asBoolean(false),
                            f.path("restrictedPicklist").asBoolean(false),
                            picklist,
                            refs));
        }
        return new Describe(
                node.path("name").asText(sObject),
                fields,
                node.path("createable").asBoolean(true),
                node.path("updateable").asBoolean(true));
    }
}

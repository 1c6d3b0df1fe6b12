package io.leadhub.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.integration.Integration;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Describe metadata per integration and sObject (fields, types, lengths, restricted picklists,
 * required fields, references), and each campaign's ordered CampaignMemberStatus labels, reused
 * for {@code hub.vendors.salesforce.metadata-ttl}. An INVALID_FIELD answer drops the integration's
 * cache so the next batch describes again.
 */
@Component
class SalesforceMetadata {
    private final SalesforceApi api;
    private final Duration ttl;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Describe> describes = new ConcurrentHashMap<>();
    private final Map<String, Statuses> statuses = new ConcurrentHashMap<>();

    SalesforceMetadata(SalesforceApi api, @Value("${hub.vendors.salesforce.metadata-ttl:PT10M}") Duration ttl) {
        this.api = api;
        this.ttl = ttl;
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
    record Describe(
            String object, Map<String, Field> fields, Instant loadedAt, boolean createable, boolean updateable) {
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

    /** A campaign's member statuses, lowest SortOrder first. */
    record Statuses(List<String> ordered, Instant loadedAt) {}

    Describe describe(Integration integration, String sObject) {
        Describe cached = describes.get(key(integration, sObject));
        if (cached != null && cached.loadedAt().plus(ttl).isAfter(clock.instant())) return cached;
        return refresh(integration, sObject);
    }

    /** The describe read now (the readiness check's live metadata), kept for the batches after it. */
    Describe refresh(Integration integration, String sObject) {
        Describe fresh = parse(sObject, api.describe(integration, sObject));
        describes.put(key(integration, sObject), fresh);
        return fresh;
    }

    /** A describe of {@code sObject} is cached and fresh, so a batch reads none. */
    boolean cached(Integration integration, String sObject) {
        Describe cached = describes.get(key(integration, sObject));
        return cached != null && cached.loadedAt().plus(ttl).isAfter(clock.instant());
    }

    private static String key(Integration integration, String sObject) {
        return integration.id() + "/" + sObject.toLowerCase(Locale.ROOT);
    }

    void invalidate(long integrationId) {
        describes.keySet().removeIf(k -> k.startsWith(integrationId + "/"));
        statuses.keySet().removeIf(k -> k.startsWith(integrationId + "/"));
    }

    /** The ordered statuses of each campaign (one query for the campaigns not cached). Unknown campaigns are absent. */
    Map<String, List<String>> campaignStatuses(Integration integration, Collection<String> campaignIds) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : campaignIds) {
            Statuses s = statuses.get(integration.id() + "/" + id);
            if (s != null && s.loadedAt().plus(ttl).isAfter(clock.instant())) out.put(id, s.ordered());
            else missing.add(id);
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
                statuses.put(integration.id() + "/" + id, new Statuses(ordered, clock.instant()));
                out.put(id, ordered);
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
                Instant.now(),
                node.path("createable").asBoolean(true),
                node.path("updateable").asBoolean(true));
    }
}

package io.leadhub.connector.zoho;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorHttp;
import io.leadhub.connector.VendorRequest;
import io.leadhub.connector.VendorResponse;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * What the Zoho connector reads before it writes, batched: the current records of leads with
 * CREATE_ONLY or IF_EMPTY fields (one COQL query per 100 leads, by stored id or email, since an
 * upsert by email would otherwise overwrite them blindly), and the current member statuses of a
 * campaign's members (one related-records read per 100 members), so a status never moves
 * backwards.
 */
@Component
class ZohoReader {
    static final int MAX = Vendor.ZOHO.batchMax();
    /** COQL answers at most this many rows per query; several records can share an email. */
    static final int ROW_LIMIT = 2000;

    private final VendorHttp http;
    private final ZohoPolicy policy;

    ZohoReader(VendorHttp http, ZohoPolicy policy) {
        this.http = http;
        this.policy = policy;
    }

    /**
     * The existing record of each lead that has conditional fields in {@code object}'s mapping:
     * by its stored record id, else by its email (leads without such fields, or without an
     * existing record, are absent). {@code fields}: the module's field metadata; only fields it
     * has are selected.
     */
    Map<SyncItem, JsonNode> existingRecords(
            Integration integration,
            String module,
            String object,
            List<SyncItem> items,
            Map<String, ZohoFieldMetadata.Field> fields) {
        return existingRecords(integration, module, object, items, fields, true);
    }

    /**
     * As above; {@code onlyConditional} false reads the record of every lead (a preview shows what
     * the upsert would find).
     */
    Map<SyncItem, JsonNode> existingRecords(
            Integration integration,
            String module,
            String object,
            List<SyncItem> items,
            Map<String, ZohoFieldMetadata.Field> fields,
            boolean onlyConditional) {
        List<SyncItem> wanted = items.stream()
                .filter(i -> i.mapped(object) != null
                        && (!onlyConditional
                                || !i.mapped(object).conditionalFields().isEmpty()))
                .toList();
        Map<SyncItem, JsonNode> out = new LinkedHashMap<>();
        for (int from = 0; from < wanted.size(); from += MAX) {
            List<SyncItem> chunk = wanted.subList(from, Math.min(wanted.size(), from + MAX));
            Set<String> select = new LinkedHashSet<>(List.of("id", "Email"));
            chunk.forEach(i -> i.mapped(object).conditionalFields().stream()
                    .filter(fields::containsKey)
                    .forEach(select::add));
            List<String> ids = chunk.stream()
                    .map(SyncItem::storedVendorId)
                    .filter(Objects::nonNull)
                    .distinct()
                    .toList();
            List<String> emails = chunk.stream()
                    .map(i -> i.lead().emailNorm())
                    .filter(Objects::nonNull)
                    .distinct()
                    .toList();
            List<String> where = new ArrayList<>();
            if (!emails.isEmpty()) where.add("Email in (" + literals(emails) + ")");
            if (!ids.isEmpty()) where.add("id in (" + literals(ids) + ")");
            if (where.isEmpty()) continue;
            String query = "select " + String.join(", ", select) + " from " + module + " where "
                    + (where.size() == 1
                            ? where.get(0)
                            : where.stream().map(w -> "(" + w + ")").collect(Collectors.joining(" or ")))
                    + " limit " + ROW_LIMIT;
            List<JsonNode> rows = rows(call(
                    integration, VendorRequest.post("/crm/v8/coql", Map.of("select_query", query)), module + " read"));
            Map<String, JsonNode> byId = new HashMap<>();
            Map<String, JsonNode> byEmail = new HashMap<>();
            for (JsonNode r : rows) {
                byId.put(r.path("id").asText(), r);
                String email = r.path("Email").asText("").trim().toLowerCase(Locale.ROOT);
                if (!email.isEmpty()) byEmail.putIfAbsent(email, r);
            }
            for (SyncItem item : chunk) {
                JsonNode hit = item.storedVendorId() == null ? null : byId.get(item.storedVendorId());
                if (hit == null && item.lead().emailNorm() != null)
                    hit = byEmail.get(item.lead().emailNorm());
                if (hit != null) out.put(item, hit);
            }
        }
        return out;
    }

    /** record id -> its Member_Status in the campaign, for the given records that are members. */
    Map<String, String> memberStatuses(
            Integration integration, String campaignId, String module, Collection<String> recordIds) {
        List<String> all = new ArrayList<>(new LinkedHashSet<>(recordIds));
        Map<String, String> out = new HashMap<>();
        for (int from = 0; from < all.size(); from += MAX) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + MAX));
            String query = "fields=Member_Status&ids="
                    + URLEncoder.encode(String.join(",", chunk), StandardCharsets.UTF_8) + "&per_page=" + MAX;
            for (JsonNode r : rows(call(
                    integration,
                    VendorRequest.get("/crm/v8/Campaigns/" + campaignId + "/" + module, query),
                    "members of campaign " + campaignId))) {
                String status = r.path("Member_Status").asText("");
                if (!status.isEmpty()) out.put(r.path("id").asText(), status);
            }
        }
        return out;
    }

    private VendorResponse call(Integration integration, VendorRequest request, String what) {
        VendorResponse r = http.call(integration, policy, request);
        if (r.ok() || r.status() == 204) return r;
        JsonNode body = r.bodyOrEmpty();
        String code = body.path("code").asText("HTTP_" + r.status());
        ErrorCategory category = body.has("code")
                ? ZohoErrorClassifier.recordCategory(code, body.path("details"))
                : ErrorCategory.VENDOR_UNAVAILABLE;
        throw new VendorCallException(
                category,
                code,
                "Zoho refused the " + what + ": HTTP " + r.status() + " " + code + " "
                        + body.path("message").asText(""));
    }

    private static List<JsonNode> rows(VendorResponse r) {
        List<JsonNode> out = new ArrayList<>();
        if (r.status() != 204) r.bodyOrEmpty().path("data").forEach(out::add);
        return out;
    }

    /** COQL string literals: quoted, a quote escaped by doubling it. */
    static String literals(Collection<String> values) {
        return values.stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(", "));
    }
}

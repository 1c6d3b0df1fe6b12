package io.leadhub.connector.pardot;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.campaign.CampaignLink;
import io.leadhub.campaign.CampaignLinkRepository;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.MappedObject;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorHttp;
import io.leadhub.connector.VendorRequest;
import io.leadhub.connector.VendorResponse;
import io.leadhub.connector.WritePolicy;
import io.leadhub.integration.Integration;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Account Engagement (Pardot) v5 prospects (SPEC §7.3, §9, §10). Steps, each called by name from
 * {@code routes/connectors/pardot.camel.yaml}:
 * <ol>
 * <li>{@link #checkLeads}: a lead without email fails with MISSING_REQUIRED_FIELD before any call
 * (prospects are matched by email only), as does an integration without a business unit id.</li>
 * <li>{@link #assignCampaigns}: the event's linked campaign is put on leads the hub has not synced
 * yet, as {@code campaignId} with write policy CREATE_ONLY. Pardot applies it only when the upsert
 * creates the prospect; an existing prospect keeps its campaign.</li>
 * <li>{@link #writeProspects}: one {@code upsertLatestByEmail} per lead (Pardot has no batch write;
 * its bulk path is the asynchronous Import API), with the {@code Pardot-Business-Unit-Id} header.
 * Leads of one integration are written one at a time: the pipeline runs one batch per integration
 * at a time and a Pardot batch holds one lead, so the hub never has more than one call in flight
 * per business unit, well under Pardot's limit of 5.</li>
 * </ol>
 * No activity records: Pardot receives the last-touch time as a mapped field (default
 * {@code leadhubLastTouch__c}: the latest activity's time, else the capture time).
 */
@Component("pardotConnector")
public class PardotConnector {
    static final String PROSPECT = "prospect";
    static final String CAMPAIGN_FIELD = "campaignId";
    static final String BUSINESS_UNIT_HEADER = "Pardot-Business-Unit-Id";
    static final String UPSERT = "/api/v5/objects/prospects/do/upsertLatestByEmail";
    static final String PROSPECTS = "/api/v5/objects/prospects";
    private static final List<String> RESULT_FIELDS = List.of("id", "email", "campaignId", "createdAt", "updatedAt");

    private final VendorHttp http;
    private final PardotPolicy policy;
    private final CampaignLinkRepository links;

    PardotConnector(VendorHttp http, PardotPolicy policy, CampaignLinkRepository links) {
        this.http = http;
        this.policy = policy;
        this.links = links;
    }

    // ---------------------------------------------------------------- before any call

    public SyncBatch checkLeads(SyncBatch batch) {
        String bu = PardotSettings.businessUnit(batch.integration());
        for (SyncItem item : batch.pending()) {
            if (bu == null) {
                item.fail(
                        ErrorCategory.MISSING_REQUIRED_FIELD,
                        null,
                        "the Pardot integration has no valid settings.businessUnitId; "
                                + "set it with PUT /integrations/pardot, then retry");
            } else if (item.mapped(PROSPECT) == null) {
                item.fail(ErrorCategory.MISSING_REQUIRED_FIELD, null, "the integration has no prospect mapping");
            } else if (item.lead().emailNorm() == null) {
                item.fail(
                        ErrorCategory.MISSING_REQUIRED_FIELD,
                        null,
                        "Pardot matches prospects by email and the lead has no email; "
                                + "add an email to the lead, then retry");
            }
        }
        return batch;
    }

    // ---------------------------------------------------------------- campaign

    public SyncBatch assignCampaigns(SyncBatch batch) {
        List<SyncItem> pending = batch.pending();
        Set<String> events = new LinkedHashSet<>();
        pending.forEach(i -> events.add(i.lead().eventId()));
        Map<String, CampaignLink> byEvent = links.forEvents(batch.integration().id(), events);
        for (SyncItem item : pending) {
            CampaignLink link = byEvent.get(item.lead().eventId());
            if (link == null) continue;
            if (item.storedVendorId() != null) {
                item.trace("campaign: prospect " + item.storedVendorId()
                        + " was synced before; its campaign is left as it is");
                continue;
            }
            item.mapped(PROSPECT).put(CAMPAIGN_FIELD, Long.parseLong(link.campaignId()), WritePolicy.CREATE_ONLY);
            item.trace("campaign: event " + item.lead().eventId() + " -> campaign " + link.campaignId()
                    + " if the prospect is created");
        }
        return batch;
    }

    // ---------------------------------------------------------------- prospects

    public SyncBatch writeProspects(SyncBatch batch) {
        Integration integration = batch.integration();
        String bu = PardotSettings.businessUnit(integration);
        VendorCallException stop = null;
        for (SyncItem item : batch.pending()) {
            if (stop != null) {
                item.fail(stop.category(), stop.vendorCode(), "not sent: " + stop.getMessage());
                continue;
            }
            try {
                writeOne(integration, bu, item);
            } catch (VendorCallException e) {
                item.fail(e.category(), e.vendorCode(), e.getMessage());
                if (e.category() == ErrorCategory.AUTHENTICATION || e.category() == ErrorCategory.QUOTA_EXHAUSTED)
                    stop = e;
            }
        }
        return batch;
    }

    private void writeOne(Integration integration, String bu, SyncItem item) {
        String email = item.lead().emailNorm();
        MappedObject mapped = item.mapped(PROSPECT);
        Map<String, Object> prospect = new LinkedHashMap<>(mapped.values());
        applyWritePolicies(integration, bu, item, mapped, prospect);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("matchEmail", email);
        body.put("prospect", prospect);
        body.put("fields", RESULT_FIELDS);
        body.put("secondaryDeletedSearch", true);
        VendorResponse r =
                http.call(integration, policy, VendorRequest.post(UPSERT, body).withHeader(BUSINESS_UNIT_HEADER, bu));
        if (!r.ok()) {
            var c = PardotErrorClassifier.classify(r.status(), r.bodyOrEmpty());
            item.fail(c.category(), c.code(), c.message());
            return;
        }
        JsonNode p = r.bodyOrEmpty();
        String id = p.path("id").asText("");
        if (id.isEmpty()) {
            item.fail(
                    ErrorCategory.VENDOR_UNAVAILABLE,
                    "NO_RESULT",
                    "Pardot answered " + r.status() + " without a prospect id");
            return;
        }
        boolean created = !p.path("createdAt").asText("").isEmpty()
                && p.path("createdAt").asText().equals(p.path("updatedAt").asText());
        String campaign =
                p.path("campaignId").isNull() ? null : p.path("campaignId").asText(null);
        String note = "";
        if (prospect.containsKey(CAMPAIGN_FIELD)) {
            note = created ? " in campaign " + campaign : "; it keeps its campaign " + campaign;
        }
        item.trace("prospect: upsertLatestByEmail " + email + " -> " + (created ? "created " : "matched and updated ")
                + id + note);
        item.clear(PROSPECT, id, null, created);
    }

    /**
     * IF_EMPTY and CREATE_ONLY fields (other than the campaign, which Pardot itself sets only on
     * create) need the prospect's current values: one read by email, only when such fields are mapped.
     */
    private void applyWritePolicies(
            Integration integration, String bu, SyncItem item, MappedObject mapped, Map<String, Object> prospect) {
        List<String> conditional = new ArrayList<>();
        for (String field : prospect.keySet()) {
            if (!field.equals(CAMPAIGN_FIELD) && mapped.policy(field) != WritePolicy.ALWAYS) conditional.add(field);
        }
        if (conditional.isEmpty()) return;
        List<String> fields = new ArrayList<>(List.of("id"));
        fields.addAll(conditional);
        String query = "fields=" + URLEncoder.encode(String.join(",", fields), StandardCharsets.UTF_8) + "&email="
                + URLEncoder.encode(item.lead().emailNorm(), StandardCharsets.UTF_8);
        VendorResponse r = http.call(
                integration, policy, VendorRequest.get(PROSPECTS, query).withHeader(BUSINESS_UNIT_HEADER, bu));
        JsonNode existing = r.ok() ? r.bodyOrEmpty().path("values").path(0) : null;
        if (existing == null || existing.isMissingNode()) return;
        for (String field : conditional) {
            WritePolicy p = mapped.policy(field);
            JsonNode current = existing.path(field);
            boolean drop = !p.writes(true, current);
            if (drop) prospect.remove(field);
        }
        item.trace("prospect: " + existing.path("id").asText() + " exists; kept its values of "
                + conditional.stream().filter(f -> !prospect.containsKey(f)).toList());
    }
}

package io.leadhub.connector.marketo;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.campaign.CampaignLink;
import io.leadhub.campaign.CampaignLinkRepository;
import io.leadhub.connector.CallForecast;
import io.leadhub.connector.CampaignMembershipRule;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.MappedObject;
import io.leadhub.connector.Preflight;
import io.leadhub.connector.PreviewRecord;
import io.leadhub.connector.RemoteField;
import io.leadhub.connector.RemoteObject;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorHttp;
import io.leadhub.connector.VendorRequest;
import io.leadhub.connector.VendorResponse;
import io.leadhub.connector.WritePolicy;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import io.leadhub.lead.LeadField;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Marketo before the show: the lead fields ({@code GET /rest/v1/leads/describe.json}: which exist,
 * which are read-only, their lengths), a preview that reads the lead by id or email and the linked
 * program the way the connector does, and the calls a sync costs in batches of 300.
 */
@Component
class MarketoPreflight implements Preflight {
    private static final String UPSERT = "POST /rest/v1/leads.json";
    private static final String READ = "GET /rest/v1/leads.json";

    private final MarketoConnector connector;
    private final MarketoProgramCache programs;
    private final CampaignLinkRepository links;
    private final VendorHttp http;
    private final MarketoPolicy policy;

    MarketoPreflight(
            MarketoConnector connector,
            MarketoProgramCache programs,
            CampaignLinkRepository links,
            VendorHttp http,
            MarketoPolicy policy) {
        this.connector = connector;
        this.programs = programs;
        this.links = links;
        this.http = http;
        this.policy = policy;
    }

    @Override
    public Vendor vendor() {
        return Vendor.MARKETO;
    }

    @Override
    public List<RemoteObject> describe(Integration integration, Collection<String> objects) {
        List<RemoteObject> out = new ArrayList<>();
        Map<String, RemoteField> fields = null;
        for (String object : objects) {
            if (!MarketoConnector.LEAD.equals(object)) {
                out.add(RemoteObject.missing(object, object, "the hub writes only Marketo leads"));
                continue;
            }
            if (fields == null) fields = leadFields(integration);
            out.add(new RemoteObject(object, "lead", true, null, true, true, true, true, true, false, fields));
        }
        return out;
    }

    private Map<String, RemoteField> leadFields(Integration integration) {
        VendorResponse r = http.call(integration, policy, VendorRequest.get("/rest/v1/leads/describe.json", null));
        JsonNode body = r.bodyOrEmpty();
        if (!body.path("success").asBoolean(false)) {
            String code = MarketoPolicy.errorCode(r);
            throw new VendorCallException(
                    MarketoErrorClassifier.requestCategory(code, MarketoPolicy.errorMessage(r)),
                    code.isEmpty() ? "HTTP_" + r.status() : code,
                    "reading Marketo's lead fields failed: " + MarketoPolicy.errorMessage(r));
        }
        Map<String, RemoteField> fields = new LinkedHashMap<>();
        for (JsonNode f : body.path("result")) {
            JsonNode rest = f.path("rest");
            if (rest.isMissingNode()) continue;
            String name = rest.path("name").asText();
            boolean readOnly = rest.path("readOnly").asBoolean(false);
            fields.put(
                    name,
                    new RemoteField(
                            name,
                            f.path("dataType").asText(),
                            f.hasNonNull("length") ? f.get("length").asInt() : null,
                            !readOnly,
                            !readOnly,
                            false,
                            false,
                            List.of()));
        }
        return fields;
    }

    @Override
    public List<PreviewRecord> preview(SyncBatch batch) {
        Integration integration = batch.integration();
        List<PreviewRecord> out = new ArrayList<>();
        for (SyncItem item : batch.pending()) {
            MappedObject lead = item.mapped(MarketoConnector.LEAD);
            if (lead == null) {
                item.fail(ErrorCategory.MISSING_REQUIRED_FIELD, null, "the integration has no Marketo lead mapping");
                continue;
            }
            Set<String> wanted = new LinkedHashSet<>(lead.values().keySet());
            JsonNode existing = null;
            if (item.storedVendorId() != null) {
                existing = connector
                        .read(integration, Set.of(item.storedVendorId()), "id", wanted)
                        .get(item.storedVendorId());
                item.trace("lead: stored Lead ID " + item.storedVendorId()
                        + (existing != null
                                ? ": found -> update by id"
                                : ": no longer in Marketo; upserting by email"));
            }
            String email = item.lead().emailNorm();
            if (existing == null && email == null) {
                item.fail(
                        ErrorCategory.MISSING_REQUIRED_FIELD,
                        null,
                        "the lead has no email: Marketo leads are matched and upserted by email; add one and retry");
                continue;
            }
            if (existing == null) {
                existing = connector
                        .read(integration, Set.of(email), "email", wanted)
                        .get(email);
                item.trace("lead: email " + email
                        + (existing != null
                                ? ": found " + existing.path("id").asText() + " -> createOrUpdate updates it"
                                : ": none -> createOrUpdate creates a lead"));
            }
            Map<String, Object> fields = lead.toWrite(existing, JsonNode::path);
            if (!fields.containsKey("email") && item.lead().get(LeadField.EMAIL) != null)
                fields.put("email", item.lead().get(LeadField.EMAIL));
            String id = existing == null ? null : existing.path("id").asText();
            out.add(PreviewRecord.write(MarketoConnector.LEAD, "lead", id, fields));
            checkProgram(integration, item);
            if (item.pending())
                out.addAll(CampaignMembershipRule.preview(
                        links, integration.id(), item, "program", "programMember", id == null));
        }
        return out;
    }

    /** The event's program as the membership step will find it: missing or archived fails the lead's membership. */
    private void checkProgram(Integration integration, SyncItem item) {
        CampaignLink link = links.find(item.lead().eventId(), integration.id()).orElse(null);
        if (link == null) return;
        try {
            // read live, not the batches' cached copy: a program archived since shows in the preview
            programs.forget(integration, link.campaignId());
            var program = programs.program(integration, link.campaignId()).orElse(null);
            if (program == null || program.archived()) {
                item.fail(
                        ErrorCategory.CAMPAIGN_ERROR,
                        null,
                        (program == null
                                        ? "Marketo has no program " + link.campaignId()
                                        : "Marketo program " + link.campaignId() + " '" + program.name()
                                                + "' is archived and rejects members")
                                + "; fix the event's program link");
            }
        } catch (VendorCallException e) {
            item.fail(e.category(), e.vendorCode(), e.getMessage());
        }
    }

    @Override
    public Forecaster forecaster(Integration integration) {
        return new Forecaster() {
            private final CallForecast f = new CallForecast();
            private final Set<String> programsRead = new HashSet<>();

            @Override
            public void batch(List<SyncItem> all) {
                List<SyncItem> batch = all.stream()
                        .filter(i -> i.pending() && i.mapped(MarketoConnector.LEAD) != null)
                        .filter(i -> i.storedVendorId() != null || i.lead().emailNorm() != null)
                        .toList();
                long byId =
                        batch.stream().filter(i -> i.storedVendorId() != null).count();
                long byEmail = batch.stream()
                        .filter(i -> i.storedVendorId() == null)
                        .map(i -> i.lead().emailNorm())
                        .distinct()
                        .count();
                boolean conditional = batch.stream().anyMatch(i -> {
                    MappedObject m = i.mapped(MarketoConnector.LEAD);
                    return m.values().keySet().stream().anyMatch(k -> m.policy(k) != WritePolicy.ALWAYS);
                });
                if (conditional) {
                    f.addChunks(READ, byId, MarketoConnector.BATCH_MAX);
                    f.addChunks(READ, byEmail, MarketoConnector.BATCH_MAX);
                }
                f.addChunks(UPSERT, byId, MarketoConnector.BATCH_MAX);
                f.addChunks(UPSERT, byEmail, MarketoConnector.BATCH_MAX);
                Map<String, CampaignLink> linked = links.forEvents(
                        integration.id(),
                        batch.stream().map(i -> i.lead().eventId()).distinct().toList());
                // program -> status -> members (the furthest status per lead, as the connector sends them)
                Map<String, Map<String, Long>> members = new LinkedHashMap<>();
                Map<String, Long> known = new LinkedHashMap<>();
                for (SyncItem i : batch) {
                    CampaignLink link = linked.get(i.lead().eventId());
                    if (link == null) continue;
                    if (link.scanThreshold() > 0 && i.lead().scanCount() < link.scanThreshold()) continue;
                    String status = link.statusFor(
                            link.statusQualifier() == null
                                    ? null
                                    : i.lead().data().qualifiers().get(link.statusQualifier()));
                    if (status == null) continue;
                    members.computeIfAbsent(link.campaignId(), k -> new LinkedHashMap<>())
                            .merge(status, 1L, Long::sum);
                    if (i.storedVendorId() != null) known.merge(link.campaignId(), 1L, Long::sum);
                }
                members.forEach((program, byStatus) -> {
                    if (programsRead.add(program) && !programs.cached(integration, program)) {
                        f.add("GET /rest/asset/v1/program/{id}.json", 1);
                        f.add("GET /rest/asset/v1/channel/byName.json", 1);
                    }
                    f.addChunks(
                            "GET /rest/v1/programs/{id}/members.json",
                            known.getOrDefault(program, 0L),
                            MarketoConnector.BATCH_MAX);
                    byStatus.values()
                            .forEach(n -> f.addChunks(
                                    "POST /rest/v1/programs/{id}/members/status.json", n, MarketoConnector.BATCH_MAX));
                });
            }

            @Override
            public CallForecast result() {
                return f.assume("a lead the hub has not synced to Marketo is new there: its program status is set"
                        + " without reading its membership first");
            }
        };
    }
}

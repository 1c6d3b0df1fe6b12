package io.leadhub.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.capture.CaptureService;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.Outcome;
import io.leadhub.connector.PreviewRecord;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorCallLog;
import io.leadhub.integration.Integration;
import io.leadhub.lead.Lead;
import io.leadhub.lead.LeadDraft;
import io.leadhub.lead.LeadRepository;
import io.leadhub.mapping.MappingProcessor;
import io.leadhub.platform.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The payload preview (SPEC §15): for one lead (a stored one, or a capture body that is not
 * stored), the exact records a sync to one integration would send per vendor object and the match
 * decision (the keys tried and what they found), or the category and message it would fail with.
 * The lead runs through the same mapping processor as a sync, then the connector's read-only
 * {@link io.leadhub.connector.Preflight#preview}: the vendor may be read, nothing is written, to the
 * vendor or to the hub.
 */
@Service
public class PayloadPreview {
    private final PreflightRegistry preflights;
    private final MappingProcessor mapping;
    private final CaptureService capture;
    private final LeadRepository leads;
    private final NamedParameterJdbcTemplate jdbc;

    PayloadPreview(
            PreflightRegistry preflights,
            MappingProcessor mapping,
            CaptureService capture,
            LeadRepository leads,
            NamedParameterJdbcTemplate jdbc) {
        this.preflights = preflights;
        this.mapping = mapping;
        this.capture = capture;
        this.leads = leads;
        this.jdbc = jdbc;
    }

    /** The vendor ids the hub holds for a lead on an integration (its reconciliation row), if any. */
    private record Stored(String vendorId, String companyId, String strategy) {}

    public Map<String, Object> preview(Integration integration, String event, JsonNode body) {
        if (body == null || !body.isObject())
            throw ApiException.badRequest("the body must be a JSON object: a lead as for capture, or {\"leadId\": n}");
        if (integration.state() != Integration.ConnectionState.CONNECTED) {
            throw ApiException.conflict("the " + integration.vendor().key() + " integration is " + integration.state()
                    + "; a preview reads the vendor and needs it connected");
        }
        String org = integration.orgId();
        List<String> notes = new ArrayList<>();
        Lead lead;
        Long leadId = null;
        if (body.has("leadId")) {
            if (body.size() != 1 || !body.get("leadId").canConvertToLong())
                throw ApiException.badRequest("'leadId' must be a number and the only property of the body");
            leadId = body.get("leadId").asLong();
            long id = leadId;
            lead = leads.findIdInOrg(org, id)
                    .flatMap(leads::load)
                    .orElseThrow(() -> ApiException.notFound("lead " + id));
        } else {
            if (event == null || event.isBlank())
                throw ApiException.badRequest("a lead body needs the event it is captured at: ?event=");
            capture.requireEvent(org, event);
            LeadDraft draft = capture.checkedDraft(org, event, body);
            Optional<Long> same =
                    draft.captureId() == null ? Optional.empty() : leads.findIdByCaptureId(org, draft.captureId());
            if (same.isPresent()) {
                leadId = same.get();
                notes.add("capture id '" + draft.captureId() + "' is lead " + leadId
                        + "'s: a capture would merge into it; its vendor records are used");
            }
            lead = UnsavedLead.of(org, event, draft, 1);
            notes.add(
                    "the lead is not stored and enrichment is not run: fields the enrichment waterfall would fill are absent");
        }
        Stored stored = leadId == null ? null : stored(leadId, integration.id());
        SyncItem item = new SyncItem(
                0,
                lead,
                stored == null ? null : stored.vendorId(),
                stored == null ? null : stored.companyId(),
                stored != null && stored.strategy() != null
                        ? stored.strategy()
                        : PreflightRegistry.strategy(integration));
        SyncBatch batch = new SyncBatch(integration, "preview-" + UUID.randomUUID(), List.of(item));
        List<PreviewRecord> records = new ArrayList<>();
        VendorCallLog.start();
        Map<String, Integer> calls;
        try {
            mapping.apply(batch);
            if (item.pending()) records = preflights.of(integration.vendor()).preview(batch);
        } catch (VendorCallException e) {
            item.fail(e.category(), e.vendorCode(), e.getMessage(), e.retryAt());
        } finally {
            calls = VendorCallLog.stop();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vendor", integration.vendor().key());
        if (leadId != null) out.put("leadId", leadId);
        out.put("event", lead.eventId());
        if (stored != null && stored.vendorId() != null) out.put("storedVendorId", stored.vendorId());
        out.put("records", records);
        out.put("match", item.trace());
        Outcome o = item.outcome();
        if (o != null && !o.cleared()) {
            Map<String, Object> fail = new LinkedHashMap<>();
            ErrorCategory c = o.category();
            fail.put("category", c);
            if (o.vendorCode() != null) fail.put("vendorCode", o.vendorCode());
            fail.put("message", o.message());
            fail.put("description", c.description());
            fail.put("fix", c.fixHint());
            out.put("wouldFail", fail);
        }
        out.put("vendorCalls", calls);
        out.put("written", false);
        out.put("notes", notes);
        return out;
    }

    private Stored stored(long leadId, long integrationId) {
        return jdbc
                .query(
                        "SELECT vendor_id, company_vendor_id, match_strategy FROM lead_sync WHERE lead_id = :l AND integration_id = :i",
                        Map.of("l", leadId, "i", integrationId),
                        (rs, n) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3)))
                .stream()
                .findFirst()
                .orElse(null);
    }
}

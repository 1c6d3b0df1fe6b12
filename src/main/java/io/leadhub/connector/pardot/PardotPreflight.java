package io.leadhub.connector.pardot;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.connector.CallForecast;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.MappedObject;
import io.leadhub.connector.Preflight;
import io.leadhub.connector.PreviewRecord;
import io.leadhub.connector.RemoteObject;
import io.leadhub.connector.SyncBatch;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Account Engagement before the show. Its v5 API publishes no metadata of the standard prospect
 * fields, so the readiness check proves the connection and business unit with one prospect read
 * and leaves the fields to the first sync; the campaign link is checked by the campaign validator.
 * The preview runs the connector's own checks and campaign step (no call), then reads the prospect
 * by email; the forecast is one upsert per lead (Pardot has no batch write).
 */
@Component
class PardotPreflight implements Preflight {
    private final PardotConnector connector;
    private final VendorHttp http;
    private final PardotPolicy policy;

    PardotPreflight(PardotConnector connector, VendorHttp http, PardotPolicy policy) {
        this.connector = connector;
        this.http = http;
        this.policy = policy;
    }

    @Override
    public Vendor vendor() {
        return Vendor.PARDOT;
    }

    @Override
    public List<RemoteObject> describe(Integration integration, Collection<String> objects) {
        String bu = PardotSettings.businessUnit(integration);
        if (bu == null) {
            throw new VendorCallException(
                    ErrorCategory.MISSING_REQUIRED_FIELD,
                    null,
                    "the Pardot integration has no valid settings.businessUnitId; set it with PUT /integrations/pardot");
        }
        prospect(integration, bu, "fields=id&limit=1");
        List<RemoteObject> out = new ArrayList<>();
        for (String object : objects) {
            boolean prospect = PardotConnector.PROSPECT.equals(object);
            out.add(
                    prospect
                            ? new RemoteObject(
                                    object, "prospect", true, null, true, true, true, true, false, false, Map.of())
                            : RemoteObject.missing(object, object, "the hub writes only Pardot prospects"));
        }
        return out;
    }

    private JsonNode prospect(Integration integration, String bu, String query) {
        VendorResponse r = http.call(
                integration,
                policy,
                VendorRequest.get(PardotConnector.PROSPECTS, query)
                        .withHeader(PardotConnector.BUSINESS_UNIT_HEADER, bu));
        if (!r.ok()) {
            var c = PardotErrorClassifier.classify(r.status(), r.bodyOrEmpty());
            throw new VendorCallException(c.category(), c.code(), "reading prospects failed: " + c.message());
        }
        JsonNode first = r.bodyOrEmpty().path("values").path(0);
        return first.isMissingNode() ? null : first;
    }

    @Override
    public List<PreviewRecord> preview(SyncBatch batch) {
        connector.checkLeads(batch);
        connector.assignCampaigns(batch);
        String bu = PardotSettings.businessUnit(batch.integration());
        List<PreviewRecord> out = new ArrayList<>();
        for (SyncItem item : batch.pending()) {
            MappedObject mapped = item.mapped(PardotConnector.PROSPECT);
            Set<String> fields = new LinkedHashSet<>(List.of("id"));
            fields.addAll(mapped.conditionalFields());
            fields.remove(PardotConnector.CAMPAIGN_FIELD);
            try {
                JsonNode existing = prospect(
                        batch.integration(),
                        bu,
                        "fields=" + URLEncoder.encode(String.join(",", fields), StandardCharsets.UTF_8) + "&email="
                                + URLEncoder.encode(item.lead().emailNorm(), StandardCharsets.UTF_8));
                String id = existing == null ? null : existing.path("id").asText();
                item.trace("prospect: email " + item.lead().emailNorm()
                        + (id != null
                                ? " found " + id + " -> upsertLatestByEmail updates it"
                                : ": none -> upsertLatestByEmail creates a prospect"));
                out.add(PreviewRecord.write(
                        PardotConnector.PROSPECT, "prospect", id, mapped.toWrite(existing, JsonNode::path)));
            } catch (VendorCallException e) {
                item.fail(e.category(), e.vendorCode(), e.getMessage(), e.retryAt());
            }
        }
        return out;
    }

    @Override
    public Forecaster forecaster(Integration integration) {
        return new Forecaster() {
            private final CallForecast f = new CallForecast();

            @Override
            public void batch(List<SyncItem> all) {
                for (SyncItem i : all) {
                    MappedObject m = i.mapped(PardotConnector.PROSPECT);
                    if (!i.pending() || m == null || i.lead().emailNorm() == null) continue;
                    boolean conditional = m.conditionalFields().stream()
                            .anyMatch(field -> !field.equals(PardotConnector.CAMPAIGN_FIELD));
                    if (conditional) f.add("GET " + PardotConnector.PROSPECTS, 1);
                    f.add("POST " + PardotConnector.UPSERT, 1);
                }
            }

            @Override
            public CallForecast result() {
                return f.assume("one upsertLatestByEmail per lead with an email (Pardot has no batch write)");
            }
        };
    }
}

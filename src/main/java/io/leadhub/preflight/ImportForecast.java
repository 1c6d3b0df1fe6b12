package io.leadhub.preflight;

import io.leadhub.capture.CsvImporter;
import io.leadhub.connector.CallForecast;
import io.leadhub.connector.VendorCallException;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.lead.Lead;
import io.leadhub.lead.LeadDraft;
import io.leadhub.lead.LeadRepository;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The import forecast (SPEC §15): what an import of a CSV would do, without storing anything. The
 * CSV is read exactly as the import reads it ({@link CsvImporter#scan}): rows, rejects, new leads,
 * rows merged into an earlier row of the file, and rows of leads the hub already has (synced again
 * only when the row adds something). Per connected integration, the vendor calls the sync of those
 * leads will cost ({@link CallEstimator}) against what is left of today's allowance, with a warning
 * when it would not fit.
 */
@Service
public class ImportForecast {
    static final int MAX_REJECTIONS = 100;

    private final CsvImporter importer;
    private final IntegrationRepository integrations;
    private final LeadRepository leads;
    private final CallEstimator estimator;
    private final PreflightRegistry preflights;
    private final Allowance allowance;
    private final NamedParameterJdbcTemplate jdbc;

    ImportForecast(
            CsvImporter importer,
            IntegrationRepository integrations,
            LeadRepository leads,
            CallEstimator estimator,
            PreflightRegistry preflights,
            Allowance allowance,
            NamedParameterJdbcTemplate jdbc) {
        this.importer = importer;
        this.integrations = integrations;
        this.leads = leads;
        this.estimator = estimator;
        this.preflights = preflights;
        this.allowance = allowance;
        this.jdbc = jdbc;
    }

    public Map<String, Object> forecast(String org, String event, InputStream csv) {
        List<Integration> active = integrations.forOrg(org).stream()
                .filter(i -> i.state() == Integration.ConnectionState.CONNECTED)
                .toList();
        Map<Long, CallEstimator.Estimate> estimates = new LinkedHashMap<>();
        active.forEach(i -> estimates.put(i.id(), estimator.start(i)));
        int[] counts = new int[6]; // rows, new, merged in file, known and changed, known unchanged, rejected
        List<Map<String, Object>> rejections = new ArrayList<>();
        importer.scan(org, event, csv, new CsvImporter.ScanSink() {
            @Override
            public void newLead(int line, LeadDraft draft) {
                counts[0]++;
                counts[1]++;
                Lead lead = UnsavedLead.of(org, event, draft, 1);
                estimates.values().forEach(e -> e.add(lead, null, null));
            }

            @Override
            public void mergedInFile(int line, LeadDraft draft) {
                counts[0]++;
                counts[2]++;
            }

            @Override
            public void known(int line, long leadId, LeadDraft draft) {
                counts[0]++;
                Optional<Lead> current = leads.load(leadId);
                if (current.isEmpty() || !LeadChangeCheck.adds(current.get(), draft)) {
                    counts[4]++;
                    return;
                }
                counts[3]++;
                Map<Long, String[]> stored = stored(leadId);
                for (Integration i : active) {
                    String[] ids = stored.getOrDefault(i.id(), new String[2]);
                    estimates.get(i.id()).add(current.get(), ids[0], ids[1]);
                }
            }

            @Override
            public void rejected(int line, String reason) {
                counts[0]++;
                counts[5]++;
                if (rejections.size() < MAX_REJECTIONS) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("line", line);
                    r.put("reason", reason);
                    rejections.add(r);
                }
            }
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", event);
        out.put("rows", counts[0]);
        out.put("rejected", counts[5]);
        out.put("rejections", rejections);
        out.put("newLeads", counts[1]);
        out.put("mergedInFile", counts[2]);
        out.put("knownLeads", counts[3] + counts[4]);
        out.put("knownLeadsChanged", counts[3]);
        out.put("leadsToSync", counts[1] + counts[3]);
        List<Map<String, Object>> perIntegration = new ArrayList<>();
        for (Integration i : active) perIntegration.add(integration(i, estimates.get(i.id())));
        out.put("integrations", perIntegration);
        List<Map<String, Object>> held = new ArrayList<>();
        integrations.forOrg(org).stream()
                .filter(i -> i.state() != Integration.ConnectionState.CONNECTED)
                .forEach(i -> held.add(Map.of(
                        "vendor", i.vendor().key(),
                        "state", i.state().name(),
                        "note", "not connected: its leads would be held, no call is made")));
        out.put("notSyncing", held);
        out.put("stored", false);
        return out;
    }

    private Map<String, Object> integration(Integration i, CallEstimator.Estimate estimate) {
        CallForecast calls = estimate.finish();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vendor", i.vendor().key());
        out.put("syncMode", i.syncMode());
        out.put("leads", estimate.leads());
        out.put("calls", calls.total());
        out.put("byCall", calls.calls());
        Optional<Allowance.Left> left;
        try {
            left = allowance.left(i, preflights.of(i.vendor()), true);
        } catch (VendorCallException e) {
            left = allowance.left(i, preflights.of(i.vendor()), false);
        }
        if (left.isPresent()) {
            long have = left.get().calls();
            out.put("remainingToday", have);
            out.put("remainingSource", left.get().source());
            out.put(
                    "shareOfRemaining",
                    have == 0 ? null : Math.round(calls.total() * 1_000_000.0 / have) / 1_000_000.0);
            boolean fits = calls.total() <= have;
            out.put("fits", fits);
            if (!fits) {
                out.put(
                        "warning",
                        "the sync needs about " + calls.total() + " "
                                + i.vendor().key() + " calls and " + have
                                + " are left today: the leads beyond fail with QUOTA_EXHAUSTED and wait for the reset;"
                                + " import in Manual sync mode and push over several days, or raise the allowance");
            }
        } else {
            out.put("remainingToday", null);
            out.put(
                    "remainingSource",
                    "no daily allowance known (hub.vendors." + i.vendor().key() + ".daily-allowance)");
        }
        out.put("assumptions", calls.assumptions());
        return out;
    }

    /** integration id -> {vendor id, company vendor id} of a lead's reconciliation rows. */
    private Map<Long, String[]> stored(long leadId) {
        Map<Long, String[]> out = new HashMap<>();
        jdbc.query(
                "SELECT integration_id, vendor_id, company_vendor_id FROM lead_sync WHERE lead_id = :l",
                Map.of("l", leadId),
                rs -> {
                    out.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
                });
        return out;
    }
}

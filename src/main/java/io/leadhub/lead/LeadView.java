package io.leadhub.lead;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** The API view of a lead: fields, provenance, qualifiers, activities and its sync state per integration. */
@Component
public class LeadView {
    private final LeadRepository leads;
    private final NamedParameterJdbcTemplate jdbc;

    public LeadView(LeadRepository leads, NamedParameterJdbcTemplate jdbc) {
        this.leads = leads;
        this.jdbc = jdbc;
    }

    public Map<String, Object> view(String orgId, long leadId) {
        Lead lead = leads.load(leadId).filter(l -> l.orgId().equals(orgId)).orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", lead.id());
        out.put("captureId", lead.captureId());
        out.put("eventId", lead.eventId());
        out.put("source", lead.source());
        out.put("capturedAt", lead.capturedAt());
        Map<String, Object> fields = new LinkedHashMap<>();
        for (LeadField f : LeadField.values()) if (lead.get(f) != null) fields.put(f.apiName(), lead.get(f));
        out.put("fields", fields);
        out.put("customFields", lead.data().customFields());
        out.put("provenance", lead.provenance());
        out.put("qualifiers", lead.data().qualifiers());
        out.put("activities", lead.activities());
        out.put("scanCount", lead.scanCount());
        out.put("enrichment", lead.enriched() ? "DONE" : "PENDING");
        out.put("sync", syncs(leadId));
        return out;
    }

    private List<Map<String, Object>> syncs(long leadId) {
        return jdbc.query(
                "SELECT * FROM lead_sync WHERE lead_id = :id ORDER BY vendor",
                Map.of("id", leadId),
                (rs, i) -> SyncRowView.of(rs));
    }
}

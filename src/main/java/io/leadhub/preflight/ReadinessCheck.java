package io.leadhub.preflight;

import io.leadhub.campaign.CampaignLink;
import io.leadhub.campaign.CampaignLinkRepository;
import io.leadhub.campaign.CampaignLinkValidator;
import io.leadhub.connector.CallForecast;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.Preflight;
import io.leadhub.connector.RemoteObject;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorCallLog;
import io.leadhub.integration.Integration;
import io.leadhub.lead.Lead;
import io.leadhub.lead.LeadDraft;
import io.leadhub.lead.LeadField;
import io.leadhub.lead.LeadRepository;
import io.leadhub.mapping.FieldMapping;
import io.leadhub.mapping.MappingRepository;
import io.leadhub.mapping.QualifierMapping;
import io.leadhub.org.OrgRepository;
import io.leadhub.org.Qualifier;
import io.leadhub.platform.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The readiness check of one integration (SPEC §15): every problem that would fail leads, found
 * from the vendor's live metadata before any lead is sent. The connection (state, quota pause,
 * credentials and scopes), the mapped objects and fields ({@link MappingChecker}), the qualifier
 * mappings, the text of the org's recent leads, the event's campaign link (through the vendor's
 * own {@link CampaignLinkValidator}, the check a link gets when it is saved) and today's remaining
 * API allowance against the expected volume. A bounded number of vendor calls: one metadata read
 * per mapped object, the campaign check's reads, at most one allowance read.
 */
@Service
public class ReadinessCheck {
    static final int RECENT_LEADS = 200;
    static final int MAX_LINKS = 10;

    private final PreflightRegistry preflights;
    private final MappingRepository mappings;
    private final OrgRepository orgs;
    private final LeadRepository leads;
    private final CampaignLinkRepository links;
    private final List<CampaignLinkValidator> validators;
    private final CallEstimator estimator;
    private final Allowance allowance;
    private final NamedParameterJdbcTemplate jdbc;

    ReadinessCheck(
            PreflightRegistry preflights,
            MappingRepository mappings,
            OrgRepository orgs,
            LeadRepository leads,
            CampaignLinkRepository links,
            List<CampaignLinkValidator> validators,
            CallEstimator estimator,
            Allowance allowance,
            NamedParameterJdbcTemplate jdbc) {
        this.preflights = preflights;
        this.mappings = mappings;
        this.orgs = orgs;
        this.leads = leads;
        this.links = links;
        this.validators = validators;
        this.estimator = estimator;
        this.allowance = allowance;
        this.jdbc = jdbc;
    }

    public Map<String, Object> check(Integration integration, String event, Integer expectedLeads) {
        String org = integration.orgId();
        String vendor = integration.vendor().key();
        if (event != null && !orgs.eventExists(org, event)) throw ApiException.notFound("event '" + event + "'");
        if (expectedLeads != null && expectedLeads < 0)
            throw ApiException.badRequest("expectedLeads must be 0 or more");
        List<Finding> findings = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        VendorCallLog.start();
        try {
            run(integration, event, expectedLeads, findings, checked);
        } finally {
            Map<String, Integer> calls = VendorCallLog.stop();
            checked.add("vendor calls made by this check: " + VendorCallLog.count(calls));
        }
        boolean errors = findings.stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vendor", vendor);
        if (event != null) out.put("event", event);
        out.put("status", errors ? "not ready" : findings.isEmpty() ? "ready" : "ready with warnings");
        out.put("ready", !errors);
        out.put("problems", findings.size());
        out.put("findings", findings);
        out.put("checked", checked);
        out.put("checkedAt", Instant.now().toString());
        return out;
    }

    private void run(
            Integration integration,
            String event,
            Integer expectedLeads,
            List<Finding> findings,
            List<String> checked) {
        String vendor = integration.vendor().key();
        if (!connected(integration, findings)) return;
        Map<String, List<FieldMapping>> fields = mappings.allFields(integration.id());
        List<QualifierMapping> qualifierRows = mappings.qualifiers(integration.id());
        Set<String> objects = new LinkedHashSet<>(fields.keySet());
        qualifierRows.forEach(q -> objects.add(q.object()));
        if (objects.isEmpty()) {
            findings.add(Finding.error(
                    "mapping",
                    null,
                    null,
                    "The integration has no field mapping: every lead fails.",
                    ErrorCategory.MISSING_REQUIRED_FIELD,
                    "Set the default mapping (POST …/integrations/" + vendor + "/mappings/{object}/defaults)."));
            return;
        }
        Preflight preflight = preflights.of(integration.vendor());
        Map<String, RemoteObject> remote = new LinkedHashMap<>();
        try {
            preflight.describe(integration, objects).forEach(o -> remote.put(o.object(), o));
        } catch (VendorCallException e) {
            findings.add(Finding.error(
                    "connection",
                    null,
                    null,
                    vendor + " could not be asked for its metadata: " + e.getMessage(),
                    e.category(),
                    e.category().fixHint()));
            return;
        }
        checked.add("connection: " + vendor + " answered with the integration's credentials (token alive)");
        MappingChecker mapping = new MappingChecker(vendor, findings, checked);
        mapping.objects(remote, fields, qualifierRows);
        List<Qualifier> qualifiers = orgs.qualifiers(integration.orgId());
        mapping.qualifiers(remote, qualifiers, qualifierRows, event);
        List<Lead> recent = leads.loadAll(leads.recentIds(integration.orgId(), event, RECENT_LEADS));
        Map<String, String> eventNames = new HashMap<>();
        recent.forEach(l -> eventNames.computeIfAbsent(
                l.eventId(), e -> orgs.eventName(integration.orgId(), e).orElse(e)));
        mapping.lengths(remote, fields, recent, eventNames);
        campaigns(integration, event, qualifiers, findings, checked);
        allowance(integration, preflight, event, expectedLeads, findings, checked);
    }

    /** The connection state and quota pause: a disconnected or paused integration sends nothing. */
    private static boolean connected(Integration integration, List<Finding> findings) {
        String vendor = integration.vendor().key();
        switch (integration.state()) {
            case CONNECTED -> {}
            case NEEDS_REAUTH, DISCONNECTED -> {
                // leads wait HELD; the AUTHENTICATION failure is what put an integration in NEEDS_REAUTH
                findings.add(Finding.error(
                        "connection",
                        null,
                        null,
                        "The integration is " + integration.state()
                                + (integration.stateReason() == null ? "" : " (" + integration.stateReason() + ")")
                                + ": no lead is sent, every lead is held.",
                        integration.state() == Integration.ConnectionState.NEEDS_REAUTH
                                ? ErrorCategory.AUTHENTICATION
                                : null,
                        "Connect the integration again (POST …/integrations/" + vendor + "/connect)."));
                return false;
            }
            case DISABLED -> {
                findings.add(Finding.error(
                        "connection",
                        null,
                        null,
                        "The integration is disabled: no lead is sent, every lead is held.",
                        null,
                        "Enable the integration (POST …/integrations/" + vendor + "/enable)."));
                return false;
            }
        }
        if (integration.quotaResetAt() != null && integration.quotaResetAt().isAfter(Instant.now())) {
            findings.add(Finding.error(
                    "allowance",
                    null,
                    null,
                    "The daily API quota is used up until " + integration.quotaResetAt() + ": "
                            + integration.quotaReason(),
                    ErrorCategory.QUOTA_EXHAUSTED,
                    ErrorCategory.QUOTA_EXHAUSTED.fixHint()));
            return false;
        }
        return true;
    }

    /** The event's campaign link (or every linked event's, at most {@link #MAX_LINKS}), checked as a saved link is. */
    private void campaigns(
            Integration integration,
            String event,
            List<Qualifier> qualifiers,
            List<Finding> findings,
            List<String> checked) {
        Optional<CampaignLinkValidator> validator = validators.stream()
                .filter(v -> v.vendor() == integration.vendor())
                .findFirst();
        if (validator.isEmpty()) {
            checked.add("campaign: " + integration.vendor().key() + " has no campaign object in the hub");
            return;
        }
        List<String> events = event != null
                ? List.of(event)
                : orgs.events(integration.orgId()).stream()
                        .map(e -> String.valueOf(e.get("id")))
                        .toList();
        Map<String, CampaignLink> linked = new LinkedHashMap<>(links.forEvents(integration.id(), events));
        if (linked.isEmpty()) {
            checked.add("campaign: " + (event == null ? "no event is" : "event '" + event + "' is not")
                    + " linked to a campaign; leads get no membership");
            return;
        }
        int n = 0;
        for (var e : linked.entrySet()) {
            if (++n > MAX_LINKS) {
                checked.add(
                        "campaign: " + (linked.size() - MAX_LINKS) + " more linked events not checked; pass ?event=");
                break;
            }
            String ev = e.getKey();
            CampaignLink link = e.getValue();
            try {
                validator.get().validate(integration, link);
                checked.add("campaign: event '" + ev + "' -> " + link.campaignId()
                        + " exists, accepts members and has the statuses the link sets");
            } catch (ApiException refused) {
                ErrorCategory category = refused.status() == 409
                        ? ErrorCategory.AUTHENTICATION
                        : refused.status() == 502 ? ErrorCategory.VENDOR_UNAVAILABLE : ErrorCategory.CAMPAIGN_ERROR;
                findings.add(Finding.error(
                        "campaign",
                        null,
                        null,
                        "Event '" + ev + "': " + refused.getMessage(),
                        category,
                        category == ErrorCategory.CAMPAIGN_ERROR
                                ? "Link the event to an active campaign with valid statuses (PUT …/events/" + ev
                                        + "/campaigns/" + integration.vendor().key() + "), or remove the link."
                                : category.fixHint()));
            }
            statusCoverage(ev, link, qualifiers, findings);
        }
    }

    /** A link that chooses the status by qualifier and has no fixed status: values without a status fail their leads. */
    private static void statusCoverage(
            String event, CampaignLink link, List<Qualifier> qualifiers, List<Finding> findings) {
        if (link.statusQualifier() == null || link.memberStatus() != null) return;
        qualifiers.stream()
                .filter(q -> q.name().equals(link.statusQualifier()))
                .findFirst()
                .ifPresent(q -> {
                    List<String> without = q.values().stream()
                            .filter(v -> !link.statusMap().containsKey(v))
                            .toList();
                    if (!without.isEmpty()) {
                        findings.add(Finding.error(
                                "campaign",
                                null,
                                null,
                                "Event '" + event + "': leads tagged " + without + " ('" + q.name()
                                        + "') get no member status, and leads without the qualifier neither.",
                                ErrorCategory.CAMPAIGN_ERROR,
                                "Give the link a fixed memberStatus, or map every value of '" + q.name() + "'."));
                    }
                });
    }

    /** Today's remaining allowance against the calls the expected volume of new leads will cost. */
    private void allowance(
            Integration integration,
            Preflight preflight,
            String event,
            Integer expectedLeads,
            List<Finding> findings,
            List<String> checked) {
        String vendor = integration.vendor().key();
        int volume = expectedLeads != null ? expectedLeads : expectedVolume(integration.orgId());
        if (volume <= 0) {
            checked.add("allowance: no expected volume (no leads captured yet); pass ?expectedLeads= to check it");
            return;
        }
        Optional<Allowance.Left> left;
        try {
            left = allowance.left(integration, preflight, true);
        } catch (VendorCallException e) {
            findings.add(Finding.warning(
                    "allowance",
                    null,
                    null,
                    "The remaining API allowance could not be read: " + e.getMessage(),
                    e.category(),
                    e.category().fixHint()));
            return;
        }
        if (left.isEmpty()) {
            checked.add("allowance: no daily allowance is known for " + vendor + " (set hub.vendors." + vendor
                    + ".daily-allowance)");
            return;
        }
        CallEstimator.Estimate estimate = estimator.start(integration);
        String target = event != null ? event : anyEvent(integration.orgId());
        for (int i = 0; i < volume; i++) {
            LeadDraft d = new LeadDraft().captureId("readiness-" + i);
            d.set(LeadField.FIRST_NAME, "Expected");
            d.set(LeadField.LAST_NAME, "Lead " + i);
            d.set(LeadField.EMAIL, "expected.lead" + i + "@company" + i + ".example");
            d.set(LeadField.COMPANY, "Company " + i);
            estimate.add(UnsavedLead.of(integration.orgId(), target, d, 1), null, null);
        }
        CallForecast calls = estimate.finish();
        long need = calls.total();
        long have = left.get().calls();
        String what =
                volume + " new leads" + (expectedLeads == null ? " (the expected volume: the org's largest event)" : "")
                        + " cost about " + need + " " + vendor + " calls; " + have + " are left today ("
                        + left.get().source() + ")";
        if (need > have) {
            findings.add(Finding.error(
                    "allowance",
                    null,
                    null,
                    what + ": the rest fail with QUOTA_EXHAUSTED and wait for the reset.",
                    ErrorCategory.QUOTA_EXHAUSTED,
                    "Raise the vendor's API allowance, or push the leads over several days (Manual sync mode)."));
        } else if (need * 5 > have * 4) {
            findings.add(Finding.warning(
                    "allowance",
                    null,
                    null,
                    what + ": more than 80 % of what is left.",
                    ErrorCategory.QUOTA_EXHAUSTED,
                    "Keep other uses of the " + vendor + " API low today, or raise the allowance."));
        } else {
            checked.add("allowance: " + what);
        }
    }

    /** The expected leads of a show when none is given: as many as the org's largest event so far. */
    private int expectedVolume(String org) {
        Integer largest = jdbc.queryForObject(
                "SELECT COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM lead WHERE org_id = :org GROUP BY event_id) t",
                new MapSqlParameterSource("org", org),
                Integer.class);
        return largest == null ? 0 : largest;
    }

    private String anyEvent(String org) {
        return orgs.events(org).stream()
                .map(e -> String.valueOf(e.get("id")))
                .findFirst()
                .orElse("");
    }
}

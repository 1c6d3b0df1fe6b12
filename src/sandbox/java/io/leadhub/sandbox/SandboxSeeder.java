package io.leadhub.sandbox;

import io.leadhub.campaign.CampaignLink;
import io.leadhub.campaign.CampaignLinkRepository;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendor;
import io.leadhub.mapping.MappingDefaults;
import io.leadhub.mapping.MappingRepository;
import io.leadhub.mapping.QualifierMapping;
import io.leadhub.org.OrgRepository;
import io.leadhub.org.Qualifier;
import io.leadhub.platform.ApiKeyStore;
import io.leadhub.platform.Role;
import io.leadhub.sandbox.pardot.PardotSimulator;
import io.leadhub.sandbox.salesforce.SalesforceOrg;
import io.leadhub.sandbox.salesforce.SalesforceSimulator;
import io.leadhub.sandbox.zoho.ZohoSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seeds the sandbox's demo orgs (SPEC §13) once the web server knows its port: org {@code demo}
 * with event {@code demo-event}, sample qualifiers, and a HubSpot integration connected to the
 * HubSpot simulator in Automatic mode with default mappings, and a Marketo integration connected to
 * the Marketo simulator whose {@code demo-event} is linked to program 1001. Idempotent: existing data is kept,
 * only the simulator base URL is brought up to date. The operator key {@code hub.sandbox.api-key}
 * reaches every org. Org {@code demo-sf} has a Pardot integration connected to the Pardot simulator
 * (business unit, default mappings) with {@code demo-event} linked to a seeded campaign; Salesforce
 * joins it once that connector exists. Org {@code demo-zoho} has a Zoho CRM integration (Leads)
 * connected to the Zoho simulator, its qualifiers mapped to Zoho picklists and {@code demo-event}
 * linked to a seeded Zoho Campaign. Org {@code demo-pd} has a Pipedrive integration connected to
 * the Pipedrive simulator with default person and organization mappings.
 *
 * <p>Several hub instances on one database: the seeded integrations point at
 * {@code hub.sandbox.simulators-url} (one simulators process they share, {@link SandboxSimulators}),
 * and {@code hub.sandbox.seed=false} leaves the seeding to one of them. Instances that seed at the
 * same moment do not collide: the seed is one transaction, and the instance that finds the other's
 * rows in its way (a duplicate key) rolls back and seeds again, finding them all.
 */
@Component
@Profile("sandbox")
class SandboxSeeder {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxSeeder.class);
    static final String EVENT = "demo-event";
    private static final int SEED_ATTEMPTS = 5;

    private final OrgRepository orgs;
    private final ApiKeyStore keys;
    private final IntegrationRepository integrations;
    private final MappingRepository mappings;
    private final MappingDefaults defaults;
    private final String apiKey;
    private final String hubspotClientId;
    private final String hubspotClientSecret;
    private final String hubspotRefreshToken;
    private final String pardotClientId;
    private final String pardotClientSecret;
    private final String pardotRefreshToken;
    private final CampaignLinkRepository campaignLinks;
    private final PardotSimulator pardot;
    private final String marketoClientId;
    private final String marketoClientSecret;
    private final String zohoClientId;
    private final String zohoClientSecret;
    private final String zohoRefreshToken;
    private final String pipedriveClientId;
    private final String pipedriveClientSecret;
    private final String pipedriveRefreshToken;

    SandboxSeeder(
            OrgRepository orgs,
            ApiKeyStore keys,
            IntegrationRepository integrations,
            MappingRepository mappings,
            MappingDefaults defaults,
            @Value("${hub.sandbox.api-key}") String apiKey,
            @Value("${hub.sandbox.hubspot.client-id:sandbox-hubspot-client}") String hubspotClientId,
            @Value("${hub.sandbox.hubspot.client-secret:sandbox-hubspot-secret}") String hubspotClientSecret,
            @Value("${hub.sandbox.hubspot.seed-refresh-token:sandbox-hubspot-refresh}") String hubspotRefreshToken,
            @Value("${hub.sandbox.pardot.client-id:sandbox-pardot-client}") String pardotClientId,
            @Value("${hub.sandbox.pardot.client-secret:sandbox-pardot-secret}") String pardotClientSecret,
            @Value("${hub.sandbox.pardot.seed-refresh-token:sandbox-pardot-refresh}") String pardotRefreshToken,
            CampaignLinkRepository campaignLinks,
            PardotSimulator pardot,
            @Value("${hub.sandbox.marketo.client-id:sandbox-marketo-client}") String marketoClientId,
            @Value("${hub.sandbox.marketo.client-secret:sandbox-marketo-secret}") String marketoClientSecret,
            @Value("${hub.sandbox.zoho.client-id:sandbox-zoho-client}") String zohoClientId,
            @Value("${hub.sandbox.zoho.client-secret:sandbox-zoho-secret}") String zohoClientSecret,
            @Value("${hub.sandbox.zoho.refresh-token:sandbox-zoho-refresh}") String zohoRefreshToken,
            @Value("${hub.sandbox.pipedrive.client-id:sandbox-pipedrive-client}") String pipedriveClientId,
            @Value("${hub.sandbox.pipedrive.client-secret:sandbox-pipedrive-secret}") String pipedriveClientSecret,
            @Value("${hub.sandbox.pipedrive.seed-refresh-token:sandbox-pipedrive-refresh}")
                    String pipedriveRefreshToken,
            SalesforceSimulator salesforceSimulator,
            SalesforceOrg salesforceOrg,
            TransactionTemplate tx,
            @Value("${hub.sandbox.simulators-url:}") String simulatorsUrl,
            @Value("${hub.sandbox.seed:true}") boolean seedDemo) {
        this.orgs = orgs;
        this.keys = keys;
        this.integrations = integrations;
        this.mappings = mappings;
        this.defaults = defaults;
        this.apiKey = apiKey;
        this.hubspotClientId = hubspotClientId;
        this.hubspotClientSecret = hubspotClientSecret;
        this.hubspotRefreshToken = hubspotRefreshToken;
        this.pardotClientId = pardotClientId;
        this.pardotClientSecret = pardotClientSecret;
        this.pardotRefreshToken = pardotRefreshToken;
        this.campaignLinks = campaignLinks;
        this.pardot = pardot;
        this.marketoClientId = marketoClientId;
        this.marketoClientSecret = marketoClientSecret;
        this.zohoClientId = zohoClientId;
        this.zohoClientSecret = zohoClientSecret;
        this.zohoRefreshToken = zohoRefreshToken;
        this.pipedriveClientId = pipedriveClientId;
        this.pipedriveClientSecret = pipedriveClientSecret;
        this.pipedriveRefreshToken = pipedriveRefreshToken;
        this.salesforceSimulator = salesforceSimulator;
        this.salesforceOrg = salesforceOrg;
        this.tx = tx;
        this.simulatorsUrl = simulatorsUrl;
        this.seedDemo = seedDemo;
    }

    private final SalesforceSimulator salesforceSimulator;
    private final SalesforceOrg salesforceOrg;
    private final TransactionTemplate tx;
    private final String simulatorsUrl;
    private final boolean seedDemo;

    private String self;
    private String simulators;

    /**
     * Seeds as soon as the port is known: the demo integrations point at {@code hub.sandbox.simulators-url},
     * or at this hub's own simulators when it is empty or {@code {hub}} / {@code {self}}.
     */
    @EventListener
    public void seed(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getParent() != null) return;
        self = "http://127.0.0.1:" + event.getWebServer().getPort();
        simulators = simulatorsUrl.isBlank()
                ? self
                : simulatorsUrl.replace("{hub}", self).replace("{self}", self);
        if (!seedDemo) {
            LOG.info("Sandbox: demo orgs are seeded by another instance (hub.sandbox.seed=false)");
            return;
        }
        seedDemoOrgs("", simulators);
    }

    /**
     * Seeds the demo orgs, their ids prefixed with {@code prefix} (the sandbox's own: none), with
     * integrations pointing at the simulators under {@code simulatorsBase}: in one transaction, done
     * again when another instance seeding at the same moment got in the way (its rows are then
     * found and kept).
     */
    void seedDemoOrgs(String prefix, String simulatorsBase) {
        for (int attempt = 1; ; attempt++) {
            try {
                tx.executeWithoutResult(status -> seedAll(prefix, simulatorsBase));
                return;
            } catch (DataIntegrityViolationException | ConcurrencyFailureException e) {
                if (attempt == SEED_ATTEMPTS) throw e;
                LOG.info(
                        "Sandbox: another instance seeded at the same moment ({}); seeding again",
                        e.getMostSpecificCause().getMessage());
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void seedAll(String prefix, String base) {
        keys.ensure(apiKey, null, Role.OPERATOR, "sandbox operator key");
        seedOrg(prefix + "demo", "Demo Robotics (HubSpot + Marketo)");
        connectHubSpot(prefix + "demo", base + "/sandbox/hubspot");
        connectMarketo(prefix + "demo", base + "/sandbox/marketo");
        seedOrg(prefix + "demo-sf", "Demo Systems (Salesforce + Pardot)");
        connectPardot(prefix + "demo-sf", base + "/sandbox/pardot");
        connectSalesforce(prefix + "demo-sf", base + "/sandbox/salesforce");
        seedOrg(prefix + "demo-zoho", "Demo Zoho (Zoho CRM)");
        connectZoho(prefix + "demo-zoho", base + "/sandbox/zoho");
        seedOrg(prefix + "demo-pd", "Demo Drones (Pipedrive)");
        connectPipedrive(prefix + "demo-pd", base + "/sandbox/pipedrive");
    }

    /** Announces the sandbox once every route is running. */
    @EventListener(ApplicationReadyEvent.class)
    public void ready() {
        LOG.info(
                "Sandbox ready: console at {}/console and API at {}/api/v1 (operator key '{}'), simulators at {}/sandbox/..., demo orgs: demo, demo-sf, demo-zoho, demo-pd",
                self,
                self,
                apiKey,
                simulators);
    }

    private void seedOrg(String org, String name) {
        if (orgs.exists(org)) return;
        orgs.createOrg(org, name);
        orgs.createEvent(org, EVENT, "Demo Expo 2026", null, null, "Europe/Berlin");
        orgs.replaceQualifiers(
                org,
                List.of(
                        new Qualifier("Lead type", List.of("Hot", "Warm", "Cold", "VIP"), false, false, null, true),
                        new Qualifier(
                                "Product interest", List.of("Robots", "Drones", "Software"), true, false, null, true)));
    }

    /**
     * Connects (or re-points) the org's HubSpot integration to the simulator. Credentials are only
     * stored the first time, so tokens rotated later are kept.
     */
    void connectHubSpot(String org, String baseUrl) {
        boolean fresh = integrations.find(org, Vendor.HUBSPOT).isEmpty();
        long id = integrations.upsert(
                org,
                Vendor.HUBSPOT,
                fresh
                        ? Integration.SyncMode.AUTOMATIC
                        : integrations.find(org, Vendor.HUBSPOT).get().syncMode(),
                baseUrl,
                Map.of(),
                Integration.ConnectionState.CONNECTED);
        if (!fresh) return;
        integrations.saveCredentials(
                id,
                Map.of(
                        "refreshToken",
                        hubspotRefreshToken,
                        "clientId",
                        hubspotClientId,
                        "clientSecret",
                        hubspotClientSecret),
                null);
        defaults.all(Vendor.HUBSPOT).forEach((object, rows) -> mappings.replaceFields(org, id, object, rows));
        List<QualifierMapping> q = new ArrayList<>();
        for (String v : List.of("Hot", "Warm", "Cold")) {
            q.add(new QualifierMapping("Lead type", v, "contact", "leadhub_lead_type", v.toLowerCase()));
        }
        for (String v : List.of("Robots", "Drones", "Software")) {
            q.add(new QualifierMapping("Product interest", v, "contact", "leadhub_product_interest", v.toLowerCase()));
        }
        mappings.replaceQualifiers(org, id, q);
    }

    /**
     * Connects (or re-points) the org's Pardot integration to the simulator: business unit id,
     * default prospect mapping, qualifier mappings like {@code demo}'s, and {@code demo-event}
     * linked to the simulator's first campaign. The credentials carry no tokenUrl, so the token
     * endpoint is found beside the (re-pointed) base URL: {@code <baseUrl>/services/oauth2/token}.
     */
    void connectPardot(String org, String baseUrl) {
        var existing = integrations.find(org, Vendor.PARDOT);
        long id = integrations.upsert(
                org,
                Vendor.PARDOT,
                existing.map(Integration::syncMode).orElse(Integration.SyncMode.AUTOMATIC),
                baseUrl,
                Map.of("businessUnitId", pardot.businessUnitId()),
                Integration.ConnectionState.CONNECTED);
        if (existing.isPresent()) return;
        integrations.saveCredentials(
                id,
                Map.of(
                        "refreshToken",
                        pardotRefreshToken,
                        "clientId",
                        pardotClientId,
                        "clientSecret",
                        pardotClientSecret),
                null);
        defaults.all(Vendor.PARDOT).forEach((object, rows) -> mappings.replaceFields(org, id, object, rows));
        List<QualifierMapping> q = new ArrayList<>();
        for (String v : List.of("Hot", "Warm", "Cold")) {
            q.add(new QualifierMapping("Lead type", v, "prospect", "leadhubLeadType__c", v.toLowerCase()));
        }
        q.add(new QualifierMapping("Product interest", null, "prospect", "leadhubProductInterest__c", null));
        mappings.replaceQualifiers(org, id, q);
        campaignLinks.save(
                org,
                EVENT,
                id,
                new CampaignLink(String.valueOf(PardotSimulator.DEMO_CAMPAIGN_ID), null, null, null, 0));
    }

    /**
     * Connects (or re-points) the org's Marketo integration to the simulator: client credentials,
     * default lead mapping, the qualifiers sent as text, and {@code demo-event} linked to program
     * 1001 "Demo Expo 2026" with the status chosen by "Lead type" (Hot -> Engaged, Warm / Cold ->
     * Visited Booth, anything else -> Visited Booth). Credentials and the link are only written the
     * first time.
     */
    void connectMarketo(String org, String baseUrl) {
        boolean fresh = integrations.find(org, Vendor.MARKETO).isEmpty();
        long id = integrations.upsert(
                org,
                Vendor.MARKETO,
                fresh
                        ? Integration.SyncMode.AUTOMATIC
                        : integrations.find(org, Vendor.MARKETO).get().syncMode(),
                baseUrl,
                Map.of(),
                Integration.ConnectionState.CONNECTED);
        if (!fresh) return;
        integrations.saveCredentials(
                id,
                Map.of(
                        "grantType",
                        "client_credentials",
                        "clientId",
                        marketoClientId,
                        "clientSecret",
                        marketoClientSecret),
                null);
        defaults.all(Vendor.MARKETO).forEach((object, rows) -> mappings.replaceFields(org, id, object, rows));
        mappings.replaceQualifiers(
                org,
                id,
                List.of(
                        new QualifierMapping("Lead type", null, "lead", "leadhubLeadType", null),
                        new QualifierMapping("Product interest", null, "lead", "leadhubProductInterest", null)));
        campaignLinks.save(
                org,
                EVENT,
                id,
                new CampaignLink(
                        "1001",
                        "Visited Booth",
                        "Lead type",
                        Map.of("Hot", "Engaged", "Warm", "Visited Booth", "Cold", "Visited Booth"),
                        0));
    }

    /**
     * Connects (or re-points) the org's Zoho CRM integration to the simulator, syncing to Leads:
     * refresh-token credentials (no tokenUrl: the token endpoint is found beside the base URL),
     * default lead mapping, "Lead type" and "Product interest" mapped to the simulated org's
     * picklists (VIP deliberately unmapped), and {@code demo-event} linked to the seeded campaign
     * "Demo Expo 2026" (Hot -> Responded, anything else -> Received). Credentials, mappings and the
     * link are only written the first time.
     */
    void connectZoho(String org, String baseUrl) {
        var existing = integrations.find(org, Vendor.ZOHO);
        long id = integrations.upsert(
                org,
                Vendor.ZOHO,
                existing.map(Integration::syncMode).orElse(Integration.SyncMode.AUTOMATIC),
                baseUrl,
                Map.of("module", "Leads"),
                Integration.ConnectionState.CONNECTED);
        if (existing.isPresent()) return;
        integrations.saveCredentials(
                id,
                Map.of("refreshToken", zohoRefreshToken, "clientId", zohoClientId, "clientSecret", zohoClientSecret),
                null);
        defaults.forObject(Vendor.ZOHO, "lead").ifPresent(rows -> mappings.replaceFields(org, id, "lead", rows));
        List<QualifierMapping> q = new ArrayList<>();
        for (String v : List.of("Hot", "Warm", "Cold")) {
            q.add(new QualifierMapping("Lead type", v, "lead", "Leadhub_Lead_Type", v));
        }
        for (String v : List.of("Robots", "Drones", "Software")) {
            q.add(new QualifierMapping("Product interest", v, "lead", "Leadhub_Product_Interest", v));
        }
        mappings.replaceQualifiers(org, id, q);
        campaignLinks.save(
                org,
                EVENT,
                id,
                new CampaignLink(
                        ZohoSimulator.DEMO_CAMPAIGN_ID, "Received", "Lead type", Map.of("Hot", "Responded"), 0));
    }

    /**
     * Connects (or re-points) the org's Salesforce integration to the simulator (login and instance
     * URL): strategy "Leads and Contacts", default Lead / Contact / Account mappings, "Lead type" to
     * the org's restricted picklist Lead_Type__c (VIP left unmapped), "Product interest" as text to
     * Show_Notes__c, and {@code demo-event} linked to the Campaign "Demo Expo 2026" (seeded once, with
     * the ordered member statuses Visited Booth, Talked to Sales, Demo Given; part of the simulated org, it is
     * put back after a {@code _reset}): Hot leads become
     * "Demo Given" members, the others "Visited Booth".
     */
    void connectSalesforce(String org, String baseUrl) {
        var existing = integrations.find(org, Vendor.SALESFORCE);
        long id = integrations.upsert(
                org,
                Vendor.SALESFORCE,
                existing.map(Integration::syncMode).orElse(Integration.SyncMode.AUTOMATIC),
                baseUrl,
                existing.map(Integration::settings).orElse(Map.of("strategy", "LEADS_AND_CONTACTS")),
                Integration.ConnectionState.CONNECTED);
        if (existing.isPresent()) return;
        integrations.saveCredentials(
                id,
                Map.of(
                        "refreshToken",
                        salesforceSimulator.seedRefreshToken(),
                        "clientId",
                        salesforceSimulator.clientId(),
                        "clientSecret",
                        salesforceSimulator.clientSecret()),
                null);
        for (String object : List.of("lead", "contact", "account")) {
            defaults.forObject(Vendor.SALESFORCE, object)
                    .ifPresent(rows -> mappings.replaceFields(org, id, object, rows));
        }
        List<QualifierMapping> q = new ArrayList<>();
        for (String v : List.of("Hot", "Warm", "Cold")) {
            q.add(new QualifierMapping("Lead type", v, "lead", "Lead_Type__c", v));
        }
        q.add(new QualifierMapping("Product interest", null, "lead", "Show_Notes__c", null));
        mappings.replaceQualifiers(org, id, q);
        String campaign = salesforceOrg.demoCampaign();
        campaignLinks.save(
                org,
                EVENT,
                id,
                new CampaignLink(campaign, "Visited Booth", "Lead type", Map.of("Hot", "Demo Given"), 0));
    }

    /**
     * Connects (or re-points) the org's Pipedrive integration to the simulator: refresh token and
     * client credentials, default person and organization mappings, "Lead type" to the sandbox
     * account's enum field (option ids 101-103) and "Product interest" as text. The credentials carry
     * no tokenUrl, so the token endpoint is found beside the base URL: {@code <baseUrl>/oauth/token}.
     * Pipedrive has no campaign object (SPEC §7): no campaign link.
     */
    void connectPipedrive(String org, String baseUrl) {
        var existing = integrations.find(org, Vendor.PIPEDRIVE);
        long id = integrations.upsert(
                org,
                Vendor.PIPEDRIVE,
                existing.map(Integration::syncMode).orElse(Integration.SyncMode.AUTOMATIC),
                baseUrl,
                Map.of(),
                Integration.ConnectionState.CONNECTED);
        if (existing.isPresent()) return;
        integrations.saveCredentials(
                id,
                Map.of(
                        "refreshToken",
                        pipedriveRefreshToken,
                        "clientId",
                        pipedriveClientId,
                        "clientSecret",
                        pipedriveClientSecret,
                        "clientAuth",
                        "basic"),
                null);
        defaults.all(Vendor.PIPEDRIVE).forEach((object, rows) -> mappings.replaceFields(org, id, object, rows));
        String leadType = "329aad4ff561215110d3a083476f11870577a9e6";
        mappings.replaceQualifiers(
                org,
                id,
                List.of(
                        new QualifierMapping("Lead type", "Hot", "person", leadType, "101"),
                        new QualifierMapping("Lead type", "Warm", "person", leadType, "102"),
                        new QualifierMapping("Lead type", "Cold", "person", leadType, "103"),
                        new QualifierMapping(
                                "Product interest", null, "person", "56fb426458882fc8c04d6065282bad8f308bf45d", null)));
    }
}

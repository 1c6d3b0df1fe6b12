package io.leadhub.connector.salesforce;

import io.leadhub.campaign.CampaignLinkRepository;
import io.leadhub.connector.CallForecast;
import io.leadhub.connector.CampaignMembershipRule;
import io.leadhub.connector.Preflight;
import io.leadhub.connector.PreviewRecord;
import io.leadhub.connector.RemoteField;
import io.leadhub.connector.RemoteObject;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorCallException;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Salesforce before the show: the describe of every mapped sObject (object and field-level access
 * of the integration user, lengths, restricted picklists, required fields), the day's remaining API
 * requests from {@code /limits}, a preview that runs the connector's own match and pre-check (SOQL
 * and describe only, no write), and the calls a sync costs in batches of 200.
 */
@Component
class SalesforcePreflight implements Preflight {
    private static final String QUERY = "GET /query (SOQL)";
    private static final String DESCRIBE = "GET /sobjects/{object}/describe";
    private static final String CREATE = "POST /composite/sobjects";
    private static final String UPDATE = "PATCH /composite/sobjects";
    private static final String CONTACT_LOOKUP = "Id, Email, AccountId, LastModifiedDate";
    private static final String LEAD_LOOKUP = "Id, Email, IsConverted, ConvertedContactId, LastModifiedDate";

    private final SalesforceApi api;
    private final SalesforceMetadata metadata;
    private final SalesforceMatcher matcher;
    private final SalesforcePreCheck preCheck;
    private final CampaignLinkRepository links;

    SalesforcePreflight(
            SalesforceApi api,
            SalesforceMetadata metadata,
            SalesforceMatcher matcher,
            SalesforcePreCheck preCheck,
            CampaignLinkRepository links) {
        this.api = api;
        this.metadata = metadata;
        this.matcher = matcher;
        this.preCheck = preCheck;
        this.links = links;
    }

    @Override
    public Vendor vendor() {
        return Vendor.SALESFORCE;
    }

    @Override
    public List<RemoteObject> describe(Integration integration, Collection<String> objects) {
        SalesforceStrategy strategy = SalesforceStrategy.of(integration.setting(SalesforceStrategy.SETTING, null));
        List<RemoteObject> out = new ArrayList<>();
        for (String object : objects) {
            String sObject = sObject(object);
            SalesforceMetadata.Describe d;
            try {
                d = metadata.refresh(integration, sObject);
            } catch (VendorCallException e) {
                if (!objectProblem(e)) throw e;
                out.add(RemoteObject.missing(object, sObject, e.getMessage()));
                continue;
            }
            boolean creates = creates(strategy, sObject);
            boolean updates = updates(strategy, sObject);
            String hubLookup = sObject.endsWith("__c") ? lookupToLeadOrContact(d) : null;
            Map<String, RemoteField> fields = new LinkedHashMap<>();
            for (SalesforceMetadata.Field f : d.fields().values()) {
                boolean filledByHub = f.name().equals(hubLookup)
                        || ("Account".equals(sObject) && "Name".equals(f.name()))
                        || ("Contact".equals(sObject) && "AccountId".equals(f.name()));
                fields.put(
                        f.name(),
                        new RemoteField(
                                f.name(),
                                f.type(),
                                f.textual() && f.length() > 0 ? f.length() : null,
                                f.createable(),
                                f.updateable(),
                                f.requiredOnCreate() && !filledByHub,
                                f.restrictedPicklist() && !f.picklist().isEmpty(),
                                List.copyOf(f.picklist())));
            }
            out.add(new RemoteObject(
                    object,
                    d.object(),
                    true,
                    null,
                    creates,
                    updates,
                    d.createable(),
                    d.updateable(),
                    true,
                    true,
                    fields));
        }
        return out;
    }

    /** The API requests left today, from the org's {@code /limits} (one call). */
    @Override
    public OptionalLong allowanceLeft(Integration integration) {
        var daily = api.limits(integration).path("DailyApiRequests");
        return daily.hasNonNull("Remaining")
                ? OptionalLong.of(daily.path("Remaining").asLong())
                : OptionalLong.empty();
    }

    @Override
    public List<PreviewRecord> preview(SyncBatch batch) {
        // the live describe, not the batches' cached one: a field made read-only since shows in the preview
        metadata.invalidate(batch.integration().id());
        matcher.matchRecords(batch, false);
        preCheck.checkFields(batch);
        List<PreviewRecord> out = new ArrayList<>();
        for (SalesforcePlan p : SalesforcePlan.of(batch)) {
            if (p.accountRecord != null) {
                out.add(PreviewRecord.write("account", "Account", null, p.accountRecord));
            } else if (p.accountId != null) {
                out.add(new PreviewRecord("account", "Account", PreviewRecord.ASSOCIATE, p.accountId, null));
            }
            if (p.sObject == null || p.record == null) continue;
            out.add(PreviewRecord.write(p.mappingObject(), p.sObject, p.id, p.record));
            for (var e : p.item.mapped().entrySet()) {
                if (!e.getKey().toLowerCase(Locale.ROOT).endsWith("__c")
                        || e.getValue().values().isEmpty()) continue;
                out.add(new PreviewRecord(
                        e.getKey(),
                        e.getKey(),
                        CampaignMembershipRule.CREATE_OR_UPDATE,
                        null,
                        e.getValue().values()));
            }
            if (p.item.pending()) {
                out.addAll(CampaignMembershipRule.preview(
                        links, batch.integration().id(), p.item, "campaign", "CampaignMember", p.id == null));
            }
        }
        return out;
    }

    @Override
    public Forecaster forecaster(Integration integration) {
        return new SalesforceForecast(integration);
    }

    /** The calls of the route's steps per batch of 200, in order: lookups, describes, writes, follow-ups. */
    private final class SalesforceForecast implements Forecaster {
        private final Integration integration;
        private final SalesforceStrategy strategy;
        private final int budget;
        private final CallForecast f = new CallForecast();
        private final Set<String> described = new HashSet<>();
        private final Set<String> accountsSeen = new HashSet<>();
        private final Set<String> statusesRead = new HashSet<>();

        SalesforceForecast(Integration integration) {
            this.integration = integration;
            this.strategy = SalesforceStrategy.of(integration.setting(SalesforceStrategy.SETTING, null));
            this.budget = SalesforceLimits.queryBudget(
                    integration.setting("instanceUrl", integration.baseUrl()), api.apiVersion(integration));
            f.assume("a lead without a stored Salesforce id is new: no lookup finds it and it is created as a "
                    + (strategy == SalesforceStrategy.ACCOUNTS_AND_CONTACTS ? "Contact" : "Lead"));
        }

        @Override
        public void batch(List<SyncItem> all) {
            List<SyncItem> batch = all.stream().filter(SyncItem::pending).toList();
            if (batch.isEmpty()) return;
            Map<String, List<String>> keys = new LinkedHashMap<>();
            keys.put(
                    "Id",
                    batch.stream()
                            .map(SyncItem::storedVendorId)
                            .filter(Objects::nonNull)
                            .distinct()
                            .toList());
            keys.put(
                    "Email",
                    batch.stream()
                            .map(i -> i.lead().emailNorm())
                            .filter(Objects::nonNull)
                            .distinct()
                            .toList());
            if (strategy.contactsFirst())
                f.add(
                        QUERY,
                        SoqlBuilder.lookups(CONTACT_LOOKUP, "Contact", keys, null, budget)
                                .size());
            if (strategy.leads())
                f.add(
                        QUERY,
                        SoqlBuilder.lookups(LEAD_LOOKUP, "Lead", keys, null, budget)
                                .size());
            String created = strategy == SalesforceStrategy.ACCOUNTS_AND_CONTACTS ? "Contact" : "Lead";
            if (strategy == SalesforceStrategy.ACCOUNTS_AND_CONTACTS) {
                Set<String> accounts = new LinkedHashSet<>();
                batch.forEach(i -> {
                    String key = SalesforceMatcher.accountKey(i.lead());
                    if (key != null && i.storedVendorId() == null && accountsSeen.add(key)) accounts.add(key);
                });
                f.addChunks(QUERY, accounts.size(), 40);
                if (!accounts.isEmpty() && describeOnce("Account")) f.add(DESCRIBE, 1);
                f.addChunks(CREATE, accounts.size(), SalesforceWriter.BATCH_MAX);
            }
            if (describeOnce(created)) f.add(DESCRIBE, 1);
            // two new leads of one batch with one email make one record
            long creates = batch.stream()
                            .filter(i -> i.storedVendorId() == null && i.lead().emailNorm() != null)
                            .map(i -> i.lead().emailNorm())
                            .distinct()
                            .count()
                    + batch.stream()
                            .filter(i -> i.storedVendorId() == null && i.lead().emailNorm() == null)
                            .count();
            f.addChunks(CREATE, creates, SalesforceWriter.BATCH_MAX);
            f.addChunks(
                    UPDATE,
                    batch.stream().filter(i -> i.storedVendorId() != null).count(),
                    SalesforceWriter.BATCH_MAX);
            Set<String> custom = new LinkedHashSet<>();
            batch.forEach(i -> i.mapped().forEach((k, v) -> {
                if (k.toLowerCase(Locale.ROOT).endsWith("__c") && !v.values().isEmpty()) custom.add(k);
            }));
            for (String object : custom) {
                if (describeOnce(object)) f.add(DESCRIBE, 1);
                f.addChunks(
                        CREATE,
                        batch.stream().filter(i -> i.mapped(object) != null).count(),
                        SalesforceWriter.BATCH_MAX);
            }
            f.addChunks(
                    CREATE,
                    batch.stream().mapToLong(i -> i.lead().activities().size()).sum(),
                    SalesforceWriter.BATCH_MAX);
            var linked = links.forEvents(
                    integration.id(),
                    batch.stream().map(i -> i.lead().eventId()).distinct().toList());
            if (!linked.isEmpty()) {
                linked.values().forEach(l -> {
                    if (statusesRead.add(l.campaignId())) f.add(QUERY, 1);
                });
                long members = batch.stream()
                        .filter(i -> linked.containsKey(i.lead().eventId()))
                        .count();
                // the existing members are looked up only for records the batch updates, not for new ones
                if (batch.stream().anyMatch(i -> linked.containsKey(i.lead().eventId()) && i.storedVendorId() != null))
                    f.add(QUERY, 1);
                f.addChunks(CREATE, members, SalesforceWriter.BATCH_MAX);
                f.assume("every lead of an event linked to a Campaign is a new CampaignMember");
            }
        }

        @Override
        public CallForecast result() {
            return f;
        }

        private boolean describeOnce(String sObject) {
            return described.add(sObject.toLowerCase(Locale.ROOT)) && !metadata.cached(integration, sObject);
        }
    }

    /** The sObject of a mapping object: lead → Lead, contact → Contact, account → Account, custom objects as named. */
    static String sObject(String object) {
        return switch (object.toLowerCase(Locale.ROOT)) {
            case "lead" -> "Lead";
            case "contact" -> "Contact";
            case "account" -> "Account";
            default -> object;
        };
    }

    private static boolean creates(SalesforceStrategy strategy, String sObject) {
        return switch (sObject) {
            case "Lead" -> strategy.leads();
            case "Contact", "Account" -> strategy == SalesforceStrategy.ACCOUNTS_AND_CONTACTS;
            default -> true;
        };
    }

    private static boolean updates(SalesforceStrategy strategy, String sObject) {
        return switch (sObject) {
            case "Lead" -> strategy.leads();
            case "Contact" -> strategy.contactsFirst();
            case "Account" -> false;
            default -> true;
        };
    }

    private static String lookupToLeadOrContact(SalesforceMetadata.Describe d) {
        String lead = d.referenceTo("Lead");
        return lead != null ? lead : d.referenceTo("Contact");
    }

    /** A describe refused for the object itself (unknown, not visible), not for the whole connection. */
    private static boolean objectProblem(VendorCallException e) {
        return switch (e.category()) {
            case AUTHENTICATION, QUOTA_EXHAUSTED, RATE_LIMITED, VENDOR_UNAVAILABLE -> false;
            default -> true;
        };
    }
}

package io.leadhub.connector.zoho;

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
import io.leadhub.connector.VendorRecordCache;
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
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Zoho before the show: the field metadata of the module the integration writes (and of Accounts in
 * Contacts mode): read-only and system-mandatory fields, lengths and strict picklists; a preview
 * that reads the existing record (COQL) and checks the values the way the connector does; and the
 * calls a sync costs in batches of 100.
 */
@Component
class ZohoPreflight implements Preflight {
    private static final String COQL = "POST /crm/v8/coql";

    private final ZohoConnector connector;
    private final ZohoFieldMetadata metadata;
    private final ZohoReader reads;
    private final VendorRecordCache cache;
    private final CampaignLinkRepository links;

    ZohoPreflight(
            ZohoConnector connector,
            ZohoFieldMetadata metadata,
            ZohoReader reads,
            VendorRecordCache cache,
            CampaignLinkRepository links) {
        this.connector = connector;
        this.metadata = metadata;
        this.reads = reads;
        this.cache = cache;
        this.links = links;
    }

    @Override
    public Vendor vendor() {
        return Vendor.ZOHO;
    }

    @Override
    public List<RemoteObject> describe(Integration integration, Collection<String> objects) {
        ZohoConnector.Target target = ZohoConnector.Target.of(integration);
        boolean contacts = ZohoSettings.contactsMode(integration);
        List<RemoteObject> out = new ArrayList<>();
        for (String object : objects) {
            String module = switch (object) {
                case ZohoConnector.LEAD -> "Leads";
                case ZohoConnector.CONTACT -> "Contacts";
                case ZohoConnector.ACCOUNT -> "Accounts";
                default -> null;
            };
            if (module == null) {
                out.add(RemoteObject.missing(object, object, "the hub writes only Zoho Leads, Contacts and Accounts"));
                continue;
            }
            boolean used = target.object().equals(object) || (contacts && ZohoConnector.ACCOUNT.equals(object));
            metadata.forget(integration, module);
            Map<String, ZohoFieldMetadata.Field> meta;
            try {
                meta = metadata.of(integration, module);
            } catch (VendorCallException e) {
                if (e.category().retriedAutomatically() || e.category() == ErrorCategory.AUTHENTICATION) throw e;
                out.add(RemoteObject.missing(object, module, e.getMessage()));
                continue;
            }
            Map<String, RemoteField> fields = new LinkedHashMap<>();
            meta.values().forEach(f -> {
                // a Contact's account is set by the hub (the Account it found or created)
                boolean filledByHub = "Contacts".equals(module) && "Account_Name".equals(f.apiName());
                fields.put(
                        f.apiName(),
                        new RemoteField(
                                f.apiName(),
                                f.dataType(),
                                f.length(),
                                !f.readOnly(),
                                !f.readOnly(),
                                f.mandatory() && !filledByHub,
                                f.picklist() || f.multiSelect(),
                                f.pickListValues()));
            });
            out.add(new RemoteObject(object, module, true, null, used, used, true, true, true, false, fields));
        }
        return out;
    }

    @Override
    public List<PreviewRecord> preview(SyncBatch batch) {
        Integration integration = batch.integration();
        ZohoConnector.Target target = ZohoConnector.Target.of(integration);
        List<PreviewRecord> out = new ArrayList<>();
        for (SyncItem item : batch.pending()) {
            MappedObject mapped = item.mapped(target.object());
            if (mapped == null) {
                item.fail(
                        ErrorCategory.MISSING_REQUIRED_FIELD,
                        null,
                        "the integration has no Zoho " + target.object() + " mapping");
                continue;
            }
            if (item.storedVendorId() == null && item.lead().emailNorm() == null) {
                item.fail(
                        ErrorCategory.MISSING_REQUIRED_FIELD,
                        null,
                        "the lead has no email: Zoho " + target.module()
                                + " are matched by Email (duplicate check field); add one and retry");
                continue;
            }
            try {
                Map<String, ZohoFieldMetadata.Field> meta = metadata.of(integration, target.module());
                JsonNode existing = reads.existingRecords(
                                integration, target.module(), target.object(), List.of(item), meta, false)
                        .get(item);
                item.trace(target.module() + ": "
                        + (item.storedVendorId() != null ? "stored id " + item.storedVendorId() + " or " : "")
                        + "Email " + item.lead().emailNorm()
                        + (existing != null
                                ? ": found " + existing.path("id").asText() + " -> the upsert updates it"
                                : ": none -> the upsert inserts a record"));
                Map<String, Object> record =
                        connector.checked(item, mapped, target.module(), meta, conditionalOnly(mapped, existing));
                if (record == null) continue;
                if (ZohoSettings.contactsMode(integration)) account(integration, item, record, out);
                String id = existing == null ? null : existing.path("id").asText();
                out.add(PreviewRecord.write(target.object(), target.module(), id, record));
                for (var a : item.lead().activities()) {
                    out.add(new PreviewRecord("note", "Notes", PreviewRecord.CREATE, null, Map.of("activity", a.id())));
                }
                out.addAll(CampaignMembershipRule.preview(
                        links, integration.id(), item, "campaign", "Campaigns." + target.module(), id == null));
            } catch (VendorCallException e) {
                item.fail(e.category(), e.vendorCode(), e.getMessage(), e.retryAt());
            }
        }
        return out;
    }

    /** The existing record as the write path sees it: only read when the lead has conditional fields. */
    private static JsonNode conditionalOnly(MappedObject mapped, JsonNode existing) {
        return mapped.conditionalFields().isEmpty() ? null : existing;
    }

    private void account(Integration integration, SyncItem item, Map<String, Object> record, List<PreviewRecord> out) {
        if (item.storedCompanyId() != null) {
            record.put("Account_Name", Map.of("id", item.storedCompanyId()));
            out.add(new PreviewRecord(
                    ZohoConnector.ACCOUNT, "Accounts", PreviewRecord.ASSOCIATE, item.storedCompanyId(), null));
            return;
        }
        MappedObject account = item.mapped(ZohoConnector.ACCOUNT);
        Object name = account == null ? null : account.get("Account_Name");
        if (name == null || name.toString().isBlank()) {
            item.trace("Account: no company on the lead; the contact has no account");
            return;
        }
        String key = name.toString().trim().toLowerCase(Locale.ROOT);
        String known = cache.companies(integration.id(), List.of(key)).get(key);
        if (known != null) {
            record.put("Account_Name", Map.of("id", known));
            out.add(new PreviewRecord(ZohoConnector.ACCOUNT, "Accounts", PreviewRecord.ASSOCIATE, known, null));
        } else {
            record.put("Account_Name", Map.of("id", "(the account's id)"));
            out.add(new PreviewRecord(
                    ZohoConnector.ACCOUNT,
                    "Accounts",
                    CampaignMembershipRule.CREATE_OR_UPDATE,
                    null,
                    account.values()));
            item.trace("Account: upsert by Account_Name '" + key + "'");
        }
    }

    @Override
    public Forecaster forecaster(Integration integration) {
        ZohoConnector.Target target = ZohoConnector.Target.of(integration);
        boolean contacts = ZohoSettings.contactsMode(integration);
        return new Forecaster() {
            private final CallForecast f = new CallForecast();
            private final Set<String> accounts = new HashSet<>();
            private boolean described = metadata.cached(integration, target.module());

            @Override
            public void batch(List<SyncItem> all) {
                List<SyncItem> batch = all.stream()
                        .filter(i -> i.pending() && i.mapped(target.object()) != null)
                        .filter(i -> i.storedVendorId() != null || i.lead().emailNorm() != null)
                        .toList();
                if (batch.isEmpty()) return;
                if (!described) {
                    f.add("GET /crm/v8/settings/fields", 1);
                    described = true;
                }
                f.addChunks(
                        COQL,
                        batch.stream()
                                .filter(i -> !i.mapped(target.object())
                                        .conditionalFields()
                                        .isEmpty())
                                .count(),
                        ZohoConnector.BATCH_MAX);
                if (contacts) {
                    Set<String> names = new LinkedHashSet<>();
                    batch.forEach(i -> {
                        MappedObject a = i.mapped(ZohoConnector.ACCOUNT);
                        Object name = a == null ? null : a.get("Account_Name");
                        if (i.storedCompanyId() == null
                                && name != null
                                && !name.toString().isBlank())
                            names.add(name.toString().trim().toLowerCase(Locale.ROOT));
                    });
                    names.removeAll(accounts);
                    names.removeAll(cache.companies(integration.id(), names).keySet());
                    accounts.addAll(names);
                    f.addChunks("POST /crm/v8/Accounts/upsert", names.size(), ZohoConnector.BATCH_MAX);
                }
                long records = batch.stream()
                        .map(i -> i.storedVendorId() != null
                                ? "id:" + i.storedVendorId()
                                : "email:" + i.lead().emailNorm())
                        .distinct()
                        .count();
                f.addChunks("POST /crm/v8/" + target.module() + "/upsert", records, ZohoConnector.BATCH_MAX);
                f.addChunks(
                        "POST /crm/v8/Notes",
                        batch.stream()
                                .mapToLong(i -> i.lead().activities().size())
                                .sum(),
                        ZohoConnector.BATCH_MAX);
                Map<String, CampaignLink> linked = links.forEvents(
                        integration.id(),
                        batch.stream().map(i -> i.lead().eventId()).distinct().toList());
                Map<String, long[]> byCampaign = new LinkedHashMap<>();
                for (SyncItem i : batch) {
                    CampaignLink link = linked.get(i.lead().eventId());
                    if (link == null || (link.scanThreshold() > 0 && i.lead().scanCount() < link.scanThreshold()))
                        continue;
                    long[] n = byCampaign.computeIfAbsent(link.campaignId(), k -> new long[2]);
                    n[0]++;
                    if (i.storedVendorId() != null) n[1]++;
                }
                byCampaign.values().forEach(n -> {
                    f.addChunks("GET /crm/v8/Campaigns/{id}/" + target.module(), n[1], ZohoConnector.BATCH_MAX);
                    f.addChunks("PUT /crm/v8/Campaigns/{id}/" + target.module(), n[0], ZohoConnector.BATCH_MAX);
                });
            }

            @Override
            public CallForecast result() {
                return f.assume("a lead the hub has not synced to Zoho is inserted; its campaign membership is new");
            }
        };
    }
}

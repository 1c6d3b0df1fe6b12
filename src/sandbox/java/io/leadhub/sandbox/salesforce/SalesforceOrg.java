package io.leadhub.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimulatorResponseException;
import io.leadhub.sandbox.SimulatorStore;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.Field;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.SObject;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The simulated org's data: sObject records in the {@link SimulatorStore} (one store object per
 * sObject, the record id as key, field values as the payload), the checks Salesforce runs on every
 * write, SOQL, describe, sObject Collections and lead conversion. This class is the entrance the
 * controllers and tests call; the work is done by package-private parts: {@link SalesforceReads},
 * {@link SalesforceQueries}, {@link SalesforceDescribe}, {@link SalesforceWrites} (through the save
 * pipeline {@link SalesforceSaves} with {@link SalesforceDuplicateRules}), {@link SalesforceCampaigns}
 * and {@link SalesforceLeadConversion}.
 */
@Component
@Profile("sandbox")
public class SalesforceOrg {

    /** sObject Collections accept at most this many records per call. */
    public static final int COLLECTION_MAX = 200;

    static final int URI_MAX = 16_384;
    /** Records per query answer unless {@code Sforce-Query-Options} asks for fewer (Salesforce's default). */
    public static final int DEFAULT_BATCH = 2000;

    private static final String NAME = SalesforceSimulator.NAME;

    /** The sandbox org's standing trade-show Campaign (fixed id, so links to it survive a {@code _reset}). */
    public static final String DEMO_CAMPAIGN_ID = SalesforceIds.newId("701", 900_001);

    public static final List<String> DEMO_CAMPAIGN_STATUSES = List.of("Visited Booth", "Talked to Sales", "Demo Given");

    private final SalesforceRecordAccess access;
    private final SimulatorStore store;
    private final SalesforceReads reads;
    private final SalesforceQueries queries;
    private final SalesforceDescribe describe;
    private final SalesforceCampaigns campaigns;
    private final SalesforceSaves saves;
    private final SalesforceWrites writes;
    private final SalesforceLeadConversion conversion;

    public SalesforceOrg(SalesforceSimulator simulator) {
        this.access = new SalesforceRecordAccess(simulator);
        this.store = access.store;
        this.reads = new SalesforceReads(access);
        this.queries = new SalesforceQueries(access);
        this.describe = new SalesforceDescribe(access);
        this.campaigns = new SalesforceCampaigns(access);
        this.saves = new SalesforceSaves(access, campaigns, new SalesforceDuplicateRules(access));
        this.writes = new SalesforceWrites(access, saves);
        this.conversion = new SalesforceLeadConversion(access);
        simulator.afterReset(this::demoCampaign);
    }

    /** Creates the demo Campaign "Demo Expo 2026" with its ordered member statuses unless it exists; answers its id. */
    public String demoCampaign() {
        return store.inTransaction(NAME, () -> {
            if (access.find("Campaign", DEMO_CAMPAIGN_ID).isEmpty()) {
                campaigns.insertCampaign(DEMO_CAMPAIGN_ID, "Demo Expo 2026", DEMO_CAMPAIGN_STATUSES);
            }
            return DEMO_CAMPAIGN_ID;
        });
    }

    /** One error of a save: errorCode (statusCode in collections), message, fields, optional extra members. */
    record SaveError(String code, String message, List<String> fields, ObjectNode extra) {

        SaveError(String code, String message, List<String> fields) {
            this(code, message, fields, null);
        }

        /** Single-record form: {@code {"message","errorCode","fields"}}. */
        ObjectNode single() {
            ObjectNode n = SandboxJson.object();
            if (extra != null) {
                n.setAll(extra);
            }
            n.put("message", message).put("errorCode", code);
            fields.forEach(n.withArray("fields")::add);
            return n;
        }

        /** Collections form: {@code {"statusCode","message","fields"}}. */
        ObjectNode collection() {
            ObjectNode n = SandboxJson.object();
            if (extra != null) {
                n.setAll(extra);
            }
            n.put("statusCode", code).put("message", message);
            fields.forEach(n.withArray("fields")::add);
            return n;
        }
    }

    /** Outcome of one record's save. */
    record SaveResult(String id, boolean created, List<SaveError> errors) {

        boolean success() {
            return errors.isEmpty();
        }

        static SaveResult failed(SaveError... errors) {
            return new SaveResult(null, false, List.of(errors));
        }
    }

    /** What the caller of a write allows (Sforce-Duplicate-Rule-Header: allowSave=true). */
    record WriteOptions(boolean allowDuplicateSave, String version, boolean admin, Set<String> savedInThisCall) {
        static final WriteOptions DEFAULT = new WriteOptions(false, "v60.0", false, Set.of());
        static final WriteOptions ADMIN = new WriteOptions(false, "v60.0", true, Set.of());

        static WriteOptions of(String version, String duplicateRuleHeader) {
            boolean allow = duplicateRuleHeader != null
                    && duplicateRuleHeader
                            .replace(" ", "")
                            .toLowerCase(Locale.ROOT)
                            .contains("allowsave=true");
            return new WriteOptions(allow, version, false, Set.of());
        }

        /** The same options for one collection call: duplicate rules do not compare the call's records with each other. */
        WriteOptions forCall() {
            return new WriteOptions(allowDuplicateSave, version, admin, new HashSet<>());
        }
    }

    // ---------------------------------------------------------------- answers shared by the parts

    static SimulatorResponseException error(int status, String message, String errorCode, String... fields) {
        ArrayNode a = SandboxJson.array();
        ObjectNode e = a.addObject().put("message", message).put("errorCode", errorCode);
        if (fields.length > 0) {
            for (String f : fields) {
                e.withArray("fields").add(f);
            }
        }
        return new SimulatorResponseException(status, a);
    }

    static SimulatorResponseException notFound() {
        return error(404, "The requested resource does not exist", "NOT_FOUND");
    }

    static String url(String version, String object, String id) {
        return "/services/data/" + version + "/sobjects/" + object + "/" + id;
    }

    // ---------------------------------------------------------------- reads

    /** {@code GET /sobjects/{object}/{id}[?fields=a,b]}. */
    public ObjectNode read(String version, String objectName, String id, String fields) {
        return reads.read(version, objectName, id, fields);
    }

    /** {@code GET /sobjects/{object}/{externalIdField}/{value}}: the record with that external id (300 when several). */
    public ObjectNode readByExternalId(String version, String objectName, String fieldName, String value) {
        return reads.readByExternalId(version, objectName, fieldName, value);
    }

    /** {@code POST /composite/sobjects/{object}} {@code {"ids":[…],"fields":[…]}}: the records in id order, null for unknown ids. */
    public ArrayNode retrieve(String version, String objectName, JsonNode body) {
        return reads.retrieve(version, objectName, body);
    }

    /** {@code GET /query/?q=}. */
    public ObjectNode query(String version, String soql) {
        return query(version, soql, DEFAULT_BATCH);
    }

    /** {@code batchSize}: 200…2,000 records per answer (header {@code Sforce-Query-Options: batchSize=n}). */
    public ObjectNode query(String version, String soql, int batchSize) {
        return queries.query(version, soql, batchSize);
    }

    /** {@code GET /query/{locator}-{offset}} (queryMore). */
    public ObjectNode queryMore(String version, String locatorAndOffset) {
        return queries.queryMore(version, locatorAndOffset);
    }

    /** {@code GET /sobjects/} (global describe). */
    public ObjectNode describeGlobal(String version) {
        return describe.describeGlobal(version);
    }

    /** {@code GET /sobjects/{object}/describe/}: fields hidden by field-level security are left out. */
    public ObjectNode describe(String version, String objectName) {
        return describe.describe(version, objectName);
    }

    /** Field names of an object as the integration user sees them (tests, README). */
    public List<String> visibleFields(String objectName) {
        SObject o = access.object(objectName);
        return o.fields().values().stream()
                .filter(f -> access.visible(o, f))
                .map(Field::name)
                .toList();
    }

    // ---------------------------------------------------------------- writes

    /** {@code POST /sobjects/{object}} (one record): the id, or the single-record error answer. */
    public String create(String objectName, JsonNode body, WriteOptions options) {
        return writes.create(objectName, body, options);
    }

    /** {@code PATCH /sobjects/{object}/{id}}. */
    public void update(String objectName, String id, JsonNode body, WriteOptions options) {
        writes.update(objectName, id, body, options);
    }

    /** {@code PATCH /sobjects/{object}/{externalIdField}/{value}}: answers the save result (created or not). */
    public SaveResult upsert(String objectName, String fieldName, String value, JsonNode body, WriteOptions options) {
        return writes.upsert(objectName, fieldName, value, body, options);
    }

    /**
     * sObject Collections. {@code mode}: create ({@code POST /composite/sobjects}), update
     * ({@code PATCH /composite/sobjects}) or upsert ({@code PATCH /composite/sobjects/{object}/{field}}).
     * Answers one result per input, in order.
     */
    public ArrayNode collection(
            String mode, JsonNode body, String upsertObject, String upsertField, WriteOptions options) {
        return writes.collection(mode, body, upsertObject, upsertField, options);
    }

    /** {@code DELETE /sobjects/{object}/{id}}. */
    public void delete(String objectName, String id) {
        writes.delete(objectName, id);
    }

    // ---------------------------------------------------------------- seeding and conversion (Java + _ controls)

    /**
     * Inserts a record as an admin would (no validation or duplicate rules, no field-level security);
     * answers its id. Reference fields and required fields are still checked.
     */
    public String seedRecord(String objectName, Map<String, ?> fields) {
        SObject o = access.object(objectName);
        ObjectNode input = SandboxJson.MAPPER.valueToTree(fields);
        SaveResult r = store.inTransaction(NAME, () -> saves.save(o, null, input, WriteOptions.ADMIN));
        if (!r.success()) {
            throw new IllegalArgumentException("cannot seed " + objectName + ": " + r.errors());
        }
        return r.id();
    }

    /**
     * Creates an active campaign whose member statuses are {@code statuses} in that order
     * (SortOrder 1…n): the first is the default; every status after the first counts as responded.
     */
    public String seedCampaign(String name, List<String> statuses) {
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("a campaign needs at least one member status");
        }
        return store.inTransaction(NAME, () -> {
            String id = access.newId(access.object("Campaign"));
            campaigns.insertCampaign(id, name, statuses);
            return id;
        });
    }

    /** Converts a lead into a new contact and a new account; answers {@code leadId}, {@code accountId}, {@code contactId}. */
    public ObjectNode convertLead(String leadId) {
        return convertLead(leadId, null, null);
    }

    /** {@code POST _convert/{leadId}}: converts a lead into a contact and an account (new or given). */
    public ObjectNode convertLead(String leadId, String accountId, String contactId) {
        return conversion.convertLead(leadId, accountId, contactId);
    }
}

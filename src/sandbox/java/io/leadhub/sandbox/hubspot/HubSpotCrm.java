package io.leadhub.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import java.util.Set;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * HubSpot CRM v3/v4 object behaviour of the simulator: contacts (unique by email), companies,
 * contact–company associations and engagements, with HubSpot's validation and answer shapes. This
 * class is the entrance the controller calls; the work is done by package-private parts:
 * {@link HubSpotContacts}, {@link HubSpotBatchCreates}, {@link HubSpotSearch},
 * {@link HubSpotAssociations}, over {@link HubSpotRecords} and {@link HubSpotPropertyValidation}.
 */
@Component
@Profile("sandbox")
public class HubSpotCrm {

    public static final int MAX_BATCH = 100;
    public static final int MAX_ASSOCIATION_BATCH = 2000;
    public static final int MAX_SEARCH_LIMIT = 200;
    public static final Set<String> ENGAGEMENTS = Set.of("notes", "calls", "meetings", "emails", "tasks");

    private final HubSpotCatalog catalog;
    private final HubSpotContacts contacts;
    private final HubSpotBatchCreates batchCreates;
    private final HubSpotSearch search;
    private final HubSpotAssociations associations;

    public HubSpotCrm(HubSpotSimulator simulator, HubSpotCatalog catalog) {
        this.catalog = catalog;
        HubSpotRecords records = new HubSpotRecords(simulator);
        HubSpotPropertyValidation validation = new HubSpotPropertyValidation(catalog);
        this.associations = new HubSpotAssociations(simulator, records);
        this.contacts = new HubSpotContacts(simulator, catalog, records, validation, associations);
        this.batchCreates = new HubSpotBatchCreates(simulator, records, validation, associations);
        this.search = new HubSpotSearch(simulator, catalog, records);
    }

    public HubSpotCatalog catalog() {
        return catalog;
    }

    // ================================================================= contacts

    /** {@code POST /crm/v3/objects/contacts/batch/upsert}. */
    public ResponseEntity<JsonNode> upsertContacts(JsonNode body) {
        return contacts.upsertContacts(body);
    }

    /** {@code POST /crm/v3/objects/{contacts|companies}/batch/update}. */
    public ResponseEntity<JsonNode> batchUpdate(String object, JsonNode body) {
        return contacts.batchUpdate(object, body);
    }

    /** {@code POST /crm/v3/objects/{object}/batch/read}. */
    public ResponseEntity<JsonNode> batchRead(String object, JsonNode body) {
        return contacts.batchRead(object, body);
    }

    /** {@code POST /crm/v3/objects/contacts} (201, 409 on an existing email) and {@code /companies}. */
    public ResponseEntity<JsonNode> createOne(String object, JsonNode body) {
        return contacts.createOne(object, body);
    }

    /** {@code GET /crm/v3/objects/{object}/{id}}. */
    public ObjectNode getOne(String object, String id, String idProperty, String properties) {
        return contacts.getOne(object, id, idProperty, properties);
    }

    /** {@code PATCH /crm/v3/objects/{object}/{id}}. */
    public ObjectNode patchOne(String object, String id, JsonNode body) {
        return contacts.patchOne(object, id, body);
    }

    // ================================================================= search

    /** {@code POST /crm/v3/objects/{object}/search}: EQ, NEQ, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY. */
    public ObjectNode search(String object, JsonNode body) {
        return search.search(object, body);
    }

    // ================================================================= companies and engagements

    /** {@code POST /crm/v3/objects/companies/batch/create} (domain is not unique). */
    public ResponseEntity<JsonNode> createBatch(String object, JsonNode body) {
        return batchCreates.createBatch(object, body);
    }

    /** Single engagement create {@code POST /crm/v3/objects/{notes|...}}: 201, or 400 like the batch. */
    public ResponseEntity<JsonNode> createEngagement(String object, JsonNode body) {
        return batchCreates.createEngagement(object, body);
    }

    // ================================================================= associations

    /** {@code PUT /crm/v4/objects/contacts/{contactId}/associations/default/companies/{companyId}}. */
    public ResponseEntity<JsonNode> associateDefault(String contactId, String companyId) {
        return associations.associateDefault(contactId, companyId);
    }

    /** {@code POST /crm/v4/associations/contacts/companies/batch/associate/default}. */
    public ResponseEntity<JsonNode> associateDefaultBatch(JsonNode body) {
        return associations.associateDefaultBatch(body);
    }

    /** {@code GET /crm/v4/objects/contacts/{contactId}/associations/companies}. */
    public ObjectNode contactCompanies(String contactId) {
        return associations.contactCompanies(contactId);
    }

    // ================================================================= properties

    /** {@code GET /crm/v3/properties/{object}}. */
    public ObjectNode properties(String object) {
        ObjectNode out = SandboxJson.object();
        ArrayNode results = out.putArray("results");
        catalog.properties(object).values().forEach(p -> results.add(p.toJson()));
        return out;
    }
}

package io.leadhub.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SimulatorController;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * HubSpot CRM endpoints of the simulator (paths as on api.hubapi.com, under /sandbox/hubspot).
 * Paths are literal per object so the stats keys name the object.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/hubspot")
public class HubSpotController extends SimulatorController {

    private final HubSpotCrm crm;

    public HubSpotController(HubSpotCrm crm) {
        this.crm = crm;
    }

    private static String objectOf(String path) {
        // "/sandbox/hubspot/crm/v3/objects/{object}/..." or "/sandbox/hubspot/crm/v3/properties/{object}"
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals("objects") || parts[i].equals("properties")) {
                return parts[i + 1];
            }
        }
        throw new IllegalArgumentException(path);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    // ---------------------------------------------------------------- properties

    @GetMapping({
        "/crm/v3/properties/contacts",
        "/crm/v3/properties/companies",
        "/crm/v3/properties/notes",
        "/crm/v3/properties/calls",
        "/crm/v3/properties/meetings",
        "/crm/v3/properties/emails",
        "/crm/v3/properties/tasks"
    })
    public JsonNode properties(HttpServletRequest request) {
        return crm.properties(objectOf(path(request)));
    }

    // ---------------------------------------------------------------- contacts

    @PostMapping("/crm/v3/objects/contacts/batch/upsert")
    public ResponseEntity<JsonNode> upsertContacts(@RequestBody JsonNode body) {
        return crm.upsertContacts(body);
    }

    @PostMapping({"/crm/v3/objects/contacts/batch/update", "/crm/v3/objects/companies/batch/update"})
    public ResponseEntity<JsonNode> batchUpdate(HttpServletRequest request, @RequestBody JsonNode body) {
        return crm.batchUpdate(objectOf(path(request)), body);
    }

    @PostMapping({"/crm/v3/objects/contacts/batch/read", "/crm/v3/objects/companies/batch/read"})
    public ResponseEntity<JsonNode> batchRead(HttpServletRequest request, @RequestBody JsonNode body) {
        return crm.batchRead(objectOf(path(request)), body);
    }

    @PostMapping({"/crm/v3/objects/contacts/search", "/crm/v3/objects/companies/search"})
    public JsonNode search(HttpServletRequest request, @RequestBody JsonNode body) {
        return crm.search(objectOf(path(request)), body);
    }

    @PostMapping({"/crm/v3/objects/contacts", "/crm/v3/objects/companies"})
    public ResponseEntity<JsonNode> create(HttpServletRequest request, @RequestBody JsonNode body) {
        return crm.createOne(objectOf(path(request)), body);
    }

    @GetMapping("/crm/v3/objects/contacts/{id}")
    public JsonNode getContact(
            @PathVariable String id,
            @RequestParam(required = false) String idProperty,
            @RequestParam(required = false) String properties) {
        return crm.getOne("contacts", id, idProperty, properties);
    }

    @PatchMapping("/crm/v3/objects/contacts/{id}")
    public JsonNode patchContact(@PathVariable String id, @RequestBody JsonNode body) {
        return crm.patchOne("contacts", id, body);
    }

    // ---------------------------------------------------------------- companies

    @PostMapping({"/crm/v3/objects/contacts/batch/create", "/crm/v3/objects/companies/batch/create"})
    public ResponseEntity<JsonNode> createBatch(HttpServletRequest request, @RequestBody JsonNode body) {
        return crm.createBatch(objectOf(path(request)), body);
    }

    @GetMapping("/crm/v3/objects/companies/{id}")
    public JsonNode getCompany(@PathVariable String id, @RequestParam(required = false) String properties) {
        return crm.getOne("companies", id, null, properties);
    }

    @PatchMapping("/crm/v3/objects/companies/{id}")
    public JsonNode patchCompany(@PathVariable String id, @RequestBody JsonNode body) {
        return crm.patchOne("companies", id, body);
    }

    // ---------------------------------------------------------------- engagements

    @PostMapping({
        "/crm/v3/objects/notes/batch/create",
        "/crm/v3/objects/calls/batch/create",
        "/crm/v3/objects/meetings/batch/create",
        "/crm/v3/objects/emails/batch/create",
        "/crm/v3/objects/tasks/batch/create"
    })
    public ResponseEntity<JsonNode> createEngagements(HttpServletRequest request, @RequestBody JsonNode body) {
        return crm.createBatch(objectOf(path(request)), body);
    }

    @PostMapping({
        "/crm/v3/objects/notes",
        "/crm/v3/objects/calls",
        "/crm/v3/objects/meetings",
        "/crm/v3/objects/emails",
        "/crm/v3/objects/tasks"
    })
    public ResponseEntity<JsonNode> createEngagement(HttpServletRequest request, @RequestBody JsonNode body) {
        return crm.createEngagement(objectOf(path(request)), body);
    }

    // ---------------------------------------------------------------- associations v4

    @PutMapping("/crm/v4/objects/contacts/{contactId}/associations/default/companies/{companyId}")
    public ResponseEntity<JsonNode> associateDefault(@PathVariable String contactId, @PathVariable String companyId) {
        return crm.associateDefault(contactId, companyId);
    }

    @PostMapping("/crm/v4/associations/contacts/companies/batch/associate/default")
    public ResponseEntity<JsonNode> associateDefaultBatch(@RequestBody JsonNode body) {
        return crm.associateDefaultBatch(body);
    }

    @GetMapping("/crm/v4/objects/contacts/{contactId}/associations/companies")
    public JsonNode contactCompanies(@PathVariable String contactId) {
        return crm.contactCompanies(contactId);
    }
}

package io.leadhub.sandbox.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimulatorController;
import io.leadhub.sandbox.salesforce.SalesforceOrg.WriteOptions;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Salesforce under {@code /sandbox/salesforce}: this root is both the login URL and the instance
 * URL. OAuth at {@code /services/oauth2/…}, REST at {@code /services/data/vNN.N/…} (query, sObjects,
 * describe, sObject Collections, limits), and the simulator's own {@code _config} / {@code _convert}.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/salesforce")
public class SalesforceController extends SimulatorController {

    static final String DATA = "/services/data/{version}";
    private static final Pattern VERSION = Pattern.compile("v\\d{2,3}\\.\\d");
    private static final String DUPLICATE_HEADER = "Sforce-Duplicate-Rule-Header";

    private final SalesforceSimulator simulator;
    private final SalesforceOrg org;

    public SalesforceController(SalesforceSimulator simulator, SalesforceOrg org) {
        this.simulator = simulator;
        this.org = org;
    }

    private static String baseUrl(HttpServletRequest request) {
        return ServletUriComponentsBuilder.fromContextPath(request)
                .path("/sandbox/" + SalesforceSimulator.NAME)
                .build()
                .toUriString();
    }

    private static void checkVersion(String version) {
        if (!VERSION.matcher(version).matches()) {
            throw SalesforceOrg.notFound();
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return SandboxJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw SalesforceOrg.error(
                    400, "Unexpected character in the request body: " + e.getOriginalMessage(), "JSON_PARSER_ERROR");
        }
    }

    // ---------------------------------------------------------------- OAuth

    /** {@code POST /services/oauth2/token}, form-encoded: password, refresh_token, authorization_code, client_credentials. */
    @PostMapping(path = "/services/oauth2/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public JsonNode token(@RequestParam Map<String, String> form, HttpServletRequest request) {
        return simulator.token(form, baseUrl(request));
    }

    /** {@code POST /services/oauth2/revoke} (form {@code token=}). */
    @PostMapping(path = "/services/oauth2/revoke")
    public ResponseEntity<Void> revokePost(@RequestParam(required = false) String token) {
        simulator.revoke(token);
        return ResponseEntity.ok().build();
    }

    /** {@code GET /services/oauth2/revoke?token=} (camel-salesforce calls it when it stops). */
    @GetMapping(path = "/services/oauth2/revoke")
    public ResponseEntity<Void> revokeGet(@RequestParam(required = false) String token) {
        simulator.revoke(token);
        return ResponseEntity.ok().build();
    }

    // ---------------------------------------------------------------- REST

    @GetMapping({"/services/data", "/services/data/"})
    public JsonNode versions() {
        return simulator.versions();
    }

    @GetMapping({DATA + "/query", DATA + "/query/", DATA + "/queryAll", DATA + "/queryAll/"})
    public JsonNode query(
            @PathVariable String version,
            @RequestParam(required = false) String q,
            @RequestHeader(name = "Sforce-Query-Options", required = false) String options,
            HttpServletRequest request) {
        checkVersion(version);
        String uri = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        if (uri.length() > SalesforceOrg.URI_MAX) {
            // Salesforce refuses request lines over 16,384 characters (unconfirmed body; the status is the platform's)
            throw SalesforceOrg.error(
                    414,
                    "The request URI is too long: " + uri.length() + " characters (max " + SalesforceOrg.URI_MAX + ")",
                    "URI_TOO_LONG");
        }
        return org.query(version, q, batchSize(options));
    }

    /** {@code Sforce-Query-Options: batchSize=n}: Salesforce takes 200 to 2,000. */
    private static int batchSize(String options) {
        if (options == null) {
            return SalesforceOrg.DEFAULT_BATCH;
        }
        for (String part : options.split(",")) {
            String[] kv = part.trim().split("=");
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("batchSize")) {
                try {
                    return Math.max(200, Math.min(SalesforceOrg.DEFAULT_BATCH, Integer.parseInt(kv[1].trim())));
                } catch (NumberFormatException e) {
                    throw SalesforceOrg.error(400, "batchSize must be a number", "INVALID_BATCH_SIZE");
                }
            }
        }
        return SalesforceOrg.DEFAULT_BATCH;
    }

    /** {@code GET {nextRecordsUrl}}: the next batch of a large result set. */
    @GetMapping({DATA + "/query/{locator}", DATA + "/queryAll/{locator}"})
    public JsonNode queryMore(@PathVariable String version, @PathVariable String locator) {
        checkVersion(version);
        return org.queryMore(version, locator);
    }

    @GetMapping({DATA + "/limits", DATA + "/limits/"})
    public JsonNode limits(@PathVariable String version) {
        checkVersion(version);
        return simulator.limits();
    }

    @GetMapping({DATA + "/sobjects", DATA + "/sobjects/"})
    public JsonNode describeGlobal(@PathVariable String version) {
        checkVersion(version);
        return org.describeGlobal(version);
    }

    @GetMapping({DATA + "/sobjects/{object}/describe", DATA + "/sobjects/{object}/describe/"})
    public JsonNode describe(@PathVariable String version, @PathVariable String object) {
        checkVersion(version);
        return org.describe(version, object);
    }

    @PostMapping(DATA + "/sobjects/{object}")
    public ResponseEntity<JsonNode> create(
            @PathVariable String version,
            @PathVariable String object,
            @RequestBody(required = false) String body,
            @RequestHeader(name = DUPLICATE_HEADER, required = false) String duplicateHeader) {
        checkVersion(version);
        String id = org.create(object, parse(body), WriteOptions.of(version, duplicateHeader));
        ObjectNode out = SandboxJson.object().put("id", id).put("success", true);
        out.putArray("errors");
        return ResponseEntity.status(201).body(out);
    }

    @GetMapping(DATA + "/sobjects/{object}/{id}")
    public JsonNode read(
            @PathVariable String version,
            @PathVariable String object,
            @PathVariable String id,
            @RequestParam(required = false) String fields) {
        checkVersion(version);
        return org.read(version, object, id, fields);
    }

    @PatchMapping(DATA + "/sobjects/{object}/{id}")
    public ResponseEntity<Void> update(
            @PathVariable String version,
            @PathVariable String object,
            @PathVariable String id,
            @RequestBody(required = false) String body,
            @RequestHeader(name = DUPLICATE_HEADER, required = false) String duplicateHeader) {
        checkVersion(version);
        org.update(object, id, parse(body), WriteOptions.of(version, duplicateHeader));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping(DATA + "/sobjects/{object}/{id}")
    public ResponseEntity<Void> delete(
            @PathVariable String version, @PathVariable String object, @PathVariable String id) {
        checkVersion(version);
        org.delete(object, id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(DATA + "/sobjects/{object}/{field}/{value}")
    public JsonNode readByExternalId(
            @PathVariable String version,
            @PathVariable String object,
            @PathVariable String field,
            @PathVariable String value) {
        checkVersion(version);
        return org.readByExternalId(version, object, field, value);
    }

    /** Upsert by external id: 201 + result when created, 200 + result ({@code created:false}) when updated. */
    @PatchMapping(DATA + "/sobjects/{object}/{field}/{value}")
    public ResponseEntity<JsonNode> upsert(
            @PathVariable String version,
            @PathVariable String object,
            @PathVariable String field,
            @PathVariable String value,
            @RequestBody(required = false) String body,
            @RequestHeader(name = DUPLICATE_HEADER, required = false) String duplicateHeader) {
        checkVersion(version);
        SalesforceOrg.SaveResult r =
                org.upsert(object, field, value, parse(body), WriteOptions.of(version, duplicateHeader));
        ObjectNode out = SandboxJson.object().put("id", r.id()).put("success", true);
        out.putArray("errors");
        out.put("created", r.created());
        return ResponseEntity.status(r.created() ? 201 : 200).body(out);
    }

    @PostMapping(DATA + "/composite/sobjects")
    public ArrayNode collectionCreate(
            @PathVariable String version,
            @RequestBody(required = false) String body,
            @RequestHeader(name = DUPLICATE_HEADER, required = false) String duplicateHeader) {
        checkVersion(version);
        return org.collection("create", parse(body), null, null, WriteOptions.of(version, duplicateHeader));
    }

    @PatchMapping(DATA + "/composite/sobjects")
    public ArrayNode collectionUpdate(
            @PathVariable String version,
            @RequestBody(required = false) String body,
            @RequestHeader(name = DUPLICATE_HEADER, required = false) String duplicateHeader) {
        checkVersion(version);
        return org.collection("update", parse(body), null, null, WriteOptions.of(version, duplicateHeader));
    }

    /** Composite: up to 25 subrequests with references between them; see {@link SalesforceComposite}. */
    @PostMapping({DATA + "/composite", DATA + "/composite/"})
    public JsonNode composite(
            @PathVariable String version,
            @RequestBody(required = false) String body,
            @RequestHeader(name = DUPLICATE_HEADER, required = false) String duplicateHeader) {
        checkVersion(version);
        return new SalesforceComposite(org, simulator.store())
                .run(version, parse(body), WriteOptions.of(version, duplicateHeader));
    }

    /** sObject Collections retrieve: {@code {"ids": […], "fields": […]}}. */
    @PostMapping(DATA + "/composite/sobjects/{object}")
    public ArrayNode collectionRetrieve(
            @PathVariable String version, @PathVariable String object, @RequestBody(required = false) String body) {
        checkVersion(version);
        return org.retrieve(version, object, parse(body));
    }

    @PatchMapping(DATA + "/composite/sobjects/{object}/{field}")
    public ArrayNode collectionUpsert(
            @PathVariable String version,
            @PathVariable String object,
            @PathVariable String field,
            @RequestBody(required = false) String body,
            @RequestHeader(name = DUPLICATE_HEADER, required = false) String duplicateHeader) {
        checkVersion(version);
        return org.collection("upsert", parse(body), object, field, WriteOptions.of(version, duplicateHeader));
    }

    // ---------------------------------------------------------------- simulator controls

    @GetMapping("/_config")
    public JsonNode config() {
        return simulator.configJson();
    }

    /** Replaces the settings it names; see {@link SalesforceConfig}. */
    @PostMapping("/_config")
    public JsonNode configure(@RequestBody JsonNode body) {
        return simulator.configure(body);
    }

    /** Lead conversion (Salesforce does it through Apex/SOAP): optional body {@code {"accountId": …, "contactId": …}}. */
    @PostMapping("/_convert/{leadId}")
    public JsonNode convert(@PathVariable String leadId, @RequestBody(required = false) JsonNode body) {
        String accountId = body == null ? null : body.path("accountId").asText(null);
        String contactId = body == null ? null : body.path("contactId").asText(null);
        return org.convertLead(leadId, accountId, contactId);
    }

    /** Seeds a campaign with its member statuses in order: {@code {"name": "…", "statuses": ["Sent", "Visited Booth"]}}. */
    @PostMapping("/_campaigns")
    public ResponseEntity<JsonNode> seedCampaign(@RequestBody JsonNode body) {
        List<String> statuses = new ArrayList<>();
        body.path("statuses").forEach(s -> statuses.add(s.asText()));
        if (!body.hasNonNull("name") || statuses.isEmpty()) {
            return ResponseEntity.badRequest()
                    .body(SandboxJson.object().put("error", "name and statuses are required"));
        }
        return ResponseEntity.status(201)
                .body(SandboxJson.object()
                        .put("id", org.seedCampaign(body.get("name").asText(), statuses)));
    }
}

package io.leadhub.sandbox.zoho;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SimulatorController;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Zoho CRM endpoints of the simulator, under /sandbox/zoho: the accounts server's token endpoint
 * and the CRM API v8 paths the hub uses, plus the simulator's own {@code _config}.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/zoho")
public class ZohoController extends SimulatorController {

    private final ZohoSimulator simulator;

    public ZohoController(ZohoSimulator simulator) {
        this.simulator = simulator;
    }

    /** {@code POST /oauth/v2/token} with form (or query) parameters. */
    @PostMapping(TOKEN)
    public JsonNode token(
            HttpServletRequest request,
            @RequestParam(name = "grant_type", required = false) String grantType,
            @RequestParam(name = "client_id", required = false) String clientId,
            @RequestParam(name = "client_secret", required = false) String clientSecret,
            @RequestParam(name = "refresh_token", required = false) String refreshToken) {
        return simulator.token(request, grantType, clientId, clientSecret, refreshToken);
    }

    static final String TOKEN = "/oauth/v2/token";

    /** {@code POST /oauth/v2/token/revoke?token=…}. */
    @PostMapping(ZohoSimulator.REVOKE_PATH)
    public JsonNode revoke(@RequestParam(required = false) String token) {
        return simulator.revoke(token);
    }

    @PostMapping("/crm/v8/{module}/upsert")
    public ResponseEntity<JsonNode> upsert(@PathVariable String module, @RequestBody JsonNode body) {
        return answer(simulator.concurrent(() -> wrap(simulator.upsert(module, body))));
    }

    @GetMapping("/crm/v8/settings/fields")
    public JsonNode fields(@RequestParam(required = false) String module) {
        return simulator.concurrent(() -> simulator.catalog().fieldsJson(simulator.fieldsModule(module)));
    }

    @PostMapping("/crm/v8/Notes")
    public ResponseEntity<JsonNode> notes(@RequestBody JsonNode body) {
        return answer(simulator.concurrent(() -> wrap(simulator.notes(body))));
    }

    @GetMapping("/crm/v8/Campaigns/{id}")
    public ResponseEntity<JsonNode> campaign(@PathVariable String id) {
        JsonNode c = simulator.concurrent(() -> simulator.campaign(id));
        return c == null
                ? ResponseEntity.noContent().build()
                : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(c);
    }

    @PostMapping("/crm/v8/coql")
    public ResponseEntity<JsonNode> coql(@RequestBody(required = false) JsonNode body) {
        JsonNode rows = simulator.concurrent(() -> simulator.coql(body));
        return rows == null
                ? ResponseEntity.noContent().build()
                : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(rows);
    }

    @GetMapping("/crm/v8/Campaigns/{id}/{module}")
    public ResponseEntity<JsonNode> relatedMembers(
            @PathVariable String id,
            @PathVariable String module,
            @RequestParam(required = false) String fields,
            @RequestParam(required = false) String ids,
            @RequestParam(required = false) Integer page,
            @RequestParam(name = "per_page", required = false) Integer perPage) {
        JsonNode rows = simulator.concurrent(() -> simulator.relatedMembers(id, module, fields, ids, page, perPage));
        return rows == null
                ? ResponseEntity.noContent().build()
                : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(rows);
    }

    @PutMapping("/crm/v8/Campaigns/{id}/{module}")
    public ResponseEntity<JsonNode> members(
            @PathVariable String id, @PathVariable String module, @RequestBody JsonNode body) {
        return answer(simulator.concurrent(() -> wrap(simulator.members(id, module, body))));
    }

    @GetMapping("/_config")
    public JsonNode config() {
        return simulator.config();
    }

    /** {@code {"dailyCredits": 10, "concurrencyLimit": 10, "tokenTtlSeconds": 60}} (each optional). */
    @PostMapping("/_config")
    public JsonNode configure(@RequestBody JsonNode body) {
        return simulator.configure(body);
    }

    private static JsonNode wrap(ZohoSimulator.ResultSet results) {
        return results.body().put("_status", results.status());
    }

    private static ResponseEntity<JsonNode> answer(JsonNode wrapped) {
        int status = ((ObjectNode) wrapped).remove("_status").asInt();
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(wrapped);
    }
}

package io.leadhub.sandbox.pipedrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimulatorController;
import io.leadhub.sandbox.SimulatorResponseException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pipedrive endpoints of the simulator (paths as on {companydomain}.pipedrive.com and
 * oauth.pipedrive.com, under /sandbox/pipedrive) and the simulator's own {@code _config}.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/pipedrive")
public class PipedriveController extends SimulatorController {
    private final PipedriveSimulator simulator;

    public PipedriveController(PipedriveSimulator simulator) {
        this.simulator = simulator;
    }

    @PostMapping(path = PipedriveSimulator.TOKEN_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public JsonNode token(
            @RequestParam Map<String, String> form,
            @RequestHeader(name = "Authorization", required = false) String authorization,
            HttpServletRequest request) {
        String domain = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort()
                + "/sandbox/pipedrive";
        return simulator.token(form, authorization, domain);
    }

    @PostMapping(path = "/oauth/revoke", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public JsonNode revoke(
            @RequestParam Map<String, String> form,
            @RequestHeader(name = "Authorization", required = false) String authorization) {
        return simulator.revoke(form, authorization);
    }

    @PostMapping(path = PipedriveSimulator.TOKEN_PATH)
    public JsonNode tokenNotForm() {
        throw new SimulatorResponseException(
                400,
                SandboxJson.object()
                        .put("success", false)
                        .put("error", "invalid_request")
                        .put("message", "Invalid request: content must be application/x-www-form-urlencoded"));
    }

    @GetMapping("/api/v2/persons/search")
    public JsonNode searchPersons(
            @RequestParam(required = false) String term,
            @RequestParam(required = false) String fields,
            @RequestParam(name = "exact_match", defaultValue = "false") boolean exact) {
        return simulator.searchPersons(term, fields, exact);
    }

    @GetMapping("/api/v2/persons")
    public JsonNode persons(@RequestParam(required = false) String ids, @RequestParam(required = false) Integer limit) {
        return simulator.persons(ids, limit);
    }

    @PostMapping("/api/v2/persons")
    public JsonNode createPerson(@RequestBody JsonNode body) {
        return simulator.createPerson(body);
    }

    @PatchMapping("/api/v2/persons/{id}")
    public JsonNode updatePerson(@PathVariable String id, @RequestBody JsonNode body) {
        return simulator.updatePerson(id, body);
    }

    @GetMapping("/api/v2/organizations/search")
    public JsonNode searchOrganizations(
            @RequestParam(required = false) String term,
            @RequestParam(required = false) String fields,
            @RequestParam(name = "exact_match", defaultValue = "false") boolean exact) {
        return simulator.searchOrganizations(term, fields, exact);
    }

    @PostMapping("/api/v2/organizations")
    public JsonNode createOrganization(@RequestBody JsonNode body) {
        return simulator.createOrganization(body);
    }

    @GetMapping("/v1/personFields")
    public JsonNode personFields() {
        return simulator.fields("person");
    }

    @GetMapping("/v1/organizationFields")
    public JsonNode organizationFields() {
        return simulator.fields("organization");
    }

    @PostMapping("/v1/notes")
    public JsonNode createNote(@RequestBody JsonNode body) {
        return simulator.createNote(body);
    }

    @GetMapping("/_config")
    public JsonNode config() {
        return simulator.config();
    }

    /** {@code {"windowLimit": 10, "searchLimit": 10, "dailyTokens": 1000, "tokensUsed": 990, "tokenTtlSeconds": 60}}, each optional. */
    @PostMapping("/_config")
    public JsonNode configure(@RequestBody JsonNode body) {
        return simulator.configure(body);
    }
}

package io.leadhub.sandbox.pardot;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SimulatorController;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pardot v5 endpoints of the simulator (paths as on pi.pardot.com, under /sandbox/pardot), the
 * Salesforce-style token endpoint, and the simulator's own {@code _config} / {@code _tokens} controls.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/pardot")
public class PardotController extends SimulatorController {
    private final PardotSimulator simulator;

    public PardotController(PardotSimulator simulator) {
        this.simulator = simulator;
    }

    @PostMapping(path = PardotSimulator.TOKEN_PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public JsonNode token(@RequestParam Map<String, String> form, HttpServletRequest request) {
        String instance = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort()
                + "/sandbox/pardot";
        return simulator.token(form, instance);
    }

    @PostMapping("/api/v5/objects/prospects/do/upsertLatestByEmail")
    public JsonNode upsertLatestByEmail(@RequestBody JsonNode body) {
        return simulator.concurrent(() -> simulator.upsertLatestByEmail(body));
    }

    @GetMapping("/api/v5/objects/prospects")
    public JsonNode queryProspects(
            @RequestParam(required = false) String fields, @RequestParam(required = false) String email) {
        return simulator.concurrent(() -> simulator.query(fields, email));
    }

    @GetMapping("/api/v5/objects/prospects/{id}")
    public JsonNode readProspect(@PathVariable String id, @RequestParam(required = false) String fields) {
        return simulator.concurrent(() -> simulator.read(id, fields));
    }

    @GetMapping("/api/v5/objects/campaigns/{id}")
    public JsonNode campaign(@PathVariable String id, @RequestParam(required = false) String fields) {
        return simulator.concurrent(() -> simulator.campaign(id, fields));
    }

    @GetMapping("/_config")
    public JsonNode config() {
        return simulator.config();
    }

    /** {@code {"dailyLimit": 10, "callsToday": 9, "concurrentLimit": 5, "tokenTtlSeconds": 60, "businessUnitId": "0Uv…"}}, each optional. */
    @PostMapping("/_config")
    public JsonNode configure(@RequestBody JsonNode body) {
        return simulator.configure(body);
    }
}

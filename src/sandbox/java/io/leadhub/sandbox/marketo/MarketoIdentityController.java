package io.leadhub.sandbox.marketo;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SimulatorController;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Marketo's identity endpoint and the simulator's own {@code _config} / {@code _tokens} controls. */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/marketo")
public class MarketoIdentityController extends SimulatorController {

    private final MarketoSimulator simulator;

    public MarketoIdentityController(MarketoSimulator simulator) {
        this.simulator = simulator;
    }

    /** {@code GET|POST /identity/oauth/token?grant_type=client_credentials&client_id=…&client_secret=…} (query parameters). */
    @RequestMapping(
            path = "/identity/oauth/token",
            method = {RequestMethod.GET, RequestMethod.POST})
    public JsonNode token(
            HttpServletRequest request,
            @RequestParam(name = "grant_type", required = false) String grantType,
            @RequestParam(name = "client_id", required = false) String clientId,
            @RequestParam(name = "client_secret", required = false) String clientSecret) {
        simulator.received(request, null);
        return simulator.token(grantType, clientId, clientSecret);
    }

    @GetMapping("/_config")
    public JsonNode config() {
        return simulator.config();
    }

    /** {@code {"rateLimitPer20s": 5, "dailyQuota": 10, "concurrencyLimit": 10, "tokenTtlSeconds": 60}} (each optional). */
    @PostMapping("/_config")
    public JsonNode configure(@RequestBody JsonNode body) {
        return simulator.configure(body);
    }
}

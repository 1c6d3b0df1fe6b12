package io.leadhub.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SimulatorController;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** HubSpot OAuth endpoints (token, refresh-token revocation; the consent page is io.leadhub.sandbox.SandboxConsentController) and the simulator's own {@code _config} / {@code _tokens} controls. */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/hubspot")
public class HubSpotOAuthController extends SimulatorController {

    private final HubSpotSimulator simulator;

    public HubSpotOAuthController(HubSpotSimulator simulator) {
        this.simulator = simulator;
    }

    /** {@code POST /oauth/v1/token}, form-encoded (refresh_token and authorization_code grants). */
    @PostMapping(path = "/oauth/v1/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public JsonNode token(@RequestParam Map<String, String> form) {
        return simulator.token(form);
    }

    /** {@code DELETE /oauth/v1/refresh-tokens/{token}}: revokes a refresh token; 204, or 404 when the token is unknown. */
    @DeleteMapping("/oauth/v1/refresh-tokens/{token}")
    public ResponseEntity<Void> revoke(@PathVariable String token) {
        simulator.revokeRefreshToken(token);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/_config")
    public JsonNode config() {
        return simulator.config();
    }

    /** {@code {"rateLimitPer10s": 5, "tokenTtlSeconds": 60}} (either field optional). */
    @PostMapping("/_config")
    public JsonNode configure(@RequestBody JsonNode body) {
        return simulator.configure(body);
    }
}

package io.leadhub.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimulatorController;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.util.Map;

/** HubSpot OAuth endpoints and the simulator's own {@code _config} / {@code _tokens} controls. */
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

    /**
     * The authorize page, approved at once: redirects to {@code redirect_uri?code=…&state=…}
     * (PKCE: {@code code_challenge} with {@code code_challenge_method=S256}).
     */
    @GetMapping("/oauth/authorize")
    public ResponseEntity<JsonNode> authorize(@RequestParam("client_id") String clientId,
                                              @RequestParam("redirect_uri") String redirectUri,
                                              @RequestParam(required = false) String state,
                                              @RequestParam(name = "code_challenge", required = false) String codeChallenge,
                                              @RequestParam(name = "code_challenge_method", required = false) String method) {
        if (!simulator.clientId().equals(clientId)) {
            return ResponseEntity.badRequest().body(SandboxJson.object().put("status", "BAD_CLIENT_ID")
                    .put("message", "missing or unknown client id"));
        }
        if (codeChallenge != null && method != null && !"S256".equals(method)) {
            return ResponseEntity.badRequest().body(SandboxJson.object().put("status", "BAD_REQUEST")
                    .put("message", "code_challenge_method must be S256"));
        }
        String code = simulator.issueAuthorizationCode(clientId, redirectUri, codeChallenge);
        UriComponentsBuilder target = UriComponentsBuilder.fromUriString(redirectUri).queryParam("code", code);
        if (state != null) {
            target.queryParam("state", state);
        }
        URI location = target.encode().build().toUri();
        return ResponseEntity.status(HttpStatus.FOUND).location(location).build();
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

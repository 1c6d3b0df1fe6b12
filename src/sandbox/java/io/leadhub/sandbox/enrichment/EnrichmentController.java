package io.leadhub.sandbox.enrichment;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimulatorController;
import java.util.concurrent.CompletableFuture;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The fake enrichment providers' endpoints. Answers are asynchronous, so that with a delay
 * ({@code hub.sandbox.enrichment.delay}) a waiting request holds no server thread.
 */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/enrichment")
public class EnrichmentController extends SimulatorController {

    private final EnrichmentSimulator simulator;

    public EnrichmentController(EnrichmentSimulator simulator) {
        this.simulator = simulator;
    }

    /** Company provider: {@code GET /companies?domain=…} with {@code X-Api-Key}. */
    @GetMapping("/companies")
    public CompletableFuture<ResponseEntity<JsonNode>> company(
            @RequestHeader(name = "X-Api-Key", required = false) String apiKey,
            @RequestParam(required = false) String domain) {
        return simulator.answerLater(companyAnswer(apiKey, domain));
    }

    private ResponseEntity<JsonNode> companyAnswer(String apiKey, String domain) {
        if (!simulator.companyKey().equals(apiKey)) {
            return error(401, "invalid api key");
        }
        if (domain == null || domain.isBlank()) {
            return error(400, "domain is required");
        }
        return simulator.company(domain).map(ResponseEntity::ok).orElseGet(() -> error(404, "company not found"));
    }

    /** Person provider: {@code GET /people?email=…} with {@code Authorization: Bearer …}. */
    @GetMapping("/people")
    public CompletableFuture<ResponseEntity<JsonNode>> person(
            @RequestHeader(name = "Authorization", required = false) String authorization,
            @RequestParam(required = false) String email) {
        return simulator.answerLater(personAnswer(authorization, email));
    }

    private ResponseEntity<JsonNode> personAnswer(String authorization, String email) {
        if (authorization == null || !authorization.equals("Bearer " + simulator.peopleKey())) {
            return error(401, "invalid api key");
        }
        if (email == null || email.isBlank()) {
            return error(400, "email is required");
        }
        return simulator
                .person(email)
                .map(p -> {
                    var body = SandboxJson.object();
                    body.set("person", p);
                    return ResponseEntity.ok((JsonNode) body);
                })
                .orElseGet(() -> error(404, "person not found"));
    }

    private static ResponseEntity<JsonNode> error(int status, String message) {
        return ResponseEntity.status(status).body(SandboxJson.object().put("error", message));
    }
}

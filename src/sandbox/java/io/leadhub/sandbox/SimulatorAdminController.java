package io.leadhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The control endpoints every simulator answers: {@code _stats}, {@code _records}, {@code _faults}, {@code _reset}. */
@RestController
@Profile("sandbox")
@RequestMapping("/sandbox/{vendor}")
public class SimulatorAdminController {

    private final SimulatorRegistry registry;

    public SimulatorAdminController(SimulatorRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/_stats")
    public ResponseEntity<JsonNode> stats(@PathVariable String vendor) {
        return withSimulator(vendor, s -> ResponseEntity.ok(s.statsJson()));
    }

    @GetMapping("/_records/{object}")
    public ResponseEntity<JsonNode> records(@PathVariable String vendor, @PathVariable String object) {
        return withSimulator(
                vendor,
                s -> s.records(object)
                        .<ResponseEntity<JsonNode>>map(list -> {
                            var array = SandboxJson.array();
                            array.addAll(list);
                            return ResponseEntity.ok(array);
                        })
                        .orElseGet(() -> error(404, "unknown object " + object + " (known: " + s.objectNames() + ")")));
    }

    @PostMapping("/_faults")
    public ResponseEntity<JsonNode> addFaults(@PathVariable String vendor, @RequestBody JsonNode body) {
        return withSimulator(vendor, s -> {
            List<FaultRule> rules;
            try {
                rules = body.isArray()
                        ? List.of(SandboxJson.MAPPER.treeToValue(body, FaultRule[].class))
                        : List.of(SandboxJson.MAPPER.treeToValue(body, FaultRule.class));
            } catch (Exception e) {
                return error(400, "invalid fault: " + e.getMessage());
            }
            for (FaultRule r : rules) {
                String problem = r.problem();
                if (problem != null) {
                    return error(400, problem);
                }
            }
            rules.forEach(s.faults()::add);
            return ResponseEntity.status(201).body(s.faults().toJson());
        });
    }

    @GetMapping("/_faults")
    public ResponseEntity<JsonNode> faults(@PathVariable String vendor) {
        return withSimulator(vendor, s -> ResponseEntity.ok(s.faults().toJson()));
    }

    @DeleteMapping("/_faults")
    public ResponseEntity<JsonNode> clearFaults(@PathVariable String vendor) {
        return withSimulator(vendor, s -> {
            s.faults().clear();
            return ResponseEntity.ok(s.faults().toJson());
        });
    }

    @PostMapping("/_reset")
    public ResponseEntity<JsonNode> reset(
            @PathVariable String vendor, @RequestParam(defaultValue = "false") boolean tokens) {
        return withSimulator(vendor, s -> {
            s.reset(tokens);
            return ResponseEntity.ok(s.statsJson());
        });
    }

    @PostMapping("/_tokens/expire")
    public ResponseEntity<JsonNode> expireTokens(@PathVariable String vendor) {
        return withSimulator(
                vendor, s -> ResponseEntity.ok(SandboxJson.object().put("expired", s.expireAccessTokens())));
    }

    @PostMapping("/_tokens/revoke-refresh")
    public ResponseEntity<JsonNode> revokeRefreshTokens(@PathVariable String vendor) {
        return withSimulator(
                vendor, s -> ResponseEntity.ok(SandboxJson.object().put("revoked", s.revokeRefreshTokens())));
    }

    private ResponseEntity<JsonNode> withSimulator(
            String vendor, Function<VendorSimulator, ResponseEntity<JsonNode>> action) {
        return registry.find(vendor).map(action).orElseGet(() -> error(404, "no simulator named " + vendor));
    }

    private static ResponseEntity<JsonNode> error(int status, String message) {
        return ResponseEntity.status(status).body(SandboxJson.object().put("error", message));
    }
}

package io.leadhub.reconciliation;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reconciliation summary, lists, retries, and pushing frozen leads (SPEC §8, §11) over {@link ReconciliationService}. */
@RestController
class ReconciliationController {
    private final ReconciliationService reconciliation;

    ReconciliationController(ReconciliationService reconciliation) {
        this.reconciliation = reconciliation;
    }

    @GetMapping("/api/v1/orgs/{org}/integrations/{vendor}/reconciliation/summary")
    Map<String, Object> summary(
            @PathVariable String org, @PathVariable String vendor, @RequestParam(required = false) String event) {
        return reconciliation.summary(org, vendor, event);
    }

    @GetMapping("/api/v1/orgs/{org}/integrations/{vendor}/reconciliation")
    List<Map<String, Object>> list(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String event,
            @RequestParam(defaultValue = "lead") String view,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        return reconciliation.list(org, vendor, state, category, event, view, limit, offset);
    }

    @PostMapping("/api/v1/orgs/{org}/integrations/{vendor}/reconciliation/retry")
    Map<String, Object> retry(
            @PathVariable String org, @PathVariable String vendor, @RequestBody ReconciliationService.RetryBody body) {
        return reconciliation.retry(org, vendor, body);
    }

    record PushBody(String event) {}

    @PostMapping("/api/v1/orgs/{org}/integrations/{vendor}/sync")
    Map<String, Object> push(
            @PathVariable String org, @PathVariable String vendor, @RequestBody(required = false) PushBody body) {
        return reconciliation.push(org, vendor, body == null ? null : body.event(), "api");
    }
}

package io.leadhub.capture;

import io.leadhub.platform.ApiException;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Progress of a CSV import: rows read, imported, merged, rejected, and how its leads are syncing. */
@RestController
class ImportController {
    private final ImportJobStore jobs;

    ImportController(ImportJobStore jobs) {
        this.jobs = jobs;
    }

    @GetMapping("/api/v1/orgs/{org}/imports/{id}")
    Map<String, Object> get(@PathVariable String org, @PathVariable String id) {
        return jobs.view(org, id).orElseThrow(() -> ApiException.notFound("import '" + id + "'"));
    }
}

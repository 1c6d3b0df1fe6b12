package io.leadhub.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.VendorPathParser;
import io.leadhub.org.OrgRepository;
import io.leadhub.platform.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Before the show (SPEC §15): the readiness check of an integration, the payload preview of a lead
 * and the forecast of a CSV import. Admin and operator keys of the org (the API key filter scopes
 * the org); none of them stores anything.
 */
@RestController
class PreflightController {
    private final IntegrationRepository integrations;
    private final OrgRepository orgs;
    private final ReadinessCheck readiness;
    private final PayloadPreview preview;
    private final ImportForecast forecast;
    private final long maxCsv;

    PreflightController(
            IntegrationRepository integrations,
            OrgRepository orgs,
            ReadinessCheck readiness,
            PayloadPreview preview,
            ImportForecast forecast,
            @Value("${hub.api.max-csv:50MB}") DataSize maxCsv) {
        this.integrations = integrations;
        this.orgs = orgs;
        this.readiness = readiness;
        this.preview = preview;
        this.forecast = forecast;
        this.maxCsv = maxCsv.toBytes();
    }

    @GetMapping("/api/v1/orgs/{org}/integrations/{vendor}/readiness")
    Map<String, Object> readiness(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestParam(required = false) String event,
            @RequestParam(required = false) Integer expectedLeads) {
        return readiness.check(integration(org, vendor), event, expectedLeads);
    }

    @PostMapping("/api/v1/orgs/{org}/integrations/{vendor}/preview")
    Map<String, Object> preview(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestParam(required = false) String event,
            @RequestBody(required = false) JsonNode body) {
        return preview.preview(integration(org, vendor), event, body);
    }

    @PostMapping(value = "/api/v1/orgs/{org}/events/{event}/leads/import/forecast", consumes = "text/csv")
    Map<String, Object> forecast(@PathVariable String org, @PathVariable String event, HttpServletRequest request)
            throws IOException {
        if (!orgs.eventExists(org, event)) throw ApiException.notFound("event '" + event + "'");
        try (InputStream body = new Limited(request.getInputStream(), maxCsv)) {
            return forecast.forecast(org, event, body);
        }
    }

    private Integration integration(String org, String vendor) {
        return integrations
                .find(org, VendorPathParser.parse(vendor))
                .orElseThrow(() -> ApiException.notFound("integration '" + vendor + "' of org '" + org + "'"));
    }

    /** The upload, refused with 413 once it passes the CSV size limit (a chunked upload has no length to check first). */
    private static final class Limited extends FilterInputStream {
        private final long max;
        private long read;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count(1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) count(n);
            return n;
        }

        private void count(long n) {
            read += n;
            if (read > max) throw new ApiException(413, "too_large", "the CSV exceeds " + max + " bytes");
        }
    }
}

package io.leadhub.connect;

import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.VendorPathParser;
import io.leadhub.platform.ApiException;
import io.leadhub.platform.HtmlPage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Connect (OAuth start and callback) and the connection lifecycle endpoints. The callback is the
 * one API path without an API key (the browser arrives there from the vendor's consent page): the
 * single-use state authenticates it. Answers never contain credentials.
 */
@RestController
class ConnectController {
    private final ConnectService connect;
    private final ConnectionLifecycle lifecycle;
    private final IntegrationRepository integrations;

    ConnectController(ConnectService connect, ConnectionLifecycle lifecycle, IntegrationRepository integrations) {
        this.connect = connect;
        this.lifecycle = lifecycle;
        this.integrations = integrations;
    }

    @PostMapping("/api/v1/orgs/{org}/integrations/{vendor}/connect")
    Map<String, Object> connect(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestBody(required = false) ConnectService.ConnectBody body) {
        return connect.connect(org, VendorPathParser.parse(vendor), body);
    }

    @GetMapping("/api/v1/oauth/callback")
    ResponseEntity<?> callback(
            @RequestParam(required = false) String code,
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String error,
            @RequestParam(name = "error_description", required = false) String errorDescription,
            @RequestHeader(name = "Accept", required = false) String accept) {
        boolean wantsJson = accept != null && accept.contains("application/json") && !accept.contains("text/html");
        try {
            ConnectService.Connected c = connect.callback(code, state, error, errorDescription);
            Map<String, Object> out = new LinkedHashMap<>(c.integration().view());
            out.put("reauthorized", c.reauth());
            out.put("released", c.released());
            if (wantsJson) return ResponseEntity.ok(out);
            String vendor = c.integration().vendor().key();
            return HtmlPage.of(
                    200,
                    vendor + " connected",
                    "<p>The <b>" + HtmlPage.esc(vendor) + "</b> integration of <b>"
                            + HtmlPage.esc(c.integration().orgId())
                            + "</b> is connected" + (c.reauth() ? " again (credentials replaced)" : "") + ".</p><p>"
                            + c.released()
                            + " held leads were released. You can close this window.</p>");
        } catch (ApiException e) {
            if (wantsJson) throw e;
            return HtmlPage.of(
                    e.status(),
                    "Connect failed",
                    "<p>The connection was not completed: " + HtmlPage.esc(e.getMessage()) + "</p>");
        }
    }

    @PostMapping("/api/v1/orgs/{org}/integrations/{vendor}/disable")
    Map<String, Object> disable(@PathVariable String org, @PathVariable String vendor) {
        return lifecycle.disable(integration(org, vendor)).view();
    }

    @PostMapping("/api/v1/orgs/{org}/integrations/{vendor}/enable")
    Map<String, Object> enable(@PathVariable String org, @PathVariable String vendor) {
        Integration i = integration(org, vendor);
        int released = lifecycle.enable(i);
        Map<String, Object> out =
                new LinkedHashMap<>(integrations.byId(i.id()).orElseThrow().view());
        out.put("released", released);
        return out;
    }

    @PostMapping("/api/v1/orgs/{org}/integrations/{vendor}/disconnect")
    Map<String, Object> disconnect(@PathVariable String org, @PathVariable String vendor) {
        return lifecycle.disconnect(integration(org, vendor)).view();
    }

    private Integration integration(String org, String vendor) {
        return integrations
                .find(org, VendorPathParser.parse(vendor))
                .orElseThrow(() -> ApiException.notFound("integration '" + vendor + "' of org '" + org + "'"));
    }
}

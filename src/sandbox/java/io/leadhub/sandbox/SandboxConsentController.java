package io.leadhub.sandbox;

import io.leadhub.platform.HtmlPage;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The simulated vendors' authorization servers: one consent page per vendor, on the vendor's own
 * authorize path. GET shows who asks for what (client, scopes) with Approve / Deny; the buttons POST
 * the request back. Approve redirects (302) to {@code redirect_uri?code=…&state=…} with a one-time
 * code from that vendor's simulator (bound to the client, redirect URI and PKCE challenge); Deny
 * redirects with {@code error=access_denied}. An unknown client, a missing redirect URI, a
 * response type other than {@code code} or a PKCE method other than S256 answer a 400 page and never
 * redirect (the redirect URI cannot be trusted then). Pardot signs in on Salesforce's page.
 */
@RestController
@Profile("sandbox")
public class SandboxConsentController {
    /** Authorize path per simulator name: the vendors' real paths. */
    static final Map<String, String> PATHS = Map.of(
            "hubspot", "/sandbox/hubspot/oauth/authorize",
            "salesforce", "/sandbox/salesforce/services/oauth2/authorize",
            "zoho", "/sandbox/zoho/oauth/v2/auth",
            "pipedrive", "/sandbox/pipedrive/oauth/authorize");

    private static final Map<String, String> TITLES =
            Map.of("hubspot", "HubSpot", "salesforce", "Salesforce", "zoho", "Zoho", "pipedrive", "Pipedrive");

    private final SimulatorRegistry registry;

    public SandboxConsentController(SimulatorRegistry registry) {
        this.registry = registry;
    }

    @GetMapping({
        "/sandbox/hubspot/oauth/authorize",
        "/sandbox/salesforce/services/oauth2/authorize",
        "/sandbox/zoho/oauth/v2/auth",
        "/sandbox/pipedrive/oauth/authorize"
    })
    public ResponseEntity<String> page(HttpServletRequest request, @RequestParam Map<String, String> params) {
        String vendor = vendorOf(request);
        String problem = problem(vendor, params);
        if (problem != null) return HtmlPage.of(400, "Authorization error", "<p>" + HtmlPage.esc(problem) + "</p>");
        String scopes = params.getOrDefault("scope", "");
        StringBuilder hidden = new StringBuilder();
        params.forEach((k, v) -> {
            if (!"decision".equals(k)) {
                hidden.append("<input type=\"hidden\" name=\"")
                        .append(HtmlPage.esc(k))
                        .append("\" value=\"")
                        .append(HtmlPage.esc(v))
                        .append("\">");
            }
        });
        String body = "<p>The application <b>" + HtmlPage.esc(params.get("client_id")) + "</b> asks to access your "
                + HtmlPage.esc(title(vendor))
                + " account.</p>"
                + "<p>Scopes: <code>" + (scopes.isBlank() ? "(the app's default scopes)" : HtmlPage.esc(scopes))
                + "</code></p>"
                + "<p>After your answer you return to <code>" + HtmlPage.esc(params.get("redirect_uri"))
                + "</code>.</p>"
                + "<form method=\"post\" action=\"" + HtmlPage.esc(PATHS.get(vendor)) + "\">" + hidden
                + "<button type=\"submit\" name=\"decision\" value=\"approve\">Approve</button> "
                + "<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form>";
        return HtmlPage.of(200, title(vendor) + " (sandbox): authorize access", body);
    }

    @PostMapping(
            path = {
                "/sandbox/hubspot/oauth/authorize",
                "/sandbox/salesforce/services/oauth2/authorize",
                "/sandbox/zoho/oauth/v2/auth",
                "/sandbox/pipedrive/oauth/authorize"
            },
            consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    public ResponseEntity<String> decide(HttpServletRequest request, @RequestParam Map<String, String> params) {
        String vendor = vendorOf(request);
        String problem = problem(vendor, params);
        if (problem != null) return HtmlPage.of(400, "Authorization error", "<p>" + HtmlPage.esc(problem) + "</p>");
        String decision = params.getOrDefault("decision", "");
        UriComponentsBuilder target = UriComponentsBuilder.fromUriString(params.get("redirect_uri"));
        if ("approve".equals(decision)) {
            VendorSimulator sim = registry.find(vendor).orElseThrow();
            String code = sim.issueAuthorizationCode(
                    params.get("client_id"), params.get("redirect_uri"), params.get("code_challenge"));
            target.queryParam("code", code);
        } else if ("deny".equals(decision)) {
            target.queryParam("error", "access_denied");
            target.queryParam("error_description", "The user denied access");
        } else {
            return HtmlPage.of(400, "Authorization error", "<p>decision must be approve or deny</p>");
        }
        if (params.get("state") != null) target.queryParam("state", params.get("state"));
        URI location = target.encode().build().toUri();
        return ResponseEntity.status(HttpStatus.FOUND).location(location).build();
    }

    /** Why the request cannot be answered with a redirect, or null. */
    private String problem(String vendor, Map<String, String> params) {
        VendorSimulator sim = vendor == null ? null : registry.find(vendor).orElse(null);
        if (sim == null) return "no " + vendor + " simulator runs in this sandbox";
        String clientId = params.get("client_id");
        if (clientId == null || clientId.isBlank()) return "client_id is missing";
        if (!sim.knowsClient(clientId))
            return "unknown client_id '" + clientId + "': no such app is registered with " + title(vendor);
        String redirect = params.get("redirect_uri");
        if (redirect == null || !redirect.matches("https?://.+"))
            return "redirect_uri is missing or not an http(s) URL";
        String type = params.get("response_type");
        if (type != null && !"code".equals(type)) return "unsupported response_type '" + type + "' (only code)";
        String challenge = params.get("code_challenge");
        String method = params.get("code_challenge_method");
        if (method != null && !"S256".equals(method))
            return "unsupported code_challenge_method '" + method + "' (only S256)";
        if (challenge != null && method == null)
            return "code_challenge_method is required with code_challenge (only S256)";
        if (challenge != null && !challenge.matches("[A-Za-z0-9_-]{43,128}"))
            return "code_challenge is not a base64url S256 value";
        return null;
    }

    private static String vendorOf(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        for (var e : PATHS.entrySet()) if (e.getValue().equals(path)) return e.getKey();
        return null;
    }

    private static String title(String vendor) {
        return TITLES.getOrDefault(vendor, vendor);
    }
}

package io.leadhub.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the actuator ({@code management.endpoints.web.base-path}, default {@code /actuator}):
 * {@code GET …/health} (and its groups) is public for load balancers and answers the status only
 * (details for admin and operator keys);
 * every other read needs a valid API key of any role (401 otherwise); every write — POST, PUT,
 * DELETE, e.g. {@code camelroutes/{id}/stop} or {@code loggers/{name}} — needs an operator key (403
 * otherwise). Errors answer the API's uniform JSON. The browser tools {@code …/hawtio} and
 * {@code …/jolokia} are left to {@code io.leadhub.console.OperatorToolsFilter}: they need an operator
 * signed in to the console (or an operator key).
 */
@Component
@Order(0)
public class ActuatorAccessFilter extends OncePerRequestFilter {
    private final ApiKeyStore keys;
    private final ObjectMapper json;
    private final String base;

    public ActuatorAccessFilter(
            ApiKeyStore keys,
            ObjectMapper json,
            @Value("${management.endpoints.web.base-path:/actuator}") String base) {
        this.keys = keys;
        this.json = json;
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals(base) || path.startsWith(base + "/")) || browserTool(path);
    }

    /** Hawtio and its Jolokia endpoint, guarded by the console's operator session instead. */
    private boolean browserTool(String path) {
        for (String tool : new String[] {"/hawtio", "/jolokia"}) {
            if (path.equals(base + tool) || path.startsWith(base + tool + "/")) return true;
        }
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        ApiPrincipal principal;
        try {
            principal = authorize(req);
        } catch (ApiException e) {
            res.setStatus(e.status());
            res.setContentType("application/json");
            json.writeValue(res.getOutputStream(), ErrorBody.of(e));
            return;
        }
        chain.doFilter(principal == null ? req : new Authenticated(req, principal), res);
    }

    /** The caller's principal; null for an anonymous health check. */
    private ApiPrincipal authorize(HttpServletRequest req) {
        String method = req.getMethod();
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        String path = req.getRequestURI();
        boolean health = read && (path.equals(base + "/health") || path.startsWith(base + "/health/"));
        String header = req.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            if (health) return null;
            throw new ApiException(401, "unauthenticated", "send an API key as 'Authorization: Bearer <key>'");
        }
        var resolved = keys.resolve(header.substring(7).trim());
        if (resolved.isEmpty() && health) return null;
        ApiPrincipal principal =
                resolved.orElseThrow(() -> new ApiException(401, "unauthenticated", "unknown API key"));
        if (!read && principal.role() != Role.OPERATOR) {
            throw new ApiException(403, "forbidden", "only an operator key may change the running hub");
        }
        return principal;
    }

    /**
     * The request with the key's principal, so the health endpoint's {@code show-details:
     * when-authorized} shows details to admin and operator keys (roles {@code ADMIN}, {@code OPERATOR}).
     */
    private static final class Authenticated extends HttpServletRequestWrapper {
        private final ApiPrincipal principal;

        Authenticated(HttpServletRequest request, ApiPrincipal principal) {
            super(request);
            this.principal = principal;
        }

        @Override
        public Principal getUserPrincipal() {
            return () -> principal.role().key() + (principal.orgId() == null ? "" : "@" + principal.orgId());
        }

        @Override
        public boolean isUserInRole(String role) {
            return principal.role() != Role.CAPTURE && principal.role().name().equalsIgnoreCase(role)
                    || principal.role() == Role.OPERATOR && "ADMIN".equalsIgnoreCase(role);
        }
    }
}

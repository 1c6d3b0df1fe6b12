package io.leadhub.console;

import io.leadhub.platform.ApiKeyStore;
import io.leadhub.platform.ApiPrincipal;
import io.leadhub.platform.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hawtio ({@code /hawtio}, served at {@code <actuator>/hawtio}) and its Jolokia endpoint
 * ({@code <actuator>/jolokia}: every MBean, and operations such as starting a manual-sync route) are
 * for operators only: a console session signed in with an operator key, or a request with an operator
 * key ({@code Authorization: Bearer}). A browser without one is sent to the console's sign-in page;
 * other callers get 401, and admin or capture keys 403. Writes from a browser must come from the
 * hub's own pages (same origin; the session cookie is SameSite=Strict as well).
 */
@Component
@Order(5)
class OperatorToolsFilter extends OncePerRequestFilter {
    private final ApiKeyStore keys;
    private final String base;

    OperatorToolsFilter(ApiKeyStore keys, @Value("${management.endpoints.web.base-path:/actuator}") String base) {
        this.keys = keys;
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(under(path, "/hawtio") || under(path, base + "/hawtio") || under(path, base + "/jolokia"));
    }

    private static boolean under(String path, String root) {
        return path.equals(root) || path.startsWith(root + "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        Optional<ApiPrincipal> who = bearer(req).or(() -> ConsoleUser.of(req).map(ConsoleUser::principal));
        if (who.isEmpty()) {
            if (wantsPage(req) && !under(req.getRequestURI(), base + "/jolokia")) res.sendRedirect("/console/sign-in");
            else res.sendError(401);
            return;
        }
        if (who.get().role() != Role.OPERATOR || !sameOrigin(req)) {
            res.sendError(403);
            return;
        }
        chain.doFilter(req, res);
    }

    private Optional<ApiPrincipal> bearer(HttpServletRequest req) {
        String header = req.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return Optional.empty();
        }
        return keys.resolve(header.substring(7).trim());
    }

    private static boolean wantsPage(HttpServletRequest req) {
        String accept = req.getHeader("Accept");
        return "GET".equals(req.getMethod()) && accept != null && accept.contains("text/html");
    }

    /** A browser's write (Origin sent) must come from this hub's own origin; callers without Origin use a key. */
    private static boolean sameOrigin(HttpServletRequest req) {
        String origin = req.getHeader("Origin");
        if (origin == null || "GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod())) return true;
        String host = req.getHeader("Host");
        return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    }
}

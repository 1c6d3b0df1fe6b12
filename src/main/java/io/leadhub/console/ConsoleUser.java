package io.leadhub.console;

import io.leadhub.platform.ApiPrincipal;
import io.leadhub.platform.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Who is signed in to the console: the org and role of the API key used to sign in (org null for an
 * operator), kept in the session (stored in the database, see {@code V8__console_sessions.sql}),
 * never the key itself. The session also holds the CSRF token every console POST must carry.
 */
public record ConsoleUser(String orgId, Role role) {
    static final String ORG = "leadhub.console.org";
    static final String ROLE = "leadhub.console.role";
    static final String CSRF = "leadhub.console.csrf";
    static final String CSRF_PARAM = "_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final SecureRandom RANDOM = new SecureRandom();

    ApiPrincipal principal() {
        return new ApiPrincipal(orgId, role);
    }

    public boolean operator() {
        return role == Role.OPERATOR;
    }

    boolean mayAccess(String org) {
        return principal().mayAccess(org);
    }

    /** The signed-in user of this request's session, if any. */
    static Optional<ConsoleUser> of(HttpServletRequest req) {
        HttpSession session = req.getSession(false);
        if (session == null || !(session.getAttribute(ROLE) instanceof String role)) return Optional.empty();
        return Optional.of(new ConsoleUser((String) session.getAttribute(ORG), Role.valueOf(role)));
    }

    /** Signs in: a new session id (no fixation), the user, and a fresh CSRF token. */
    static void signIn(HttpServletRequest req, ApiPrincipal principal) {
        req.getSession(true);
        req.changeSessionId();
        HttpSession session = req.getSession();
        session.setAttribute(ORG, principal.orgId());
        session.setAttribute(ROLE, principal.role().name());
        session.setAttribute(CSRF, newToken());
    }

    static void signOut(HttpServletRequest req) {
        HttpSession session = req.getSession(false);
        if (session != null) session.invalidate();
    }

    /** The session's CSRF token, created with the session when there is none yet (the sign-in form). */
    static String csrfToken(HttpServletRequest req) {
        HttpSession session = req.getSession(true);
        Object token = session.getAttribute(CSRF);
        if (token instanceof String existing) return existing;
        String created = newToken();
        session.setAttribute(CSRF, created);
        return created;
    }

    /** Whether the request carries its session's CSRF token (header for htmx, form field otherwise). */
    static boolean csrfMatches(HttpServletRequest req) {
        HttpSession session = req.getSession(false);
        if (session == null || !(session.getAttribute(CSRF) instanceof String expected)) return false;
        String sent = req.getHeader(CSRF_HEADER);
        if (sent == null) sent = req.getParameter(CSRF_PARAM);
        return sent != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    private static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}

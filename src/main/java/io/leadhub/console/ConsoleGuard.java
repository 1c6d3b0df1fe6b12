package io.leadhub.console;

import io.leadhub.org.OrgRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Guards every console page, with the API's rules: a POST without the session's CSRF token is
 * refused (403); every page but sign-in needs a signed-in user (else back to the sign-in page); a
 * page of an org the user may not see — or that does not exist — answers 404, the same for both.
 * The signed-in user is left in the request for the pages.
 */
@Component
class ConsoleGuard implements HandlerInterceptor {
    static final String USER = "leadhub.console.user";
    private static final Pattern ORG_PATH = Pattern.compile("^/console/orgs/([^/]+)(/.*)?$");
    private final OrgRepository orgs;

    ConsoleGuard(OrgRepository orgs) {
        this.orgs = orgs;
    }

    @Override
    public boolean preHandle(HttpServletRequest req, HttpServletResponse res, Object handler) throws IOException {
        String method = req.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method) && !ConsoleUser.csrfMatches(req)) {
            throw new CsrfRefused();
        }
        String path = req.getRequestURI();
        if (path.equals("/console/sign-in")) return true;
        var user = ConsoleUser.of(req);
        if (user.isEmpty()) {
            if (req.getHeader("HX-Request") != null) {
                res.setHeader("HX-Redirect", "/console/sign-in");
                res.setStatus(401);
            } else {
                res.sendRedirect("/console/sign-in");
            }
            return false;
        }
        req.setAttribute(USER, user.get());
        Matcher m = ORG_PATH.matcher(path);
        if (m.matches()) {
            String org = m.group(1);
            if (!user.get().mayAccess(org) || !orgs.exists(org)) throw new ConsoleNotFound("org '" + org + "'");
        }
        return true;
    }

    /** A console POST without its session's CSRF token. */
    static class CsrfRefused extends RuntimeException {
        CsrfRefused() {
            super("the form is out of date or did not come from this console");
        }
    }
}

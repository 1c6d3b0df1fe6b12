package io.leadhub.console;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;

/** Where a console form goes back to after it was handled (Post/Redirect/Get). */
final class ConsoleRedirect {
    private ConsoleRedirect() {}

    /** The console page the form was on (its same-origin Referer, path and query only), else {@code fallback}. */
    static String back(HttpServletRequest req, String fallback) {
        String referer = req.getHeader("Referer");
        if (referer == null) return fallback;
        try {
            URI uri = URI.create(referer);
            String path = uri.getRawPath();
            if (path != null && path.startsWith("/console/")) {
                return path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            }
        } catch (IllegalArgumentException e) {
            // not a URL: the fallback
        }
        return fallback;
    }
}

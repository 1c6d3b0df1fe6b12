package io.leadhub.platform;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.HtmlUtils;

/** The few plain HTML pages a browser sees (OAuth callback, sandbox consent pages). */
public final class HtmlPage {
    private HtmlPage() {}

    /** A page with {@code title} as title and heading; {@code body} is HTML the caller escaped. */
    public static ResponseEntity<String> of(int status, String title, String body) {
        String page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + esc(title)
                + "</title></head><body><h1>" + esc(title) + "</h1>" + body + "</body></html>";
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(page);
    }

    public static String esc(String s) {
        return HtmlUtils.htmlEscape(s == null ? "" : s);
    }
}

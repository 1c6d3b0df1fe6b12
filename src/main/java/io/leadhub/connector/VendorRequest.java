package io.leadhub.connector;

import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP request to a vendor API: method, path below the integration's base URL, query and JSON body. */
public record VendorRequest(String method, String path, String query, Object body, Map<String, String> headers) {
    public static VendorRequest post(String path, Object body) {
        return new VendorRequest("POST", path, null, body, Map.of());
    }

    public static VendorRequest get(String path, String query) {
        return new VendorRequest("GET", path, query, null, Map.of());
    }

    public VendorRequest withHeader(String name, String value) {
        var h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new VendorRequest(method, path, query, body, h);
    }

    /**
     * A short description for logs, messages and match traces: method and path, never headers, the
     * query string or the body (they carry other leads' data, e.g. a lookup's list of emails).
     */
    public String describe() {
        int q = path == null ? -1 : path.indexOf('?');
        return method + " " + (q < 0 ? path : path.substring(0, q));
    }

    /** {@code text} with the query string of every URL or path in it removed (error texts that quote the request). */
    public static String withoutQueryStrings(String text) {
        return text == null ? null : text.replaceAll("((?:https?://|/)[^\\s?\"']*)\\?[^\\s}]*", "$1");
    }
}

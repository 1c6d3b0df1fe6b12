package io.leadhub.connector.salesforce;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How long a Salesforce request may be, in one place: the SOQL split threshold and the
 * camel-salesforce HTTP client's request buffer both derive from these constants, so a lookup the
 * hub builds always fits what the client can send and what Salesforce accepts.
 *
 * <p>Why: SOQL lookups travel in the URL ({@code GET …/query/?q=<URL-encoded SOQL>}). Salesforce
 * refuses request URIs over 16,384 characters (HTTP 414). camel-salesforce's Jetty client encodes
 * the request line and all headers into one buffer of {@code httpRequestBufferSize} bytes, 8,192 by
 * default, and fails anything longer before it leaves the JVM ("Unexpected error {0:null}"), which
 * a 200-lead lookup with ordinary 40-character emails already exceeds.
 */
final class SalesforceLimits {
    /** The longest request URI (path and query) Salesforce accepts. */
    static final int URI_MAX = 16_384;
    /**
     * Room in the request buffer beside the URI: {@code GET }, {@code  HTTP/1.1} and the headers
     * the client sends (Host, Authorization with the session id, Accept, Accept-Encoding,
     * User-Agent, Content-Type, Sforce-* options), with a wide margin.
     */
    static final int HEADER_ROOM = 8_192;
    /** camel-salesforce's {@code httpRequestBufferSize}: a request line at the URI limit plus its headers. */
    static final int REQUEST_BUFFER = URI_MAX + HEADER_ROOM;

    private SalesforceLimits() {}

    /**
     * The characters left for the encoded SOQL of one query call: the URI limit less the query
     * path camel-salesforce puts before it ({@code <instance path>/services/data/v<version>/query/?q=}).
     * The instance URL's host is not part of the request URI; its path (the sandbox has one) is.
     */
    static int queryBudget(String instanceUrl, String apiVersion) {
        return URI_MAX - queryPrefix(instanceUrl, apiVersion).length();
    }

    static String queryPrefix(String instanceUrl, String apiVersion) {
        String path = "";
        if (instanceUrl != null && !instanceUrl.isBlank()) {
            try {
                String raw = URI.create(instanceUrl.trim()).getRawPath();
                path = raw == null ? "" : raw.replaceAll("/+$", "");
            } catch (IllegalArgumentException e) {
                path = instanceUrl
                        .trim()
                        .replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", "")
                        .replaceAll("/+$", "");
            }
        }
        return path + "/services/data/v" + apiVersion + "/query/?q=";
    }

    /**
     * The SOQL's length once encoded the way camel-salesforce sends it: {@link URLEncoder} in
     * UTF-8 with every {@code +} (an encoded space) written as {@code %20}, so each space costs
     * three characters and each non-ASCII character up to twelve.
     */
    static int encodedLength(String soql) {
        String encoded = URLEncoder.encode(soql, StandardCharsets.UTF_8);
        int spaces = 0;
        for (int i = 0; i < encoded.length(); i++) {
            if (encoded.charAt(i) == '+') spaces++;
        }
        return encoded.length() + 2 * spaces;
    }
}

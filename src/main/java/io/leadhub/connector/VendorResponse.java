package io.leadhub.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Locale;
import java.util.Map;

/** A vendor's answer: status, headers (lower-case names) and the parsed JSON body (MissingNode if none). */
public record VendorResponse(int status, Map<String, String> headers, JsonNode body) {
    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public JsonNode bodyOrEmpty() {
        return body == null ? MissingNode.getInstance() : body;
    }
}

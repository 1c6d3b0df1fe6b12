package io.leadhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * One scripted fault: requests matching {@code method} (null = any) and {@code path} (exact path,
 * or path template such as {@code /crm/v3/objects/contacts/{id}}, relative to the simulator root;
 * null = any) are answered with {@code status}/{@code headers}/{@code body} instead of the normal
 * answer, {@code count} times. {@code delayMs} delays the answer; with no status the normal answer
 * follows the delay (a slow vendor). {@code bodyContains} (optional) narrows the rule to requests
 * whose body contains that text, e.g. one record's marker value: the vendor then refuses every
 * request that carries that record, and only those (see {@link SimulatorBodyCapture}).
 */
public class FaultRule {

    private static final PathPatternParser PARSER = new PathPatternParser();

    private String method;
    private String path;
    private Integer status;
    private Map<String, String> headers = new LinkedHashMap<>();
    private JsonNode body;
    private int count = 1;
    private long delayMs;
    private String bodyContains;

    public FaultRule() {}

    public FaultRule(String method, String path, Integer status, int count) {
        this.method = method;
        this.path = path;
        this.status = status;
        this.count = count;
    }

    /** Checks the rule before it is scripted; answers a problem or null. */
    public String problem() {
        if (count < 1) {
            return "count must be at least 1";
        }
        if (status == null && delayMs <= 0) {
            return "a fault needs a status or a delayMs";
        }
        if (status != null && (status < 100 || status > 599)) {
            return "status must be an HTTP status (100-599)";
        }
        if (delayMs < 0 || delayMs > 120_000) {
            return "delayMs must be between 0 and 120000";
        }
        if (path != null && !path.startsWith("/")) {
            return "path must start with / (relative to the simulator root)";
        }
        return null;
    }

    public boolean matches(String requestMethod, String requestPath, String template) {
        return matches(requestMethod, requestPath, template, null);
    }

    /** {@code requestBody}: the request's body when it was captured, else null (a body rule never matches then). */
    public boolean matches(String requestMethod, String requestPath, String template, String requestBody) {
        if (method != null && !method.isBlank() && !method.equalsIgnoreCase(requestMethod)) {
            return false;
        }
        if (needsBody() && (requestBody == null || !requestBody.contains(bodyContains))) {
            return false;
        }
        if (path == null || path.isBlank()) {
            return true;
        }
        String p = stripQuery(path);
        if (p.equals(requestPath) || p.equals(template)) {
            return true;
        }
        if (p.contains("{")) {
            try {
                PathPattern pattern = PARSER.parse(p);
                return pattern.matches(PathContainer.parsePath(requestPath));
            } catch (RuntimeException e) {
                return false;
            }
        }
        return false;
    }

    private static String stripQuery(String p) {
        int q = p.indexOf('?');
        return q < 0 ? p : p.substring(0, q);
    }

    public ObjectNode toJson() {
        ObjectNode n = SandboxJson.object();
        n.put("method", method);
        n.put("path", path);
        if (status != null) {
            n.put("status", status);
        } else {
            n.putNull("status");
        }
        ObjectNode h = n.putObject("headers");
        headers.forEach(h::put);
        n.set("body", body);
        n.put("count", count);
        n.put("delayMs", delayMs);
        if (bodyContains != null) {
            n.put("bodyContains", bodyContains);
        }
        return n;
    }

    public String getMethod() {
        return method;
    }

    public void setMethod(String method) {
        this.method = method;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public Integer getStatus() {
        return status;
    }

    public void setStatus(Integer status) {
        this.status = status;
    }

    public Map<String, String> getHeaders() {
        return headers;
    }

    public void setHeaders(Map<String, String> headers) {
        this.headers = headers == null ? new LinkedHashMap<>() : headers;
    }

    public JsonNode getBody() {
        return body;
    }

    public void setBody(JsonNode body) {
        this.body = body;
    }

    public int getCount() {
        return count;
    }

    public void setCount(int count) {
        this.count = count;
    }

    public long getDelayMs() {
        return delayMs;
    }

    public void setDelayMs(long delayMs) {
        this.delayMs = delayMs;
    }

    public String getBodyContains() {
        return bodyContains;
    }

    public void setBodyContains(String bodyContains) {
        this.bodyContains = bodyContains;
    }

    /** The rule looks into request bodies. */
    public boolean needsBody() {
        return bodyContains != null && !bodyContains.isEmpty();
    }

    FaultRule copyWithCount(int n) {
        FaultRule c = new FaultRule(method, path, status, n);
        c.headers = new LinkedHashMap<>(headers);
        c.body = body == null ? null : body.deepCopy();
        c.delayMs = delayMs;
        c.bodyContains = bodyContains;
        return c;
    }
}

package io.leadhub.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimulatorResponseException;
import io.leadhub.sandbox.SimulatorStore;
import io.leadhub.sandbox.salesforce.SalesforceOrg.WriteOptions;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code POST /composite}: up to 25 subrequests (at most 5 of them queries or sObject Collections)
 * run in order in one call, later ones referring to earlier results with {@code @{ref.id}} or
 * {@code @{ref.records[0].Id}}. Answers 200 with one {@code compositeResponse} entry per subrequest.
 * With {@code allOrNone} a failure rolls everything back and the others report PROCESSING_HALTED.
 */
final class SalesforceComposite {

    static final int MAX_SUBREQUESTS = 25;
    static final int MAX_QUERIES_AND_COLLECTIONS = 5;
    private static final Pattern REFERENCE = Pattern.compile("@\\{([A-Za-z0-9_]+)\\.([^}]+)}");
    private static final Pattern PREFIX = Pattern.compile("^/services/data/(v\\d{2,3}\\.\\d)(/.*)$");

    private final SalesforceOrg org;
    private final SimulatorStore store;

    SalesforceComposite(SalesforceOrg org, SimulatorStore store) {
        this.org = org;
        this.store = store;
    }

    private record Answer(int status, JsonNode body) {
        boolean ok() {
            return status < 300;
        }
    }

    private static final class Halt extends RuntimeException {
        final List<ObjectNode> responses;

        Halt(List<ObjectNode> responses) {
            super("composite rolled back", null, false, false);
            this.responses = responses;
        }
    }

    ObjectNode run(String version, JsonNode body, WriteOptions options) {
        if (body == null
                || !body.path("compositeRequest").isArray()
                || body.get("compositeRequest").isEmpty()) {
            throw SalesforceOrg.error(400, "compositeRequest must be a non-empty array", "JSON_PARSER_ERROR");
        }
        JsonNode requests = body.get("compositeRequest");
        if (requests.size() > MAX_SUBREQUESTS) {
            throw SalesforceOrg.error(
                    400,
                    "Limit Exceeded: composite requests are limited to " + MAX_SUBREQUESTS + " subrequests",
                    "LIMIT_EXCEEDED");
        }
        long heavy = 0;
        for (JsonNode r : requests) {
            String url = r.path("url").asText("");
            if (url.contains("/query") || url.contains("/composite/sobjects")) {
                heavy++;
            }
            if (!r.hasNonNull("referenceId") || !r.hasNonNull("method") || !r.hasNonNull("url")) {
                throw SalesforceOrg.error(
                        400, "Each subrequest needs method, url and referenceId", "JSON_PARSER_ERROR");
            }
        }
        if (heavy > MAX_QUERIES_AND_COLLECTIONS) {
            throw SalesforceOrg.error(
                    400,
                    "Limit Exceeded: at most " + MAX_QUERIES_AND_COLLECTIONS
                            + " query or sObject Collections subrequests per composite request",
                    "LIMIT_EXCEEDED");
        }
        boolean allOrNone = body.path("allOrNone").asBoolean(false);
        List<ObjectNode> responses;
        try {
            responses = store.inTransaction(SalesforceSimulator.NAME, () -> {
                List<ObjectNode> out = new ArrayList<>();
                Map<String, JsonNode> results = new HashMap<>();
                boolean failed = false;
                for (JsonNode r : requests) {
                    String ref = r.get("referenceId").asText();
                    Answer a;
                    try {
                        String url = resolve(r.get("url").asText(), results, true);
                        JsonNode subBody = r.hasNonNull("body") ? resolveJson(r.get("body"), results) : null;
                        a = dispatch(version, r.get("method").asText().toUpperCase(Locale.ROOT), url, subBody, options);
                    } catch (UnresolvedReference e) {
                        a = new Answer(
                                400,
                                halted("Invalid reference specified. No value for " + e.getMessage() + " found in "
                                        + e.ref + ". Provided referenceId ('" + e.ref + "') may be wrong."));
                    } catch (SimulatorResponseException e) {
                        a = new Answer(e.status(), e.body());
                    }
                    if (a.ok()) {
                        results.put(ref, a.body());
                    } else {
                        failed = true;
                    }
                    ObjectNode n = SandboxJson.object();
                    n.set("body", a.body() == null ? JsonNodeFactory.instance.nullNode() : a.body());
                    n.putObject("httpHeaders");
                    n.put("httpStatusCode", a.status());
                    n.put("referenceId", ref);
                    out.add(n);
                }
                if (allOrNone && failed) {
                    throw new Halt(out);
                }
                return out;
            });
        } catch (Halt h) {
            responses = new ArrayList<>();
            for (ObjectNode n : h.responses) {
                if (n.path("httpStatusCode").asInt() < 300) {
                    n.set(
                            "body",
                            halted(
                                    "The transaction was rolled back since another operation in the same transaction failed."));
                    n.put("httpStatusCode", 400);
                    n.putObject("httpHeaders");
                }
                responses.add(n);
            }
        }
        ObjectNode out = SandboxJson.object();
        ArrayNode list = out.putArray("compositeResponse");
        responses.forEach(list::add);
        return out;
    }

    private static ArrayNode halted(String message) {
        ArrayNode a = SandboxJson.array();
        a.addObject().put("errorCode", "PROCESSING_HALTED").put("message", message);
        return a;
    }

    private Answer dispatch(String version, String method, String url, JsonNode body, WriteOptions options) {
        Matcher m = PREFIX.matcher(url.split("\\?")[0]);
        if (!m.matches()) {
            throw SalesforceOrg.notFound();
        }
        String subVersion = m.group(1);
        String[] path = m.group(2).replaceAll("/+$", "").substring(1).split("/");
        UriComponents uri = UriComponentsBuilder.fromUriString(url).build();
        WriteOptions opts =
                new WriteOptions(options.allowDuplicateSave(), subVersion, false, options.savedInThisCall());
        if (path[0].equals("query") && method.equals("GET")) {
            String q = uri.getQueryParams().getFirst("q");
            return new Answer(
                    200, org.query(subVersion, q == null ? null : URLDecoder.decode(q, StandardCharsets.UTF_8)));
        }
        if (path[0].equals("sobjects") && path.length >= 2) {
            String object = path[1];
            switch (path.length) {
                case 2 -> {
                    if (method.equals("POST")) {
                        ObjectNode n = SandboxJson.object()
                                .put("id", org.create(object, body, opts))
                                .put("success", true);
                        n.putArray("errors");
                        return new Answer(201, n);
                    }
                }
                case 3 -> {
                    switch (method) {
                        case "GET" -> {
                            return new Answer(
                                    200,
                                    org.read(
                                            subVersion,
                                            object,
                                            path[2],
                                            uri.getQueryParams().getFirst("fields")));
                        }
                        case "PATCH" -> {
                            org.update(object, path[2], body, opts);
                            return new Answer(204, null);
                        }
                        case "DELETE" -> {
                            org.delete(object, path[2]);
                            return new Answer(204, null);
                        }
                        default -> {}
                    }
                }
                case 4 -> {
                    if (method.equals("PATCH")) {
                        SalesforceOrg.SaveResult r = org.upsert(
                                object, path[2], URLDecoder.decode(path[3], StandardCharsets.UTF_8), body, opts);
                        ObjectNode n = SandboxJson.object().put("id", r.id()).put("success", true);
                        n.putArray("errors");
                        n.put("created", r.created());
                        return new Answer(r.created() ? 201 : 200, n);
                    }
                }
                default -> {}
            }
        }
        if (path[0].equals("composite") && path.length == 2 && path[1].equals("sobjects")) {
            if (body != null && body.path("allOrNone").asBoolean(false)) {
                throw SalesforceOrg.error(
                        400,
                        "The simulator does not support allOrNone sObject Collections inside composite; "
                                + "set allOrNone on the composite request instead",
                        "INVALID_OPERATION");
            }
            if (method.equals("POST")) {
                return new Answer(200, org.collection("create", body, null, null, opts));
            }
            if (method.equals("PATCH")) {
                return new Answer(200, org.collection("update", body, null, null, opts));
            }
        }
        throw SalesforceOrg.error(
                400, "The simulator does not support " + method + " " + url + " inside composite", "INVALID_OPERATION");
    }

    private static final class UnresolvedReference extends RuntimeException {
        final String ref;

        UnresolvedReference(String ref, String path) {
            super(ref + "." + path, null, false, false);
            this.ref = ref;
        }
    }

    private static String resolve(String text, Map<String, JsonNode> results, boolean urlEncode) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1);
            JsonNode v = navigate(results.get(ref), m.group(2));
            if (v == null || v.isMissingNode() || v.isNull()) {
                throw new UnresolvedReference(ref, m.group(2));
            }
            String value = v.asText();
            m.appendReplacement(
                    sb,
                    Matcher.quoteReplacement(
                            urlEncode && text.contains("?")
                                    ? URLEncoder.encode(value, StandardCharsets.UTF_8)
                                    : value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static JsonNode resolveJson(JsonNode node, Map<String, JsonNode> results) {
        if (node.isTextual()) {
            return JsonNodeFactory.instance.textNode(resolve(node.asText(), results, false));
        }
        if (node.isObject()) {
            ObjectNode copy = SandboxJson.object();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), resolveJson(e.getValue(), results)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = SandboxJson.array();
            node.forEach(n -> copy.add(resolveJson(n, results)));
            return copy;
        }
        return node;
    }

    /** {@code id}, {@code records[0].Id}, {@code [1].id} style paths into an earlier answer. */
    private static JsonNode navigate(JsonNode root, String path) {
        JsonNode cur = root;
        for (String part : path.split("\\.")) {
            if (cur == null) {
                return null;
            }
            Matcher idx = Pattern.compile("^([A-Za-z0-9_]*)((?:\\[\\d+])*)$").matcher(part);
            if (!idx.matches()) {
                return null;
            }
            if (!idx.group(1).isEmpty()) {
                cur = cur.get(idx.group(1));
            }
            Matcher n = Pattern.compile("\\[(\\d+)]").matcher(idx.group(2));
            while (cur != null && n.find()) {
                cur = cur.get(Integer.parseInt(n.group(1)));
            }
        }
        return cur;
    }
}

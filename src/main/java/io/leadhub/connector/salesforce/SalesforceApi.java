package io.leadhub.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.QuotaPause;
import io.leadhub.connector.QuotaReset;
import io.leadhub.connector.RetryBackoff;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorCallLog;
import io.leadhub.connector.VendorHttp;
import io.leadhub.integration.Integration;
import io.leadhub.platform.HubMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Every Salesforce call of the hub, through the integration's camel-salesforce component and the
 * YAML API routes ({@code direct:salesforce-api-query}, {@code -describe}, {@code -collections}).
 * Re-login on 401 is camel-salesforce's own; this class classifies what is left: a refused login
 * or a session still invalid after re-login is AUTHENTICATION, {@code REQUEST_LIMIT_EXCEEDED} is
 * QUOTA_EXHAUSTED and pauses the integration for 24 hours (Salesforce counts API requests over a
 * rolling 24 hours; see {@link QuotaPause}), {@code UNABLE_TO_LOCK_ROW} and 5xx are retried with
 * backoff (then VENDOR_UNAVAILABLE), other errors are raised with their category and Salesforce
 * code ({@link SalesforceCallException}). Every call is counted in the hub's call ledger.
 */
@Component
class SalesforceApi {
    private static final Logger LOG = LoggerFactory.getLogger(SalesforceApi.class);
    static final String VENDOR = "salesforce";

    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final SalesforceComponentRegistry components;
    private final HubMetrics metrics;
    private final RetryBackoff backoff;

    SalesforceApi(
            ProducerTemplate producer,
            ObjectMapper json,
            SalesforceComponentRegistry components,
            HubMetrics metrics,
            RetryBackoff backoff) {
        this.producer = producer;
        this.json = json;
        this.components = components;
        this.metrics = metrics;
        this.backoff = backoff;
    }

    /** A Salesforce error answer for the whole request, with its category and code. */
    static final class SalesforceCallException extends VendorCallException {
        private final int status;

        SalesforceCallException(ErrorCategory category, String code, String message, Instant retryAt, int status) {
            super(category, code, message, retryAt);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** The longest URL-encoded SOQL ({@link SalesforceLimits#encodedLength}) one query call of the integration may carry. */
    int queryBudget(Integration integration) {
        return components.queryBudget(integration);
    }

    String apiVersion(Integration integration) {
        return components.apiVersion(integration);
    }

    /** Runs a SOQL query and follows nextRecordsUrl; answers every record. */
    List<JsonNode> query(Integration integration, String soql) {
        List<JsonNode> records = new ArrayList<>();
        JsonNode page = call(integration, "direct:salesforce-api-query", "SOQL query on " + fromObject(soql), ex -> {
            ex.setProperty("sfQueryOperation", "query");
            ex.getMessage().setHeader("sObjectQuery", soql);
        });
        page.path("records").forEach(records::add);
        while (!page.path("done").asBoolean(true) && page.hasNonNull("nextRecordsUrl")) {
            String next = page.path("nextRecordsUrl").asText();
            page = call(integration, "direct:salesforce-api-query", "queryMore", ex -> {
                ex.setProperty("sfQueryOperation", "queryMore");
                ex.getMessage().setHeader("sObjectQuery", next);
            });
            page.path("records").forEach(records::add);
        }
        return records;
    }

    /** The describe of one sObject. */
    JsonNode describe(Integration integration, String sObject) {
        return call(
                integration,
                "direct:salesforce-api-describe",
                "describe " + sObject,
                ex -> ex.getMessage().setHeader("sObjectName", sObject));
    }

    /**
     * sObject Collections create (POST) or update (PATCH) of at most 200 records, allOrNone=false:
     * answers the SaveResult list, one per record in input order.
     */
    ArrayNode collections(Integration integration, String method, List<Map<String, Object>> records) {
        if (records.size() > 200) throw new IllegalArgumentException("sObject Collections take at most 200 records");
        String path = "/services/data/v" + apiVersion(integration) + "/composite/sobjects";
        byte[] body;
        try {
            body = json.writeValueAsBytes(collectionsBody(records));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        JsonNode answer = call(
                integration,
                "direct:salesforce-api-collections",
                "sObject Collections " + ("POST".equals(method) ? "create" : "update"),
                ex -> {
                    ex.getMessage().setHeader("rawPath", path);
                    ex.getMessage().setHeader("rawMethod", method);
                    ex.getMessage().setBody(body);
                });
        if (!answer.isArray()) {
            throw new SalesforceCallException(
                    ErrorCategory.VENDOR_UNAVAILABLE,
                    "NO_RESULTS",
                    "sObject Collections answered without a result list",
                    null,
                    200);
        }
        return (ArrayNode) answer;
    }

    /** The org's API limits ({@code GET /limits}): DailyApiRequests.Max and .Remaining among them. */
    JsonNode limits(Integration integration) {
        String path = "/services/data/v" + apiVersion(integration) + "/limits";
        return call(integration, "direct:salesforce-api-limits", "limits", ex -> {
            ex.getMessage().setHeader("rawPath", path);
            ex.getMessage().setHeader("rawMethod", "GET");
            ex.getMessage().setBody(null);
        });
    }

    /** The sObject Collections request body: each record carries attributes.type; one failure never rolls back the others. */
    static Map<String, Object> collectionsBody(List<Map<String, Object>> records) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("allOrNone", false);
        body.put("records", records);
        return body;
    }

    private QuotaPause quotaPause;
    private QuotaReset quotaReset;

    /** The shared quota pause and reset rules (set once by Spring, beside the constructor's settings). */
    @Autowired
    void quota(QuotaPause quotaPause, QuotaReset quotaReset) {
        this.quotaPause = quotaPause;
        this.quotaReset = quotaReset;
    }

    private JsonNode call(Integration integration, String route, String what, Consumer<Exchange> prepare) {
        quotaPause.requireOpen(integration);
        for (int attempt = 1; ; attempt++) {
            String component = components.componentFor(integration);
            Exchange answer = producer.send(route, ex -> {
                ex.setProperty("sfComponent", component);
                ex.setProperty(VendorHttp.PROP_INTEGRATION, integration.id());
                ex.setProperty(VendorHttp.PROP_VENDOR, VENDOR);
                prepare.accept(ex);
            });
            Throwable error = answer.getException();
            if (error == null) {
                metrics.vendorCall(integration.orgId(), VENDOR, 200);
                VendorCallLog.record(what, 200);
                return parse(answer.getMessage().getBody());
            }
            SalesforceException sf = find(error, SalesforceException.class);
            int status = sf == null ? 0 : sf.getStatusCode();
            metrics.vendorCall(integration.orgId(), VENDOR, status);
            VendorCallLog.record(what, status);
            String chain = SalesforceComponentRegistry.chain(error).toLowerCase(Locale.ROOT);
            if (chain.contains("login error") || chain.contains("invalid_grant")) {
                // the re-login after a 401 was refused: the refresh token is revoked or expired
                components.remove(integration.id());
                throw SalesforceComponentRegistry.loginFailure(integration, error);
            }
            List<RestError> errors = errors(sf);
            String code = errors.isEmpty()
                    ? (status == 0 ? null : "HTTP_" + status)
                    : errors.get(0).getErrorCode();
            String message = errors.isEmpty()
                    ? (sf == null ? noAnswer(status, error) : vendorText(String.valueOf(sf.getMessage())))
                    : vendorText(errors.get(0).getMessage());
            ErrorCategory category = SalesforceErrorClassifier.category(code, status);
            if (category == ErrorCategory.QUOTA_EXHAUSTED) {
                throw quotaPause.started(
                        integration,
                        new SalesforceCallException(
                                category,
                                code,
                                what + ": " + message + " (API requests are counted over a rolling 24 hours)",
                                quotaReset.rolling24h(),
                                status));
            }
            if (category == ErrorCategory.AUTHENTICATION) {
                // camel-salesforce already logged in again and replayed the request once
                components.remove(integration.id());
                throw new SalesforceCallException(
                        category, code, what + ": the session was refused after a new login: " + message, null, status);
            }
            if (SalesforceErrorClassifier.transientFailure(code, status)) {
                if (backoff.exhausted(attempt)) {
                    throw new SalesforceCallException(
                            ErrorCategory.VENDOR_UNAVAILABLE,
                            code,
                            what + " failed after " + attempt + " attempts: " + message,
                            null,
                            status);
                }
                LOG.info(
                        "Salesforce {} for integration {} failed ({} {}); attempt {} of {}",
                        what,
                        integration.id(),
                        status,
                        code,
                        attempt,
                        backoff.attempts());
                backoff.pause(attempt);
                continue;
            }
            throw new SalesforceCallException(category, code, what + ": " + message, null, status);
        }
    }

    /** The sObject a SOQL query reads (its FROM), for messages that must not carry the query itself. */
    static String fromObject(String soql) {
        Matcher m = Pattern.compile("(?i)\\bFROM\\s+(\\w+)").matcher(soql);
        return m.find() ? m.group(1) : "an sObject";
    }

    /**
     * Salesforce's text without what the request carried: a query error echoes the whole SOQL (with
     * every email of the batch) above {@code ERROR at Row:…}; only the explanation after it is kept.
     * Request URLs lose their query string; whitespace collapses.
     */
    static String vendorText(String message) {
        if (message == null) return "";
        String text = message;
        int at = text.indexOf("ERROR at Row:");
        if (at >= 0) {
            int eol = text.indexOf('\n', at);
            text = eol < 0 ? text.substring(at) : text.substring(eol + 1);
        }
        return VendorHttp.readable(text);
    }

    /**
     * The message of a failure without a Salesforce error body. camel-salesforce's own text names
     * the whole request URL ("Unexpected error {0:null} executing {GET:…?q=SELECT … IN (…)}"),
     * which carries every lead's email of the lookup: it goes to the debug log only, never into a
     * lead's message.
     */
    private static String noAnswer(int status, Throwable error) {
        LOG.debug("Salesforce call failed without an error body: {}", SalesforceComponentRegistry.chain(error));
        if (status > 0) return "HTTP " + status + " without an error body";
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return "no answer from Salesforce (" + root.getClass().getSimpleName() + ")";
    }

    /** The errors of a failed call: typed operations parse them; the raw operation carries the body as the message. */
    private List<RestError> errors(SalesforceException sf) {
        if (sf == null) return List.of();
        if (sf.getErrors() != null && !sf.getErrors().isEmpty()) return sf.getErrors();
        String text = sf.getMessage();
        if (text == null) return List.of();
        int start = text.indexOf('[');
        int brace = text.indexOf('{');
        List<RestError> out = new ArrayList<>();
        try {
            JsonNode node = start >= 0 && (brace < 0 || start < brace)
                    ? json.readTree(text.substring(start))
                    : brace >= 0 ? json.readTree(text.substring(brace)) : MissingNode.getInstance();
            if (node.isObject()) node = json.createArrayNode().add(node);
            for (JsonNode e : node) {
                String code = e.path("errorCode")
                        .asText(e.path("statusCode").asText(e.path("error").asText(null)));
                if (code != null) {
                    out.add(new RestError(
                            code,
                            e.path("message").asText(e.path("error_description").asText("")),
                            json.convertValue(
                                    e.path("fields").isArray() ? e.path("fields") : json.createArrayNode(),
                                    json.getTypeFactory().constructCollectionType(List.class, String.class))));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Salesforce error body not JSON: {}", e.getMessage());
        }
        return out;
    }

    private JsonNode parse(Object body) {
        try {
            if (body == null) return MissingNode.getInstance();
            if (body instanceof InputStream in) {
                try (in) {
                    byte[] bytes = in.readAllBytes();
                    return bytes.length == 0 ? MissingNode.getInstance() : json.readTree(bytes);
                }
            }
            if (body instanceof byte[] b) return b.length == 0 ? MissingNode.getInstance() : json.readTree(b);
            String s = body.toString();
            return s.isBlank() ? MissingNode.getInstance() : json.readTree(s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SalesforceCallException(
                    ErrorCategory.VENDOR_UNAVAILABLE,
                    "UNREADABLE",
                    "Salesforce answered something that is not JSON",
                    null,
                    200);
        }
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return type.cast(c);
        }
        return null;
    }
}

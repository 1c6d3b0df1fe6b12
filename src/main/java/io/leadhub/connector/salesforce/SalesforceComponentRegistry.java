package io.leadhub.connector.salesforce;

import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.OutboundGuard;
import io.leadhub.connector.OutboundRefused;
import io.leadhub.connector.VendorCallException;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationChanged;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * One camel-salesforce component per connected Salesforce integration: each org has its own login
 * URL, instance and refresh token. The component is registered in the CamelContext as
 * {@code sf-<integrationId>-<n>} (the vendor routes call {@code ${exchangeProperty.sfComponent}:query}
 * and so on), logs in with the REFRESH_TOKEN flow when it starts, and re-logs in by itself when
 * Salesforce answers 401 (camel-salesforce's security handler replays the request). Every new
 * component gets a new number n: the routes' {@code toD} keep their producers by endpoint URI, so a
 * component replaced under the same name would still be called through the old one's stopped client.
 *
 * <p>Created on first use only (a batch, a describe or a campaign check of the integration), never at
 * start-up nor when the integration connects: the hub logs in to no vendor while it boots, and a
 * connected integration costs nothing until it has work. Stopped and removed when the integration is
 * disconnected, disabled, needs re-auth, or its credentials are replaced. A component whose
 * configuration no longer matches the stored credentials and base URL is rebuilt on its next use.
 *
 * <p>Settings: {@code loginUrl} (default: the integration's base URL), {@code instanceUrl}
 * (optional override of the token answer's instance_url), {@code apiVersion}
 * (default {@code hub.vendors.salesforce.api-version}). Credentials: refreshToken, clientId,
 * clientSecret. The login URL, the instance URL setting and the session's instance URL pass
 * {@link OutboundGuard} (Salesforce hosts, public addresses) before each use of the component.
 */
@Component
public class SalesforceComponentRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SalesforceComponentRegistry.class);
    static final String PREFIX = "sf-";

    private final CamelContext camel;
    private final IntegrationRepository integrations;
    private final String defaultApiVersion;
    private final long httpTimeoutMs;
    private final OutboundGuard guard;
    private final Map<Long, Entry> entries = new ConcurrentHashMap<>();
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    private final AtomicLong generations = new AtomicLong();

    private record Entry(String name, String fingerprint, String apiVersion, SalesforceComponent component) {}

    public SalesforceComponentRegistry(
            CamelContext camel,
            IntegrationRepository integrations,
            @Value("${hub.vendors.salesforce.api-version:60.0}") String defaultApiVersion,
            @Value("${hub.vendors.salesforce.http-timeout-ms:30000}") long httpTimeoutMs,
            OutboundGuard guard) {
        this.guard = guard;
        this.camel = camel;
        this.integrations = integrations;
        this.defaultApiVersion = defaultApiVersion;
        this.httpTimeoutMs = httpTimeoutMs;
    }

    /** The component name of the integration, created (and logged in) first when missing or stale. */
    public String componentFor(Integration integration) {
        checkDestinations(integration);
        Map<String, Object> creds = integrations.credentials(integration.id());
        String fingerprint = fingerprint(integration, creds);
        Entry e = entries.get(integration.id());
        if (e != null && e.fingerprint().equals(fingerprint)) return e.name();
        synchronized (locks.computeIfAbsent(integration.id(), k -> new Object())) {
            e = entries.get(integration.id());
            if (e != null && e.fingerprint().equals(fingerprint)) return e.name();
            if (e != null) remove(integration.id());
            Entry created = create(integration, creds, fingerprint);
            entries.put(integration.id(), created);
            return created.name();
        }
    }

    /** The login and instance URLs the component would call: Salesforce hosts on public addresses only. */
    private void checkDestinations(Integration integration) {
        Entry e = entries.get(integration.id());
        String session = e == null || e.component().getSession() == null
                ? null
                : e.component().getSession().getInstanceUrl();
        try {
            guard.checkBaseUrl(Vendor.SALESFORCE, integration.setting("loginUrl", integration.baseUrl()));
            String instance = integration.setting("instanceUrl", null);
            if (instance != null) guard.checkBaseUrl(Vendor.SALESFORCE, instance);
            if (session != null) guard.checkBaseUrl(Vendor.SALESFORCE, session);
        } catch (OutboundRefused refused) {
            throw new VendorCallException(
                    ErrorCategory.VENDOR_UNAVAILABLE,
                    "DESTINATION_REFUSED",
                    "outbound call refused: " + refused.getMessage());
        }
    }

    /** The REST API version the integration's component calls. */
    public String apiVersion(Integration integration) {
        return integration.setting("apiVersion", defaultApiVersion);
    }

    /**
     * How many characters of URL-encoded SOQL one query call of the integration may carry: the
     * request-URI limit less the query path under the instance URL the component logged in to.
     */
    public int queryBudget(Integration integration) {
        componentFor(integration);
        Entry e = entries.get(integration.id());
        String instance = e == null || e.component().getSession() == null
                ? null
                : e.component().getSession().getInstanceUrl();
        if (instance == null) instance = integration.setting("instanceUrl", integration.baseUrl());
        return SalesforceLimits.queryBudget(instance, apiVersion(integration));
    }

    /** Whether a component is registered for the integration (tests, health). */
    public boolean active(long integrationId) {
        Entry e = entries.get(integrationId);
        return e != null && camel.hasComponent(e.name()) != null;
    }

    /** The name of the integration's current component, or null when it has none (tests). */
    String componentName(long integrationId) {
        Entry e = entries.get(integrationId);
        return e == null ? null : e.name();
    }

    @EventListener
    public void onIntegrationChanged(IntegrationChanged change) {
        if (change.vendor() != Vendor.SALESFORCE) return;
        boolean usable = change.state() == Integration.ConnectionState.CONNECTED;
        if (!usable || change.credentialsReplaced()) {
            synchronized (locks.computeIfAbsent(change.integrationId(), k -> new Object())) {
                if (entries.containsKey(change.integrationId())) remove(change.integrationId());
            }
        }
    }

    /** Stops and removes the integration's component and its endpoints (their sessions revoke their tokens). */
    void remove(long integrationId) {
        Entry e = entries.remove(integrationId);
        if (e == null) return;
        try {
            camel.removeEndpoints(e.name() + ":*");
        } catch (Exception ex) {
            LOG.debug("Removing endpoints of {}: {}", e.name(), ex.getMessage());
        }
        camel.removeComponent(e.name());
        try {
            e.component().stop();
        } catch (Exception ex) {
            LOG.debug("Stopping {}: {}", e.name(), ex.getMessage());
        }
        LOG.info("Salesforce component {} removed", e.name());
    }

    private Entry create(Integration integration, Map<String, Object> creds, String fingerprint) {
        Object refresh = creds.get("refreshToken");
        if (refresh == null) {
            throw new VendorCallException(
                    ErrorCategory.AUTHENTICATION,
                    "NO_REFRESH_TOKEN",
                    "the Salesforce integration has no stored refresh token; connect it again");
        }
        String name = PREFIX + integration.id() + "-" + generations.incrementAndGet();
        String version = apiVersion(integration);
        SalesforceComponent c = new SalesforceComponent();
        c.setCamelContext(camel);
        c.setLoginUrl(integration.setting("loginUrl", integration.baseUrl()));
        String instanceUrl = integration.setting("instanceUrl", null);
        if (instanceUrl != null) c.setInstanceUrl(instanceUrl);
        c.setAuthenticationType(AuthenticationType.REFRESH_TOKEN);
        c.setRefreshToken(refresh.toString());
        c.setClientId(String.valueOf(creds.get("clientId")));
        c.setClientSecret(String.valueOf(creds.get("clientSecret")));
        c.setLazyLogin(false);
        c.setHttpClientConnectionTimeout(httpTimeoutMs);
        c.setHttpRequestTimeout(httpTimeoutMs);
        c.setHttpClientIdleTimeout(Math.max(httpTimeoutMs, 10_000));
        // room for a request URI at Salesforce's limit plus headers (the default 8 KB fails long SOQL lookups)
        c.setHttpRequestBufferSize(SalesforceLimits.REQUEST_BUFFER);
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        config.setApiVersion(version);
        c.setConfig(config);
        try {
            c.start(); // logs in: one token request with the refresh_token grant
        } catch (RuntimeException ex) {
            try {
                c.stop();
            } catch (RuntimeException ignored) {
                // the login failure is what matters
            }
            throw loginFailure(integration, ex);
        }
        camel.addComponent(name, c);
        LOG.info(
                "Salesforce component {} started for integration {} (org {}, API v{})",
                name,
                integration.id(),
                integration.orgId(),
                version);
        return new Entry(name, fingerprint, version, c);
    }

    /** A refused login (invalid_grant, bad client) is AUTHENTICATION; anything else is the vendor being unavailable. */
    static VendorCallException loginFailure(Integration integration, Throwable ex) {
        String text = chain(ex);
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("invalid_grant")
                || lower.contains("invalid_client")
                || lower.contains("unauthorized_client")
                || lower.contains("login error code")) {
            String code = lower.contains("invalid_grant")
                    ? "invalid_grant"
                    : lower.contains("invalid_client") ? "invalid_client" : "login_refused";
            return new VendorCallException(
                    ErrorCategory.AUTHENTICATION,
                    code,
                    "Salesforce refused the login of integration " + integration.id() + " (" + code
                            + "); re-connect it");
        }
        return new VendorCallException(
                ErrorCategory.VENDOR_UNAVAILABLE, null, "Salesforce login failed: " + abbreviate(text));
    }

    static String chain(Throwable ex) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = ex; t != null && s.length() < 2000; t = t.getCause()) {
            s.append(t.getClass().getSimpleName())
                    .append(": ")
                    .append(t.getMessage())
                    .append(" / ");
        }
        return s.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private String fingerprint(Integration integration, Map<String, Object> creds) {
        String raw = integration.baseUrl() + "|" + integration.setting("loginUrl", "") + "|"
                + integration.setting("instanceUrl", "") + "|" + apiVersion(integration) + "|"
                + creds.get("refreshToken") + "|" + creds.get("clientId") + "|" + creds.get("clientSecret");
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.leadhub.connect;

import io.leadhub.integration.Vendor;
import io.leadhub.platform.ApiException;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * The OAuth clients of the vendors ({@code hub.oauth.<vendor>.*}) and the hub's public URL
 * ({@code hub.public-url}; empty: {@code http://127.0.0.1:<server port>}, good for the sandbox only).
 */
@Component
class OAuthClientRegistry {
    static final String CALLBACK_PATH = "/api/v1/oauth/callback";
    private final Environment env;
    private final Map<String, OAuthClient> clients;

    OAuthClientRegistry(Environment env) {
        this.env = env;
        this.clients = Binder.get(env)
                .bind("hub.oauth", Bindable.mapOf(String.class, OAuthClient.class))
                .orElse(Map.of());
    }

    /** The vendor's client; 422 when the hub has no OAuth client configured for it. */
    OAuthClient client(Vendor vendor) {
        OAuthClient c = clients.get(vendor.key());
        if (c == null || blank(c.getTokenUrl()) || blank(c.getClientId())) {
            throw ApiException.unprocessable("no OAuth client is configured for " + vendor.key() + " (hub.oauth."
                    + vendor.key() + ".client-id / token-url)");
        }
        return c;
    }

    /** The hub's base URL as browsers reach it. */
    String hubUrl() {
        String configured = env.getProperty("hub.public-url", "");
        if (!configured.isBlank()) return configured.replaceAll("/+$", "");
        if (!env.acceptsProfiles(Profiles.of("sandbox"))) {
            throw ApiException.unprocessable(
                    "hub.public-url is not set: export HUB_PUBLIC_URL (the URL browsers reach the hub at) "
                            + "so the OAuth redirect URI is <public-url>" + CALLBACK_PATH);
        }
        return "http://127.0.0.1:" + env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    }

    /** The hub's own URL as the hub calls itself (the sandbox simulators): always the local port. */
    String selfUrl() {
        return "http://127.0.0.1:" + env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    }

    String redirectUri() {
        return hubUrl() + CALLBACK_PATH;
    }

    /** Replaces {@code {hub}} in a configured URL. */
    String resolve(String url) {
        return url == null ? null : url.replace("{hub}", selfUrl());
    }

    /** Like {@link #resolve} for URLs a browser opens (the authorize page). */
    String resolveForBrowser(String url) {
        return url == null ? null : url.replace("{hub}", hubUrl());
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}

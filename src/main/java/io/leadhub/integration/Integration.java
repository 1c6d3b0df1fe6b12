package io.leadhub.integration;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An org's connection to one vendor. Credentials are never part of this record. {@code quotaResetAt}
 * and {@code quotaReason} are set while the vendor's daily API quota is used up: no call goes to the
 * vendor before that time (see {@code io.leadhub.connector.QuotaPause}).
 */
public record Integration(
        long id,
        String orgId,
        Vendor vendor,
        ConnectionState state,
        SyncMode syncMode,
        String baseUrl,
        Map<String, Object> settings,
        Instant tokenExpiresAt,
        String stateReason,
        Instant quotaResetAt,
        String quotaReason) {

    public enum ConnectionState {
        CONNECTED,
        DISABLED,
        DISCONNECTED,
        NEEDS_REAUTH
    }

    public enum SyncMode {
        AUTOMATIC,
        MANUAL
    }

    /** The integration as the API answers it: state, sync mode, base URL and settings, never credentials. */
    public Map<String, Object> view() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vendor", vendor.key());
        out.put("category", vendor.category());
        out.put("state", state);
        if (stateReason != null) out.put("stateReason", stateReason);
        out.put("syncMode", syncMode);
        out.put("baseUrl", baseUrl);
        out.put("settings", settings);
        if (quotaResetAt != null) {
            out.put("quotaResetAt", quotaResetAt.toString());
            if (quotaReason != null) out.put("quotaReason", quotaReason);
        }
        return out;
    }

    public String setting(String key, String fallback) {
        Object v = settings.get(key);
        return v == null ? fallback : v.toString();
    }
}

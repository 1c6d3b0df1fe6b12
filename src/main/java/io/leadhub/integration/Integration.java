package io.leadhub.integration;

import java.time.Instant;
import java.util.Map;

/** An org's connection to one vendor. Credentials are never part of this record. */
public record Integration(long id, String orgId, Vendor vendor, ConnectionState state, SyncMode syncMode,
                          String baseUrl, Map<String, Object> settings, Instant tokenExpiresAt, String stateReason) {

    public enum ConnectionState { CONNECTED, DISABLED, DISCONNECTED, NEEDS_REAUTH }

    public enum SyncMode { AUTOMATIC, MANUAL }

    /** The integration as the API answers it: state, sync mode, base URL and settings, never credentials. */
    public Map<String, Object> view() {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("vendor", vendor.key());
        out.put("category", vendor.category());
        out.put("state", state);
        if (stateReason != null) out.put("stateReason", stateReason);
        out.put("syncMode", syncMode);
        out.put("baseUrl", baseUrl);
        out.put("settings", settings);
        return out;
    }

    public String setting(String key, String fallback) {
        Object v = settings.get(key);
        return v == null ? fallback : v.toString();
    }
}

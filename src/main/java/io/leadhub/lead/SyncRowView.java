package io.leadhub.lead;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API view of one lead_sync row (the reconciliation entry), shared by the lead view and the reconciliation lists. */
public final class SyncRowView {
    private SyncRowView() {}

    public static Map<String, Object> of(ResultSet rs) throws SQLException {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("vendor", rs.getString("vendor"));
        s.put("state", rs.getString("state"));
        put(s, "holdReason", rs.getString("hold_reason"));
        put(s, "holdMessage", holdMessage(rs.getString("hold_reason")));
        put(s, "category", rs.getString("category"));
        put(s, "vendorCode", rs.getString("vendor_code"));
        put(s, "message", rs.getString("message"));
        s.put("attempts", rs.getInt("attempts"));
        put(s, "vendorObject", rs.getString("vendor_object"));
        put(s, "vendorId", rs.getString("vendor_id"));
        put(s, "companyVendorId", rs.getString("company_vendor_id"));
        put(s, "action", rs.getString("action"));
        String trace = rs.getString("match_trace");
        if (trace != null) s.put("matchTrace", List.of(trace.split("\n")));
        Timestamp next = rs.getTimestamp("next_attempt_at");
        if (next != null) s.put("nextAttemptAt", next.toInstant());
        Timestamp updated = rs.getTimestamp("updated_at");
        s.put("updatedAt", updated == null ? null : updated.toInstant());
        return s;
    }

    /** The plain-language reason of a waiting row. */
    static String holdMessage(String reason) {
        if (reason == null) return null;
        return switch (reason) {
            case "DISABLED" -> "integration disabled";
            case "DISCONNECTED" -> "integration disconnected";
            case "NEEDS_REAUTH" -> "integration needs to be connected again (the vendor refused its credentials)";
            case "MANUAL" -> "sync mode is Manual: waiting for a push";
            default -> null;
        };
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) m.put(k, v);
    }
}

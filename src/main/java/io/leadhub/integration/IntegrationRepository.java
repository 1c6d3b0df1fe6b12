package io.leadhub.integration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Integrations and their encrypted credentials. Credentials leave this class only decrypted into memory. */
@Repository
public class IntegrationRepository {
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final CredentialVault vault;
    private final ApplicationEventPublisher events;

    public IntegrationRepository(
            NamedParameterJdbcTemplate jdbc,
            ObjectMapper json,
            CredentialVault vault,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.vault = vault;
        this.events = events;
    }

    public List<Integration> forOrg(String orgId) {
        return jdbc.query("SELECT * FROM integration WHERE org_id = :org ORDER BY id", Map.of("org", orgId), this::map);
    }

    public Optional<Integration> find(String orgId, Vendor vendor) {
        return jdbc
                .query(
                        "SELECT * FROM integration WHERE org_id = :org AND vendor = :v",
                        Map.of("org", orgId, "v", vendor.key()),
                        this::map)
                .stream()
                .findFirst();
    }

    public Optional<Integration> byId(long id) {
        return jdbc.query("SELECT * FROM integration WHERE id = :id", Map.of("id", id), this::map).stream()
                .findFirst();
    }

    /**
     * Locks the integration's row until the surrounding transaction ends: the token refresh of one
     * integration runs on one instance at a time, whichever instance asks. Answers false if the
     * integration is gone.
     */
    public boolean lockForTokenRefresh(long id) {
        return !jdbc.queryForList("SELECT id FROM integration WHERE id = :id FOR UPDATE", Map.of("id", id), Long.class)
                .isEmpty();
    }

    /** Creates the integration or updates its settings, mode and base URL; answers its id. */
    public long upsert(
            String orgId,
            Vendor vendor,
            Integration.SyncMode mode,
            String baseUrl,
            Map<String, Object> settings,
            Integration.ConnectionState initialState) {
        var p = new MapSqlParameterSource()
                .addValue("org", orgId)
                .addValue("v", vendor.key())
                .addValue("cat", vendor.category().name())
                .addValue("mode", mode.name())
                .addValue("url", baseUrl)
                .addValue("settings", write(settings))
                .addValue("state", initialState.name())
                .addValue("now", OffsetDateTime.now());
        int n = jdbc.update(
                "UPDATE integration SET sync_mode = :mode, base_url = :url, settings = :settings, updated_at = :now "
                        + "WHERE org_id = :org AND vendor = :v",
                p);
        if (n == 0) {
            jdbc.update(
                    "INSERT INTO integration (org_id, vendor, category, state, sync_mode, base_url, settings, created_at, updated_at) "
                            + "VALUES (:org, :v, :cat, :state, :mode, :url, :settings, :now, :now)",
                    p);
        }
        return find(orgId, vendor).orElseThrow().id();
    }

    public void setState(long id, Integration.ConnectionState state, String reason) {
        jdbc.update(
                "UPDATE integration SET state = :s, state_reason = :r, updated_at = :now WHERE id = :id",
                new MapSqlParameterSource()
                        .addValue("id", id)
                        .addValue("s", state.name())
                        .addValue("r", reason)
                        .addValue("now", OffsetDateTime.now()));
        announce(id, false);
    }

    /** Stores credentials encrypted, with the access token's expiry (null if it does not expire). */
    public void saveCredentials(long id, Map<String, Object> credentials, Instant expiresAt) {
        jdbc.update(
                "UPDATE integration SET credentials_enc = :c, token_expires_at = :exp, updated_at = :now WHERE id = :id",
                new MapSqlParameterSource()
                        .addValue("id", id)
                        .addValue("c", vault.seal(write(credentials), CredentialVault.rowContext(id)))
                        .addValue("exp", expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC))
                        .addValue("now", OffsetDateTime.now()));
        announce(id, true);
    }

    /**
     * Removes the stored credentials and the token expiry (disconnect). Announces
     * {@link IntegrationChanged} with {@code credentialsReplaced = true}.
     */
    public void removeCredentials(long id) {
        jdbc.update(
                "UPDATE integration SET credentials_enc = NULL, token_expires_at = NULL, updated_at = :now WHERE id = :id",
                new MapSqlParameterSource().addValue("id", id).addValue("now", OffsetDateTime.now()));
        announce(id, true);
    }

    /**
     * Pauses calls to the integration until {@code resetAt} because the vendor's quota is used up.
     * A pause already running longer is kept (two nodes may hit the limit with different answers).
     */
    public void pauseForQuota(long id, Instant resetAt, String reason) {
        jdbc.update(
                "UPDATE integration SET quota_reset_at = :reset, quota_reason = :reason, updated_at = :now "
                        + "WHERE id = :id AND (quota_reset_at IS NULL OR quota_reset_at < :reset)",
                new MapSqlParameterSource()
                        .addValue("id", id)
                        .addValue("reset", resetAt.atOffset(ZoneOffset.UTC))
                        .addValue(
                                "reason",
                                reason == null || reason.length() <= 500 ? reason : reason.substring(0, 499) + "…")
                        .addValue("now", OffsetDateTime.now()));
    }

    /** When the integration's quota pause ends, if it is paused (the time may already have passed). */
    public Optional<Instant> quotaResetAt(long id) {
        return jdbc
                .query(
                        "SELECT quota_reset_at FROM integration WHERE id = :id AND quota_reset_at IS NOT NULL",
                        Map.of("id", id),
                        (rs, i) -> rs.getTimestamp(1).toInstant())
                .stream()
                .findFirst();
    }

    /** Ends every quota pause whose reset time has come; answers how many integrations may call their vendor again. */
    public int endQuotaPauses(Instant now) {
        return jdbc.update(
                "UPDATE integration SET quota_reset_at = NULL, quota_reason = NULL WHERE quota_reset_at <= :now",
                new MapSqlParameterSource().addValue("now", now.atOffset(ZoneOffset.UTC)));
    }

    /**
     * Another integration of the org in {@code vendor}'s category that is not DISCONNECTED (an org has
     * at most one active CRM and one active MA integration), if there is one.
     */
    public Optional<Integration> activeInCategory(String orgId, Vendor vendor) {
        return forOrg(orgId).stream()
                .filter(i -> i.vendor() != vendor
                        && i.vendor().category() == vendor.category()
                        && i.state() != Integration.ConnectionState.DISCONNECTED)
                .findFirst();
    }

    private void announce(long id, boolean credentialsReplaced) {
        byId(id).ifPresent(i -> events.publishEvent(
                new IntegrationChanged(i.id(), i.orgId(), i.vendor(), i.state(), credentialsReplaced)));
    }

    /**
     * The integration's credentials, decrypted into memory. A value sealed by a previous vault key or
     * in the legacy format is re-sealed with the current key on the way (only if the row still holds
     * what was read, so a concurrent token refresh wins).
     */
    public Map<String, Object> credentials(long id) {
        String sealed = jdbc.queryForObject(
                "SELECT credentials_enc FROM integration WHERE id = :id", Map.of("id", id), String.class);
        return open(id, sealed);
    }

    /** An integration with its decrypted credentials, read from one row in one statement. */
    public record WithCredentials(Integration integration, Map<String, Object> credentials) {}

    /**
     * The integration and its credentials as one consistent read: the access token and its expiry
     * always belong together, even while another caller (or instance) refreshes them.
     */
    public Optional<WithCredentials> withCredentials(long id) {
        return jdbc
                .query("SELECT * FROM integration WHERE id = :id", Map.of("id", id), (rs, n) -> {
                    Integration integration = map(rs, n);
                    String sealed = rs.getString("credentials_enc");
                    return new WithCredentials(integration, open(id, sealed));
                })
                .stream()
                .findFirst();
    }

    private Map<String, Object> open(long id, String sealed) {
        if (sealed == null) return Map.of();
        String clear = vault.open(sealed, CredentialVault.rowContext(id));
        if (!vault.isCurrent(sealed)) reseal(id, sealed, clear);
        return read(clear);
    }

    /** Re-seals every stored credential that the current vault key did not seal; answers how many rows were re-sealed. */
    public int resealAll() {
        int n = 0;
        for (Map<String, Object> row : jdbc.queryForList(
                "SELECT id, credentials_enc FROM integration WHERE credentials_enc IS NOT NULL ORDER BY id",
                Map.of())) {
            long id = ((Number) row.get("ID")).longValue();
            String sealed = (String) row.get("CREDENTIALS_ENC");
            if (vault.isCurrent(sealed)) continue;
            if (reseal(id, sealed, vault.open(sealed, CredentialVault.rowContext(id)))) n++;
        }
        return n;
    }

    private boolean reseal(long id, String sealed, String clear) {
        return jdbc.update(
                        "UPDATE integration SET credentials_enc = :c WHERE id = :id AND credentials_enc = :old",
                        new MapSqlParameterSource()
                                .addValue("id", id)
                                .addValue("old", sealed)
                                .addValue("c", vault.seal(clear, CredentialVault.rowContext(id))))
                == 1;
    }

    private Integration map(ResultSet rs, int i) throws SQLException {
        Timestamp exp = rs.getTimestamp("token_expires_at");
        Timestamp quotaReset = rs.getTimestamp("quota_reset_at");
        String settings = rs.getString("settings");
        return new Integration(
                rs.getLong("id"),
                rs.getString("org_id"),
                Vendor.byKey(rs.getString("vendor")).orElseThrow(),
                Integration.ConnectionState.valueOf(rs.getString("state")),
                Integration.SyncMode.valueOf(rs.getString("sync_mode")),
                rs.getString("base_url"),
                settings == null ? Map.of() : read(settings),
                exp == null ? null : exp.toInstant(),
                rs.getString("state_reason"),
                quotaReset == null ? null : quotaReset.toInstant(),
                rs.getString("quota_reason"));
    }

    private Map<String, Object> read(String s) {
        try {
            return json.readValue(s, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt integration row", e);
        }
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o == null ? Map.of() : o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

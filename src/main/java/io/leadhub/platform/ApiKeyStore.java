package io.leadhub.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** API keys: stored only as SHA-256 hashes; the clear key is shown once when issued. */
@Repository
public class ApiKeyStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final NamedParameterJdbcTemplate jdbc;

    public ApiKeyStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ApiPrincipal> resolve(String clearKey) {
        var rows = jdbc.query(
                "SELECT org_id, role FROM api_key WHERE key_hash = :h",
                Map.of("h", hash(clearKey)),
                (rs, i) -> new ApiPrincipal(
                        rs.getString("org_id"),
                        Role.valueOf(rs.getString("role").toUpperCase())));
        return rows.stream().findFirst();
    }

    /** Issues a new random key and answers it in clear (the only time it is visible). */
    public String issue(String orgId, Role role, String label) {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        String key = "lh_" + role.key() + "_" + HexFormat.of().formatHex(b);
        store(key, orgId, role, label);
        return key;
    }

    /** Stores a known key (the sandbox's fixed operator key) unless it exists already. */
    public void ensure(String clearKey, String orgId, Role role, String label) {
        if (resolve(clearKey).isEmpty()) store(clearKey, orgId, role, label);
    }

    private void store(String clearKey, String orgId, Role role, String label) {
        var p = new MapSqlParameterSource()
                .addValue("h", hash(clearKey))
                .addValue("org", orgId)
                .addValue("role", role.key())
                .addValue("label", label)
                .addValue("now", OffsetDateTime.now());
        jdbc.update(
                "INSERT INTO api_key (key_hash, org_id, role, label, created_at) VALUES (:h, :org, :role, :label, :now)",
                p);
    }

    static String hash(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

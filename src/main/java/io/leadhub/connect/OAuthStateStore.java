package io.leadhub.connect;

import com.google.common.hash.Hashing;
import io.leadhub.integration.CredentialVault;
import io.leadhub.integration.Vendor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code state} values of started connects (table oauth_state, Flyway V4): random, single use,
 * bound to one org and vendor, valid {@link #TTL}. Only the SHA-256 of a state is stored; the PKCE
 * verifier is stored encrypted with the credential vault until the callback uses it.
 */
@Repository
class OAuthStateStore {
    static final Duration TTL = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final NamedParameterJdbcTemplate jdbc;
    private final CredentialVault vault;
    private volatile Clock clock = Clock.systemUTC();

    OAuthStateStore(NamedParameterJdbcTemplate jdbc, CredentialVault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    /** For tests: the clock that dates and expires states. */
    void setClock(Clock clock) {
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    record Issued(String state, Instant expiresAt) {}

    record Redeemed(String orgId, Vendor vendor, String redirectUri, String codeVerifier, String request) {}

    /** Why a state was refused (each is answered 400 with the reason). */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason);
        }
    }

    Issued issue(String orgId, Vendor vendor, String redirectUri, String codeVerifier, String requestJson) {
        String state = random(32);
        Instant now = clock.instant();
        Instant expires = now.plus(TTL);
        jdbc.update(
                "INSERT INTO oauth_state (state_hash, org_id, vendor, redirect_uri, code_verifier_enc, request, created_at, expires_at) "
                        + "VALUES (:h, :org, :v, :uri, :ver, :req, :now, :exp)",
                new MapSqlParameterSource()
                        .addValue("h", sha256(state))
                        .addValue("org", orgId)
                        .addValue("v", vendor.key())
                        .addValue("uri", redirectUri)
                        .addValue("ver", codeVerifier == null ? null : vault.encrypt(codeVerifier))
                        .addValue("req", requestJson)
                        .addValue("now", now.atOffset(ZoneOffset.UTC))
                        .addValue("exp", expires.atOffset(ZoneOffset.UTC)));
        return new Issued(state, expires);
    }

    /**
     * Uses {@code state} once: unknown, already used or expired states are refused. The row is marked
     * used in the same statement that checks it, so two callbacks racing with one state cannot both win.
     */
    Redeemed redeem(String state) {
        if (state == null || state.isBlank()) throw new Refused("the callback carries no state");
        String hash = sha256(state);
        record Row(
                String org,
                String vendor,
                String uri,
                String verifier,
                String request,
                Instant expires,
                boolean used) {}
        var rows = jdbc.query(
                "SELECT org_id, vendor, redirect_uri, code_verifier_enc, request, expires_at, used_at "
                        + "FROM oauth_state WHERE state_hash = :h",
                Map.of("h", hash),
                (rs, n) -> new Row(
                        rs.getString("org_id"),
                        rs.getString("vendor"),
                        rs.getString("redirect_uri"),
                        rs.getString("code_verifier_enc"),
                        rs.getString("request"),
                        rs.getTimestamp("expires_at").toInstant(),
                        rs.getTimestamp("used_at") != null));
        if (rows.isEmpty()) throw new Refused("unknown state: it was not issued by this hub");
        Row row = rows.get(0);
        if (row.used()) throw new Refused("this state was already used; start the connect again");
        Instant now = clock.instant();
        if (!now.isBefore(row.expires())) {
            throw new Refused(
                    "this state expired (states are valid " + TTL.toMinutes() + " minutes); start the connect again");
        }
        int won = jdbc.update(
                "UPDATE oauth_state SET used_at = :now WHERE state_hash = :h AND used_at IS NULL",
                new MapSqlParameterSource().addValue("h", hash).addValue("now", now.atOffset(ZoneOffset.UTC)));
        if (won != 1) throw new Refused("this state was already used; start the connect again");
        String verifier = row.verifier() == null ? null : vault.decrypt(row.verifier());
        return new Redeemed(row.org(), Vendor.byKey(row.vendor()).orElseThrow(), row.uri(), verifier, row.request());
    }

    /** Drops states that expired more than a day ago (they are kept a while so a late callback is told it expired). */
    int purge() {
        return jdbc.update(
                "DELETE FROM oauth_state WHERE expires_at < :cut",
                Map.of("cut", clock.instant().minus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC)));
    }

    /** A PKCE code verifier: 43+ characters of base64url. */
    static String newVerifier() {
        return random(48);
    }

    static String challenge(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String s) {
        return Hashing.sha256().hashString(s, StandardCharsets.UTF_8).toString();
    }
}

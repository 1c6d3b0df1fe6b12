package io.leadhub.integration;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts integration credentials at rest with Google Tink's AEAD (AES-256-GCM, 12-byte IV,
 * 16-byte tag). Tink rather than Spring Security crypto: Tink is an AEAD library (associated data,
 * key ids in the ciphertext) maintained by Google's security team, and its {@code AesGcmKey} /
 * {@code AesGcmJce} classes work from raw keys without keyset files. Only Tink's key and primitive
 * classes are used (no protobuf keysets), so the hub's protobuf runtime stays the one the
 * Salesforce starter needs.
 *
 * <p><b>Keys</b>: {@code hub.vault.key} (from {@code HUB_VAULT_KEY}) is the current key, base64 of
 * 32 random bytes ({@code openssl rand -base64 32}); it seals everything new. {@code
 * hub.vault.previous-keys} (from {@code HUB_VAULT_PREVIOUS_KEYS}) is a comma-separated list of
 * older keys that still open what they sealed. A key's id is the first 4 bytes of its SHA-256.
 * Outside the sandbox profile the hub refuses to start without a current key.
 *
 * <p><b>Format</b>: {@code v2:<base64(0x01 | key id (4 bytes) | iv | ciphertext | tag)>} — Tink's
 * "TINK" output prefix, so every ciphertext names the key that sealed it. The associated data is a
 * context string (for credentials: the integration row, see {@link #rowContext}), so a ciphertext
 * copied to another row does not open. The earlier {@code v1:<base64(iv | ciphertext | tag)>}
 * format (plain JCA AES-GCM, no associated data) is still read; {@link #isCurrent} tells callers
 * to re-seal such values (and values sealed by a previous key) with the current key.
 */
@Component
public class CredentialVault {
    private static final String V1 = "v1:";
    private static final String V2 = "v2:";
    private static final byte TINK_PREFIX = 0x01;

    private final int currentId;
    private final Aead current;
    /** key id -> primitive, for every configured key (current first). */
    private final Map<Integer, Aead> byId = new LinkedHashMap<>();
    /** The same keys without a prefix, for the v1 format (which does not say which key sealed it). */
    private final List<Aead> legacy = new ArrayList<>();

    @Autowired
    public CredentialVault(
            @Value("${hub.vault.key:}") String base64Key, @Value("${hub.vault.previous-keys:}") String previousKeys) {
        if (base64Key == null || base64Key.isBlank()) {
            throw new IllegalStateException(
                    "hub.vault.key is not set: export HUB_VAULT_KEY (base64 of 32 random bytes, "
                            + "e.g. `openssl rand -base64 32`) before starting the hub outside the sandbox profile");
        }
        byte[] raw = decodeKey(base64Key, "hub.vault.key");
        this.currentId = keyId(raw);
        this.current = add(raw);
        if (previousKeys != null) {
            for (String k : previousKeys.split(",")) {
                if (!k.isBlank()) add(decodeKey(k, "hub.vault.previous-keys"));
            }
        }
    }

    /** A vault with one key and no previous keys. */
    public CredentialVault(String base64Key) {
        this(base64Key, "");
    }

    /** The associated data that binds a credential ciphertext to its integration row. */
    public static String rowContext(long integrationId) {
        return "leadhub:integration:" + integrationId;
    }

    /** Seals a value not bound to any row (empty associated data). */
    public String encrypt(String plaintext) {
        return seal(plaintext, "");
    }

    /** Opens a value sealed by {@link #encrypt}. */
    public String decrypt(String sealed) {
        return open(sealed, "");
    }

    /** Seals with the current key, bound to {@code context}. */
    public String seal(String plaintext, String context) {
        try {
            byte[] ct = current.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), aad(context));
            return V2 + Base64.getEncoder().encodeToString(ct);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed");
        }
    }

    /** Opens a value sealed by any configured key for the same {@code context} (v1 values carry no context). */
    public String open(String sealed, String context) {
        try {
            if (sealed.startsWith(V2)) {
                byte[] all = Base64.getDecoder().decode(sealed.substring(V2.length()));
                Aead aead = all.length > 5 && all[0] == TINK_PREFIX
                        ? byId.get(ByteBuffer.wrap(all, 1, 4).getInt())
                        : null;
                if (aead == null) {
                    throw new IllegalStateException("credentials were sealed with key " + keyIdOf(sealed)
                            + ", which is not configured (hub.vault.key / hub.vault.previous-keys)");
                }
                return new String(aead.decrypt(all, aad(context)), StandardCharsets.UTF_8);
            }
            if (sealed.startsWith(V1)) {
                byte[] all = Base64.getDecoder().decode(sealed.substring(V1.length()));
                for (Aead aead : legacy) {
                    try {
                        return new String(aead.decrypt(all, new byte[0]), StandardCharsets.UTF_8);
                    } catch (GeneralSecurityException wrongKey) {
                        // try the next configured key
                    }
                }
                throw new GeneralSecurityException("no configured key opens it");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("credentials cannot be decrypted with the configured keys for this row");
        }
        throw new IllegalStateException("unknown credential format");
    }

    /** True when {@code sealed} is in the current format and sealed by the current key (no re-seal needed). */
    public boolean isCurrent(String sealed) {
        return sealed.startsWith(V2) && currentKeyId().equals(keyIdOf(sealed));
    }

    /** The id (8 hex digits) of the current key. */
    public String currentKeyId() {
        return HexFormat.of().toHexDigits(currentId);
    }

    /** Which key sealed a value: its id (8 hex digits), or "v1" for the legacy format that does not say. */
    public static String keyIdOf(String sealed) {
        if (sealed.startsWith(V1)) return "v1";
        if (!sealed.startsWith(V2)) return "unknown";
        byte[] all = Base64.getDecoder().decode(sealed.substring(V2.length()));
        if (all.length < 5 || all[0] != TINK_PREFIX) return "unknown";
        return HexFormat.of().toHexDigits(ByteBuffer.wrap(all, 1, 4).getInt());
    }

    private Aead add(byte[] raw) {
        int id = keyId(raw);
        try {
            Aead prefixed = AesGcmJce.create(key(raw, AesGcmParameters.Variant.TINK, id));
            byId.putIfAbsent(id, prefixed);
            legacy.add(AesGcmJce.create(key(raw, AesGcmParameters.Variant.NO_PREFIX, null)));
            return prefixed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialize the credential vault key "
                    + HexFormat.of().toHexDigits(id));
        }
    }

    private static AesGcmKey key(byte[] raw, AesGcmParameters.Variant variant, Integer id)
            throws GeneralSecurityException {
        AesGcmParameters params = AesGcmParameters.builder()
                .setKeySizeBytes(32)
                .setIvSizeBytes(12)
                .setTagSizeBytes(16)
                .setVariant(variant)
                .build();
        return AesGcmKey.builder()
                .setParameters(params)
                .setKeyBytes(SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get()))
                .setIdRequirement(id)
                .build();
    }

    private static int keyId(byte[] raw) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(raw), 0, 4)
                    .getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decodeKey(String base64, String property) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " must be base64 (of 32 random bytes)");
        }
        if (raw.length != 32) throw new IllegalStateException(property + " must decode to 32 bytes, got " + raw.length);
        return raw;
    }

    private static byte[] aad(String context) {
        return context == null ? new byte[0] : context.getBytes(StandardCharsets.UTF_8);
    }
}

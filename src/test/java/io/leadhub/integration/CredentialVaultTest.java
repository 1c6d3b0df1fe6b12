package io.leadhub.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The vault's formats, key ids, rotation and row binding, without a Spring context. */
class CredentialVaultTest {
    static final String OLD = key(1);
    static final String NEW = key(2);

    static String key(int seed) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (seed * 31 + i);
        return Base64.getEncoder().encodeToString(b);
    }

    /** The format the hub wrote before Tink: v1:base64(iv | AES-GCM ciphertext+tag), no associated data. */
    static String legacyV1(String base64Key, String plaintext) throws Exception {
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(
                Cipher.ENCRYPT_MODE,
                new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
                new GCMParameterSpec(128, iv));
        byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        return "v1:"
                + Base64.getEncoder()
                        .encodeToString(ByteBuffer.allocate(iv.length + ct.length)
                                .put(iv)
                                .put(ct)
                                .array());
    }

    @Test
    void sealsWithTheCurrentKeyAndNamesItInTheCiphertext() {
        CredentialVault vault = new CredentialVault(NEW, OLD);
        String sealed = vault.seal("{\"refreshToken\":\"rt-123\"}", CredentialVault.rowContext(7));
        assertThat(sealed).startsWith("v2:").doesNotContain("rt-123");
        assertThat(CredentialVault.keyIdOf(sealed))
                .isEqualTo(vault.currentKeyId())
                .hasSize(8);
        assertThat(vault.isCurrent(sealed)).isTrue();
        assertThat(vault.open(sealed, CredentialVault.rowContext(7))).isEqualTo("{\"refreshToken\":\"rt-123\"}");
        assertThat(vault.seal("same", "x")).as("random IV").isNotEqualTo(vault.seal("same", "x"));
    }

    @Test
    void aCiphertextDoesNotOpenForAnotherRow() {
        CredentialVault vault = new CredentialVault(NEW);
        String sealed = vault.seal("secret", CredentialVault.rowContext(1));
        assertThatThrownBy(() -> vault.open(sealed, CredentialVault.rowContext(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("secret");
    }

    @Test
    void previousKeysStillOpenAndAreReportedAsNotCurrent() {
        CredentialVault before = new CredentialVault(OLD);
        String sealedByOld = before.seal("old-secret", CredentialVault.rowContext(3));
        CredentialVault after = new CredentialVault(NEW, " " + OLD + " ");
        assertThat(CredentialVault.keyIdOf(sealedByOld))
                .isEqualTo(before.currentKeyId())
                .isNotEqualTo(after.currentKeyId());
        assertThat(after.isCurrent(sealedByOld)).isFalse();
        assertThat(after.open(sealedByOld, CredentialVault.rowContext(3))).isEqualTo("old-secret");

        CredentialVault withoutOld = new CredentialVault(NEW);
        assertThatThrownBy(() -> withoutOld.open(sealedByOld, CredentialVault.rowContext(3)))
                .hasMessageContaining("not configured")
                .hasMessageContaining(before.currentKeyId());
    }

    @Test
    void legacyV1ValuesOpenWithAnyConfiguredKey() throws Exception {
        String v1 = legacyV1(OLD, "{\"clientSecret\":\"cs-1\"}");
        CredentialVault vault = new CredentialVault(NEW, OLD);
        assertThat(CredentialVault.keyIdOf(v1)).isEqualTo("v1");
        assertThat(vault.isCurrent(v1)).isFalse();
        assertThat(vault.open(v1, CredentialVault.rowContext(99))).isEqualTo("{\"clientSecret\":\"cs-1\"}");
        assertThatThrownBy(() -> new CredentialVault(key(3)).open(v1, "")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesMissingOrMalformedKeysWithAClearMessage() {
        assertThatThrownBy(() -> new CredentialVault("", "")).hasMessageContaining("HUB_VAULT_KEY");
        assertThatThrownBy(() -> new CredentialVault(Base64.getEncoder().encodeToString(new byte[16]), ""))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new CredentialVault(NEW, "not base64!"))
                .hasMessageContaining("hub.vault.previous-keys");
    }
}

package io.leadhub.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.platform.ApiKeyStore;
import io.leadhub.platform.Role;
import io.leadhub.support.HubTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Credentials at rest: sealed with the current key and bound to their row; values sealed with a
 * previous key or in the legacy v1 format keep working and are re-sealed when read, or all at once
 * by the rotation command (operator only).
 */
class VaultRotationTest extends HubTest {
    @Autowired
    IntegrationRepository integrations;

    @Autowired
    CredentialVault vault;

    @Autowired
    ApiKeyStore keys;

    @Value("${hub.vault.key}")
    String currentKey;

    @Value("${hub.vault.previous-keys}")
    String previousKey;

    @BeforeEach
    void reset() {
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
    }

    private long hubspotId(String org) {
        return integrations.find(org, Vendor.HUBSPOT).orElseThrow().id();
    }

    private String sealed(long id) {
        return jdbc.queryForObject(
                "SELECT credentials_enc FROM integration WHERE id = :id", Map.of("id", id), String.class);
    }

    private void store(long id, String sealed) {
        jdbc.update("UPDATE integration SET credentials_enc = :c WHERE id = :id", Map.of("c", sealed, "id", id));
    }

    private static String clearJson() {
        return "{\"refreshToken\":\"sandbox-hubspot-refresh\",\"clientId\":\"sandbox-hubspot-client\",\"clientSecret\":\"sandbox-hubspot-secret\"}";
    }

    @Test
    void newCredentialsAreSealedWithTheCurrentKeyAndBoundToTheirRow() {
        String org = newOrg(true);
        long id = hubspotId(org);
        String stored = sealed(id);
        assertThat(stored).startsWith("v2:").doesNotContain("sandbox-hubspot");
        assertThat(CredentialVault.keyIdOf(stored)).isEqualTo(vault.currentKeyId());
        assertThat(integrations.credentials(id)).containsEntry("clientSecret", "sandbox-hubspot-secret");

        // the same ciphertext copied onto another org's row does not open there
        String other = newOrg(true);
        long otherId = hubspotId(other);
        store(otherId, stored);
        assertThatThrownBy(() -> integrations.credentials(otherId))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("sandbox-hubspot");
    }

    @Test
    void aCredentialSealedWithAPreviousKeyIsResealedWhenRead() {
        String org = newOrg(true);
        long id = hubspotId(org);
        CredentialVault old = new CredentialVault(previousKey);
        store(id, old.seal(clearJson(), CredentialVault.rowContext(id)));
        assertThat(vault.isCurrent(sealed(id))).isFalse();

        // a sync reads the credentials: the lead goes through and the row is re-sealed with the current key
        captureJson(org, Map.of("captureId", "v-1", "email", "rotated@initech.com", "lastName", "Rotated"));
        awaitSettled(org);
        assertThat(syncRow(org, "rotated@initech.com")).containsEntry("STATE", "CLEARED");
        assertThat(CredentialVault.keyIdOf(sealed(id))).isEqualTo(vault.currentKeyId());
        assertThat(integrations.credentials(id)).containsEntry("clientSecret", "sandbox-hubspot-secret");
    }

    @Test
    void legacyV1CredentialsKeepWorkingAndTheRotateCommandResealsEveryOldRow() throws Exception {
        String a = newOrg(true);
        String b = newOrg(true);
        long ida = hubspotId(a);
        long idb = hubspotId(b);
        store(ida, CredentialVaultTest.legacyV1(currentKey, clearJson()));
        store(idb, new CredentialVault(previousKey).seal(clearJson(), CredentialVault.rowContext(idb)));

        String admin = keys.issue(a, Role.ADMIN, "test admin");
        for (String key : new String[] {admin, keys.issue(a, Role.CAPTURE, "test capture")}) {
            ResponseEntity<JsonNode> refused = send(HttpMethod.POST, api("/admin/vault/rotate"), key, null);
            assertThat(refused.getStatusCode().value()).isEqualTo(403);
            assertThat(refused.getBody().path("error").asText()).isEqualTo("forbidden");
        }
        assertThat(sealed(ida)).startsWith("v1:");

        ResponseEntity<JsonNode> rotated = send(HttpMethod.POST, api("/admin/vault/rotate"), OPERATOR, null);
        assertThat(rotated.getStatusCode().value()).isEqualTo(200);
        assertThat(rotated.getBody().path("resealed").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(rotated.getBody().path("currentKey").asText()).isEqualTo(vault.currentKeyId());
        for (long id : new long[] {ida, idb}) {
            assertThat(CredentialVault.keyIdOf(sealed(id))).isEqualTo(vault.currentKeyId());
            assertThat(integrations.credentials(id)).containsEntry("refreshToken", "sandbox-hubspot-refresh");
        }
        assertThat(send(HttpMethod.POST, api("/admin/vault/rotate"), OPERATOR, null)
                        .getBody()
                        .path("resealed")
                        .asInt())
                .as("nothing left to re-seal")
                .isZero();

        // and the re-sealed credentials still work end to end
        captureJson(a, Map.of("captureId", "v-2", "email", "legacy@initech.com", "lastName", "Legacy"));
        awaitSettled(a);
        assertThat(syncRow(a, "legacy@initech.com")).containsEntry("STATE", "CLEARED");
    }
}

package io.leadhub.integration;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The key-rotation command: re-seals every stored credential that the current vault key did not
 * seal (a previous key, or the legacy v1 format) and answers how many rows changed. Reached as
 * {@code POST /api/v1/admin/vault/rotate} (operator keys only, enforced by the API key filter) and
 * as the JMX operation {@code io.leadhub:type=Operations,name=Vault} {@code rotate()} (operator
 * keys only over the remote JMX connector).
 */
@RestController
@ManagedResource(
        objectName = "io.leadhub:type=Operations,name=Vault",
        description = "Lead Hub credential vault: key rotation")
public class VaultOperations {
    private static final Logger LOG = LoggerFactory.getLogger(VaultOperations.class);
    private final IntegrationRepository integrations;
    private final CredentialVault vault;

    public VaultOperations(IntegrationRepository integrations, CredentialVault vault) {
        this.integrations = integrations;
        this.vault = vault;
    }

    @PostMapping("/api/v1/admin/vault/rotate")
    public Map<String, Object> rotateOverHttp() {
        return Map.of("resealed", rotate(), "currentKey", vault.currentKeyId());
    }

    @ManagedOperation(
            description =
                    "Re-seal every credential not sealed by the current vault key; answers how many rows were re-sealed")
    public int rotate() {
        int n = integrations.resealAll();
        LOG.info("Vault rotation re-sealed {} credential row(s) with key {}", n, vault.currentKeyId());
        return n;
    }

    @ManagedAttribute(description = "Id of the vault key that seals new credentials")
    public String getCurrentKeyId() {
        return vault.currentKeyId();
    }
}

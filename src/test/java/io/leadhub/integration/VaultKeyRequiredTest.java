package io.leadhub.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.leadhub.LeadHubApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;

/** Outside the sandbox profile the hub does not start without a vault key, and says why. */
class VaultKeyRequiredTest {
    @Test
    void startupFailsWithoutAKeyOutsideTheSandbox() {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(LeadHubApplication.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--hub.vault.key=",
                        "--spring.profiles.active=",
                        "--spring.datasource.url=jdbc:h2:mem:vault-key-required;DB_CLOSE_DELAY=-1",
                        "--spring.jmx.enabled=false",
                        // Quartz registers its data source JVM-wide by scheduler name; keep this failed start away from
                        // the other hubs' name
                        "--spring.quartz.scheduler-name=vault-key-required",
                        "--spring.quartz.auto-startup=false",
                        "--camel.main.jmx-enabled=false",
                        "--logging.level.root=OFF")
                .close());
        assertThat(failure).isNotNull();
        Throwable root = NestedExceptionUtils.getRootCause(failure);
        assertThat(root).isInstanceOf(IllegalStateException.class);
        assertThat(root.getMessage()).contains("hub.vault.key is not set").contains("HUB_VAULT_KEY");
    }
}

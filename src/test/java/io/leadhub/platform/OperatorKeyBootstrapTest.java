package io.leadhub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadhub.support.HubTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;

/** A new installation's first operator key comes from HUB_OPERATOR_KEY, stored as a hash only. */
@TestPropertySource(properties = "hub.operator-key=" + OperatorKeyBootstrapTest.KEY)
class OperatorKeyBootstrapTest extends HubTest {
    static final String KEY = "lh_operator_0123456789abcdef0123456789abcdef";

    @Test
    void theConfiguredKeyIsAnOperatorKeyStoredOnlyAsItsHash() {
        String org = "boot-" + Long.toString(System.nanoTime() % 100000, 36);
        assertThat(send(HttpMethod.POST, api("/orgs"), KEY, Map.of("id", org, "name", "Boot"))
                        .getStatusCode()
                        .value())
                .isEqualTo(201);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM api_key WHERE label = 'HUB_OPERATOR_KEY' AND role = 'operator' AND org_id IS NULL",
                        Map.of(),
                        Integer.class))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM api_key WHERE key_hash = :k", Map.of("k", KEY), Integer.class))
                .as("never the clear key")
                .isZero();
    }

    @Test
    void aShortKeyIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new OperatorKeyBootstrap(null, "short"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 32");
    }
}

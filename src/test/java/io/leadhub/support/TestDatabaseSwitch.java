package io.leadhub.support;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Runs every hub the suite starts in this JVM on PostgreSQL when {@link TestDatabase#postgres()}:
 * a hub configured with an in-memory H2 database ({@code jdbc:h2:mem:<name>…}) gets the PostgreSQL
 * database of the same name instead. Only the hub's own database: the simulators' store stays H2.
 */
public class TestDatabaseSwitch implements EnvironmentPostProcessor, Ordered {
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (!TestDatabase.postgres()) return;
        String url = env.getProperty("spring.datasource.url", "");
        // a URL from TestDatabase already (a test that starts a hub itself): only its user
        String target = url.startsWith("jdbc:h2:mem:")
                ? TestDatabase.url(url.substring("jdbc:h2:mem:".length()).split(";", 2)[0])
                : url.startsWith("jdbc:postgresql:") ? url : null;
        if (target == null) return;
        env.getPropertySources()
                .addFirst(new MapPropertySource(
                        "leadHubTestDatabase",
                        Map.of(
                                "spring.datasource.url",
                                target,
                                "spring.datasource.username",
                                TestDatabase.USER,
                                "spring.datasource.password",
                                "")));
    }

    /** Before the hub's own database defaults, which read the URL this sets. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }
}

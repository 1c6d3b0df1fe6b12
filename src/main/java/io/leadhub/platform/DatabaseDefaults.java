package io.leadhub.platform;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings that follow from the database the hub runs on, read from {@code spring.datasource.url}:
 * Quartz's JDBC delegate and the binary column type of the Flyway migrations. They are defaults
 * only (the lowest-priority property source), so an explicit setting still wins.
 *
 * <table>
 *   <caption>Chosen per database</caption>
 *   <tr><th>URL</th><th>Quartz delegate</th><th>binary type</th></tr>
 *   <tr><td>jdbc:postgresql:</td><td>PostgreSQLDelegate</td><td>BYTEA</td></tr>
 *   <tr><td>anything else (H2)</td><td>StdJDBCDelegate</td><td>BLOB</td></tr>
 * </table>
 */
public class DatabaseDefaults implements EnvironmentPostProcessor, Ordered {
    static final String SOURCE = "leadHubDatabaseDefaults";
    private static final String DELEGATE = "spring.quartz.properties.org.quartz.jobStore.driverDelegateClass";
    private static final String BINARY = "spring.flyway.placeholders.binaryType";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        env.getPropertySources().remove(SOURCE);
        String url = env.getProperty("spring.datasource.url", "");
        env.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults(url)));
    }

    static Map<String, Object> defaults(String url) {
        boolean postgres = url.startsWith("jdbc:postgresql:");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(
                DELEGATE,
                postgres
                        ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
                        : "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        values.put(BINARY, postgres ? "BYTEA" : "BLOB");
        return values;
    }

    /** After the configuration files are read, so the URL is known; before anything uses it. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}

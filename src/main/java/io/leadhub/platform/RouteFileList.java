package io.leadhub.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Finds the route files under {@code routes/} on the classpath, in every folder and sub-folder, and
 * hands Camel their exact names ({@code camel.main.routes-include-pattern}) unless that is set. Camel's
 * own wildcard scan reads the whole packaged jar once per pattern (about 1.5 s each, six folders);
 * Spring's resolver lists the jar once, and follows sub-folders inside a jar, which Camel's "**" does not.
 */
public class RouteFileList implements EnvironmentPostProcessor, Ordered {
    static final String PATTERN = "camel.main.routes-include-pattern";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.containsProperty(PATTERN)) return;
        env.getPropertySources()
                .addLast(new MapPropertySource("leadHubRouteFiles", Map.of(PATTERN, classpathRoutes())));
    }

    /** Every {@code routes/**}{@code /*.camel.yaml} on the classpath as {@code classpath:} names, comma-separated, sorted. */
    public static String classpathRoutes() {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        TreeSet<String> names = new TreeSet<>();
        try {
            for (Resource root : resolver.getResources("classpath*:routes/")) {
                String base = root.getURL().toString();
                for (Resource file : resolver.getResources(base + "**/*.camel.yaml")) {
                    String url = file.getURL().toString();
                    if (url.startsWith(base)) names.add("classpath:routes/" + url.substring(base.length()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the route files on the classpath", e);
        }
        if (names.isEmpty())
            throw new IllegalStateException("no route files (routes/**/*.camel.yaml) on the classpath");
        return String.join(",", names);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}

package io.leadhub.sandbox;

import io.leadhub.sandbox.salesforce.SalesforceOrg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.embedded.EmbeddedWebServerFactoryCustomizerAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.HttpEncodingAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The vendor and enrichment simulators alone, without a hub: the one set of simulators that several
 * hub instances share (src/scripts/cluster.sh), so that any hub instance can be stopped or killed
 * while the vendors' records, tokens, statistics and rate windows stay where they are. It serves
 * {@code /sandbox/...} exactly as a sandbox hub does (profile {@code sandbox}, store
 * {@code hub.sandbox.store-url}), with only Spring MVC around it: no database of the hub, no
 * Camel, no seeding (the hub instances seed their database, pointing at this process through
 * {@code hub.sandbox.simulators-url}).
 *
 * <p>Not a Spring configuration class on purpose: the hub's component scan must not find it.
 * From the demo jar: {@code java -cp lead-hub-demo.jar -Dloader.main=io.leadhub.sandbox.SandboxSimulators
 * org.springframework.boot.loader.launch.PropertiesLauncher --server.port=18100}.
 */
@ComponentScan(
        basePackageClasses = SandboxSimulators.class,
        excludeFilters = {
            @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = SandboxSeeder.class),
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class)
        })
@ImportAutoConfiguration({
    PropertyPlaceholderAutoConfiguration.class,
    ServletWebServerFactoryAutoConfiguration.class,
    EmbeddedWebServerFactoryCustomizerAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpEncodingAutoConfiguration.class,
    ErrorMvcAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class
})
public final class SandboxSimulators {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxSimulators.class);

    private SandboxSimulators() {}

    public static void main(String[] args) {
        start(new SpringApplicationBuilder(SandboxSimulators.class), args);
    }

    /**
     * Starts the simulators with {@code builder} (its initializers and settings kept), profile
     * {@code sandbox}; the Salesforce org's standing demo Campaign is created as the seeder would.
     */
    public static ConfigurableApplicationContext start(SpringApplicationBuilder builder, String... args) {
        ConfigurableApplicationContext context =
                builder.sources(SandboxSimulators.class).profiles("sandbox").run(args);
        context.getBean(SalesforceOrg.class).demoCampaign();
        int port = context instanceof ServletWebServerApplicationContext web
                ? web.getWebServer().getPort()
                : -1;
        LOG.info(
                "Simulators ready at http://127.0.0.1:{}/sandbox/... ({}); hub instances use them with hub.sandbox.simulators-url",
                port,
                String.join(
                        ", ",
                        context.getBean(SimulatorRegistry.class).all().stream()
                                .map(VendorSimulator::name)
                                .toList()));
        return context;
    }
}

package io.leadhub.preflight;

import io.leadhub.connector.Preflight;
import io.leadhub.integration.Integration;
import io.leadhub.platform.HubMetrics;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * What is left of today's vendor API allowance for an integration: what the vendor reports itself
 * (Salesforce's {@code /limits}), else the configured {@code hub.vendors.<vendor>.daily-allowance}
 * less the calls the hub's ledger counted today (UTC day). Empty when neither is known.
 */
@Component
class Allowance {
    private final Environment env;
    private final HubMetrics metrics;

    Allowance(Environment env, HubMetrics metrics) {
        this.env = env;
        this.metrics = metrics;
    }

    /** The calls left today and where the figure comes from. */
    record Left(long calls, String source) {}

    /** {@code live}: the vendor may be asked (one call at most); false uses the ledger only. */
    Optional<Left> left(Integration integration, Preflight preflight, boolean live) {
        if (live) {
            OptionalLong reported = preflight.allowanceLeft(integration);
            if (reported.isPresent()) return Optional.of(new Left(reported.getAsLong(), "reported by the vendor"));
        }
        String vendor = integration.vendor().key();
        long daily = env.getProperty("hub.vendors." + vendor + ".daily-allowance", Long.class, 0L);
        if (daily <= 0) return Optional.empty();
        long used = metrics.callsToday(integration.orgId(), vendor);
        return Optional.of(new Left(
                Math.max(0, daily - used),
                "hub.vendors." + vendor + ".daily-allowance (" + daily + ") less the " + used
                        + " calls the hub made today (UTC)"));
    }
}

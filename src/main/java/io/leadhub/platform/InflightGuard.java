package io.leadhub.platform;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.Phased;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the connection pool open until Camel's work has really ended. Spring stops lifecycle
 * beans by descending phase and only then destroys singletons such as the HikariDataSource, so
 * the Camel context (phase {@code Integer.MAX_VALUE - 2049}, after the web server's graceful
 * shutdown) always stops before the pool closes. But when Camel's graceful shutdown times out it
 * forces the routes down and returns while exchanges may still be running in worker threads
 * (blocked in a vendor call, say), and those would then write to a closed pool. This guard stops
 * in the phase right after Camel's and waits, bounded by {@code hub.shutdown.inflight-wait}, until
 * Camel counts no exchange in flight; what is still running after that is left to recovery.
 */
@Component
class InflightGuard implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(InflightGuard.class);
    /** SpringCamelContext's phase in camel-spring 4.x, for when the context does not tell. */
    private static final int CAMEL_PHASE = Integer.MAX_VALUE - 2049;

    // looked up, not injected: a lifecycle bean's dependencies are started with it, and the Camel
    // context must start only after its routes are collected
    private final ObjectProvider<CamelContext> camel;
    private final Duration wait;
    private volatile boolean running;

    InflightGuard(ObjectProvider<CamelContext> camel, @Value("${hub.shutdown.inflight-wait:PT15S}") Duration wait) {
        this.camel = camel;
        this.wait = wait;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        CamelContext context = camel.getIfAvailable();
        if (context == null) return;
        long deadline = System.nanoTime() + wait.toNanos();
        int inflight = context.getInflightRepository().size();
        if (inflight > 0)
            LOG.info(
                    "Waiting up to {} for {} exchanges still in flight before the connection pool closes",
                    wait,
                    inflight);
        while (inflight > 0 && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            inflight = context.getInflightRepository().size();
        }
        if (inflight > 0) {
            LOG.warn(
                    "{} exchanges still in flight after {}; the connection pool closes now and recovery takes their leads at the next start",
                    inflight,
                    wait);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Right after the Camel context's phase: stopped once Camel has stopped, before singletons (the pool) are destroyed. */
    @Override
    public int getPhase() {
        return (camel.getIfAvailable() instanceof Phased p ? p.getPhase() : CAMEL_PHASE) - 1;
    }
}

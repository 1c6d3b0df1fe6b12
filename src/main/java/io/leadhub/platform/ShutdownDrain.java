package io.leadhub.platform;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * At shutdown the hub finishes what is in flight and nothing more. When the Camel context starts
 * stopping, the in-memory stage queues ({@link StageQueue}: the enrichment window, the claimed
 * batches) are emptied, and their owners give back the leases of what was never started, so any
 * instance (this one after a restart, or another) claims that work again at once. The pollers
 * claim nothing new while the context stops. Camel's graceful shutdown
 * ({@code camel.main.shutdown-timeout}) then only waits for the exchanges in flight.
 *
 * <p>A transport other than seda (a broker) keeps its messages itself and is left alone.
 */
@Component
class ShutdownDrain implements CamelContextConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownDrain.class);

    private final List<StageQueue> stages;

    ShutdownDrain(List<StageQueue> stages) {
        this.stages = stages;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        camel.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStoppingEvent;
            }

            @Override
            public void notify(CamelEvent event) {
                dropQueued(camel);
            }

            @Override
            protected void doBuild() {
                setIgnoreExchangeEvents(true);
                setIgnoreRouteEvents(true);
                setIgnoreServiceEvents(true);
            }
        });
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // nothing to do once started
    }

    /** Empties the seda stage queues and hands what was in them back to their owners. */
    void dropQueued(CamelContext camel) {
        for (StageQueue stage : stages) {
            String uri = stage.endpointUri();
            Endpoint endpoint = camel.hasEndpoint(uri);
            if (endpoint == null)
                endpoint = camel.getEndpoints().stream()
                        .filter(e -> e.getEndpointUri().equals(uri))
                        .findFirst()
                        .orElse(null);
            if (!(endpoint instanceof SedaEndpoint seda)) continue;
            seda.setPurgeWhenStopping(true);
            List<Exchange> drained = new ArrayList<>();
            seda.getQueue().drainTo(drained);
            if (drained.isEmpty()) continue;
            List<Object> bodies = new ArrayList<>();
            drained.forEach(e -> bodies.add(e.getMessage().getBody()));
            try {
                stage.dropped(bodies);
            } catch (RuntimeException e) {
                LOG.warn(
                        "Stopping: could not give back the leases of {} dropped messages of {}", bodies.size(), uri, e);
            }
            LOG.info(
                    "Stopping: {} queued messages of {} dropped; their work stays in the database", bodies.size(), uri);
        }
    }
}

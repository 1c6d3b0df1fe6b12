package io.leadhub.platform;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.seda.SedaEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * At shutdown the hub finishes what is in flight and nothing more. When the Camel context starts
 * stopping, the in-memory stage queues (enrichment, dispatch, batches) are emptied and keep being
 * emptied while the routes drain: every message in them stands for a row the database already
 * holds (a lead still PENDING enrichment, a QUEUED sync row), which recovery dispatches again at
 * the next start. Camel's graceful shutdown ({@code camel.main.shutdown-timeout}) then only waits
 * for the exchanges in flight instead of working through a backlog it could never finish in time
 * (and then forcing threads that outlive it into a closed connection pool).
 *
 * <p>A transport other than seda (a broker) keeps its messages itself and is left alone.
 */
@Component
class ShutdownDrain implements CamelContextConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownDrain.class);

    private final List<String> stageUris;

    ShutdownDrain(
            @Value("${hub.endpoints.enrich}") String enrich,
            @Value("${hub.endpoints.dispatch}") String dispatch,
            @Value("${hub.endpoints.batches}") String batches) {
        this.stageUris = List.of(enrich, dispatch, batches);
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

    /** Empties the seda stage queues now and whenever the shutdown strategy counts what is pending. */
    void dropQueued(CamelContext camel) {
        for (String uri : stageUris) {
            Endpoint endpoint = camel.hasEndpoint(uri);
            if (endpoint == null)
                endpoint = camel.getEndpoints().stream()
                        .filter(e -> e.getEndpointUri().equals(uri))
                        .findFirst()
                        .orElse(null);
            if (!(endpoint instanceof SedaEndpoint seda)) continue;
            int queued = seda.getCurrentQueueSize();
            seda.setPurgeWhenStopping(true);
            seda.purgeQueue();
            if (queued > 0) {
                LOG.info(
                        "Stopping: {} queued messages of {} dropped; their rows stay in the database for the next start",
                        queued,
                        seda.getEndpointBaseUri());
            }
        }
    }
}

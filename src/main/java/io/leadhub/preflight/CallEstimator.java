package io.leadhub.preflight;

import io.leadhub.connector.CallForecast;
import io.leadhub.connector.Preflight;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.integration.Integration;
import io.leadhub.lead.Lead;
import io.leadhub.mapping.MappingProcessor;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Counts the vendor calls a sync of some leads will cost on one integration: the leads are grouped
 * in the batches the hub claims for the vendor, run through the mapping processor (a lead whose
 * mapping fails is never sent), and handed to the connector's own forecaster. Holds one batch at a
 * time, so a large CSV is forecast in bounded memory.
 */
@Component
class CallEstimator {
    private final MappingProcessor mapping;
    private final PreflightRegistry preflights;

    CallEstimator(MappingProcessor mapping, PreflightRegistry preflights) {
        this.mapping = mapping;
        this.preflights = preflights;
    }

    /** A forecast of one integration in progress. */
    final class Estimate {
        private final Integration integration;
        private final Preflight.Forecaster forecaster;
        private final String strategy;
        private final List<SyncItem> batch = new ArrayList<>();
        private int leads;

        private Estimate(Integration integration) {
            this.integration = integration;
            this.forecaster = preflights.of(integration.vendor()).forecaster(integration);
            this.strategy = PreflightRegistry.strategy(integration);
        }

        /** One lead to be synced, with the vendor ids the hub holds for it on this integration (null: none). */
        Estimate add(Lead lead, String storedVendorId, String storedCompanyId) {
            batch.add(new SyncItem(0, lead, storedVendorId, storedCompanyId, strategy));
            leads++;
            if (batch.size() >= integration.vendor().claimSize()) flush();
            return this;
        }

        int leads() {
            return leads;
        }

        CallForecast finish() {
            flush();
            return forecaster.result();
        }

        private void flush() {
            if (batch.isEmpty()) return;
            List<SyncItem> items = List.copyOf(batch);
            batch.clear();
            mapping.apply(new SyncBatch(integration, "forecast", items));
            forecaster.batch(items);
        }
    }

    Estimate start(Integration integration) {
        return new Estimate(integration);
    }
}

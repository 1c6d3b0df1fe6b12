package io.leadhub.sync;

import io.leadhub.integration.Vendor;
import org.springframework.stereotype.Component;

/** Routing facts the dispatch route needs: the batch size per vendor (its write maximum). */
@Component("syncRouting")
public class SyncRouting {
    public int batchSize(String vendor) {
        return Vendor.byKey(vendor).map(Vendor::batchMax).orElse(1);
    }
}

package io.leadhub.sync;

import io.leadhub.integration.Vendor;
import org.springframework.stereotype.Component;

/** Routing facts the dispatch route needs: how many leads one batch of a vendor claims. */
@Component("syncRouting")
public class SyncRouting {
    public int batchSize(String vendor) {
        return Vendor.byKey(vendor).map(Vendor::claimSize).orElse(1);
    }
}

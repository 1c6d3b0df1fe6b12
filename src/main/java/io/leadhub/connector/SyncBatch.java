package io.leadhub.connector;

import io.leadhub.integration.Integration;
import java.util.List;

/** A claimed batch of leads for one integration, as it travels through a vendor route. */
public record SyncBatch(Integration integration, String claimId, List<SyncItem> items) {
    public List<SyncItem> pending() {
        return items.stream().filter(SyncItem::pending).toList();
    }

    /** The items whose vendor record was written in this batch (cleared so far): the ones follow-up steps act on. */
    public List<SyncItem> written() {
        return items.stream().filter(i -> !i.pending() && i.outcome().cleared()).toList();
    }

    /** The items written in this batch as a record of {@code vendorObject} (a Zoho Lead, not a Contact). */
    public List<SyncItem> written(String vendorObject) {
        return written().stream()
                .filter(i -> vendorObject.equals(i.outcome().vendorObject()))
                .toList();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public String vendor() {
        return integration.vendor().key();
    }
}

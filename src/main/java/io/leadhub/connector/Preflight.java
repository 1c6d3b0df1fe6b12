package io.leadhub.connector;

import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * What every connector answers before the show (SPEC §15), reading the vendor but never writing to
 * it: the live metadata of the mapped objects (readiness), the exact records and match decision
 * for one lead (preview), and the calls a sync of some leads will cost (forecast). The checks that
 * are the same for every vendor (mapped fields exist and are writable, required fields covered,
 * qualifier options present, text lengths, campaign links, allowance) live in one place,
 * {@code io.leadhub.preflight}; a connector supplies only its vendor's facts.
 */
public interface Preflight {
    Vendor vendor();

    /**
     * The vendor objects behind {@code objects} (the integration's mapping objects) as the connected
     * user sees them, read live from the vendor (one metadata read per object at most; the reads also
     * refresh the connector's own metadata cache). Raises {@link VendorCallException} when the vendor
     * cannot be asked at all (credentials, scopes, outage, quota); an object the user cannot see is
     * answered as {@link RemoteObject#missing}.
     */
    List<RemoteObject> describe(Integration integration, Collection<String> objects);

    /**
     * What is left of the day's API allowance when the vendor reports it itself (one call at most);
     * empty when it does not, and the hub's own call ledger is compared with the configured allowance.
     */
    default OptionalLong allowanceLeft(Integration integration) {
        return OptionalLong.empty();
    }

    /**
     * The records a sync of the batch's one lead would send, exactly, and (in the item's trace) the
     * match decision: which keys were tried and what they found. The lead has been through the mapping
     * processor; it may fail on the way (the item's outcome says why, with the category the sync would
     * record). Reads from the vendor are allowed; nothing is written, to the vendor or the hub.
     */
    List<PreviewRecord> preview(SyncBatch batch);

    /**
     * Starts a forecast of the vendor calls a sync of some leads will cost, token calls excluded. The
     * caller hands it the leads in the batches the hub forms for this vendor ({@link Vendor#claimSize}),
     * in order, each lead already through the mapping processor (a lead the mapping fails is not
     * sent and costs nothing) and carrying the vendor ids the hub holds for it (none: new at the vendor).
     */
    Forecaster forecaster(Integration integration);

    /** A forecast in progress: one {@link #batch} per batch of leads, then the {@link #result}. */
    interface Forecaster {
        void batch(List<SyncItem> items);

        CallForecast result();
    }
}

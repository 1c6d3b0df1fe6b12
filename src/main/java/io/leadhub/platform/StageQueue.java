package io.leadhub.platform;

import java.util.List;

/**
 * An in-memory hand-off between a stage's poller and its consumers (a seda endpoint), whose
 * messages stand for work the database holds under a lease. At shutdown {@link ShutdownDrain}
 * empties it and tells its owner which messages were never started, so their leases can be
 * given back at once instead of running out.
 */
public interface StageQueue {
    /** The endpoint URI, as the routes use it. */
    String endpointUri();

    /** The bodies of the messages taken out of the queue unstarted. */
    void dropped(List<Object> bodies);
}

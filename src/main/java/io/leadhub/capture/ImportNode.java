package io.leadhub.capture;

import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This hub instance as the owner of import leases: a name unique to this run (host and a random
 * suffix, so a restarted node never mistakes an old lease for its own) and how long a lease lasts.
 */
@Component
class ImportNode {
    private final String id;
    private final Duration lease;

    ImportNode(@Value("${hub.capture.import-lease:PT2M}") Duration lease) {
        this.id = host() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.lease = lease;
    }

    String id() {
        return id;
    }

    Duration lease() {
        return lease;
    }

    /** The host name as the environment gives it (a container's name), without a DNS lookup. */
    private static String host() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) return "node";
        return name.length() > 60 ? name.substring(0, 60) : name;
    }
}

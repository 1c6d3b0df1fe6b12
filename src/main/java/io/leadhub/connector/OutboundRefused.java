package io.leadhub.connector;

/**
 * A destination the hub will not call: a vendor URL off the vendor's allow-list, plain http, or a host
 * that resolves to a loopback, private, link-local, unspecified or multicast address. Raised by
 * {@link OutboundGuard}; the API answers it 422 and nothing is stored, a sync call fails its batch.
 */
public class OutboundRefused extends RuntimeException {
    public OutboundRefused(String reason) {
        super(reason);
    }
}

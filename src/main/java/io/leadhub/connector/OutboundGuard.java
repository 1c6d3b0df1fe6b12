package io.leadhub.connector;

import io.leadhub.integration.Vendor;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Where the hub's outbound vendor calls may go (SSRF protection). A vendor base URL must be https on
 * one of the vendor's allowed hosts ({@code hub.vendors.<vendor>.allowed-hosts}); every URL the hub is
 * about to call (API, token, connect, revoke, Salesforce login and instance) must resolve to public
 * addresses only: loopback, private (RFC 1918, fc00::/7), link-local (169.254/16 with the cloud
 * metadata address, fe80::/10), unspecified and multicast addresses are refused. The address check
 * runs when a URL is saved and again before each call, since DNS answers change.
 *
 * <p>{@code hub.egress.allow-loopback} (the sandbox) lets loopback hosts through over http, so the
 * hub can call its own simulators; nothing else is relaxed.
 */
@Component
public class OutboundGuard {
    /** How host names become addresses; a seam for tests. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Map<Vendor, VendorEgress> vendors;
    private final boolean allowLoopback;
    private final HostResolver resolver;

    @Autowired
    public OutboundGuard(Environment env, ObjectProvider<HostResolver> resolver) {
        this(bind(env), env.getProperty("hub.egress.allow-loopback", Boolean.class, false), resolver.getIfAvailable());
    }

    public OutboundGuard(Map<Vendor, VendorEgress> vendors, boolean allowLoopback, HostResolver resolver) {
        this.vendors = vendors;
        this.allowLoopback = allowLoopback;
        this.resolver = resolver != null ? resolver : InetAddress::getAllByName;
    }

    private static Map<Vendor, VendorEgress> bind(Environment env) {
        Map<Vendor, VendorEgress> out = new EnumMap<>(Vendor.class);
        Binder binder = Binder.get(env);
        for (Vendor v : Vendor.values()) {
            out.put(v, binder.bind("hub.vendors." + v.key(), VendorEgress.class).orElseGet(VendorEgress::new));
        }
        return out;
    }

    /** A vendor base URL (or Salesforce login / instance URL) fit to be stored and called. */
    public void checkBaseUrl(Vendor vendor, String url) {
        URI uri = parse(url);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!(allowLoopback && loopbackName(host)) && !onAllowList(vendor, host)) {
            throw new OutboundRefused("'" + host + "' is not a " + vendor.key() + " host (allowed: "
                    + String.join(", ", egress(vendor).getAllowedHosts()) + ")");
        }
        check(url);
    }

    /** A URL fit to be called now: https (http to loopback in the sandbox) and public addresses only. */
    public void check(String url) {
        URI uri = parse(url);
        String host = uri.getHost();
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        if (!https && !(allowLoopback && loopbackName(host.toLowerCase(Locale.ROOT)))) {
            throw new OutboundRefused("vendor URLs must use https");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new OutboundRefused("'" + host + "' does not resolve");
        }
        boolean allLoopback = addresses.length > 0;
        for (InetAddress a : addresses) {
            allLoopback &= a.isLoopbackAddress();
            String problem = problem(a);
            if (problem != null) {
                throw new OutboundRefused("'" + host + "' resolves to " + problem + " " + a.getHostAddress());
            }
        }
        if (!https && !allLoopback) {
            throw new OutboundRefused("vendor URLs must use https");
        }
    }

    /** {@link #check} for a call in a sync: a refused destination fails the call like an unreachable vendor. */
    public void checkCall(String url) {
        try {
            check(url);
        } catch (OutboundRefused e) {
            throw new VendorCallException(
                    ErrorCategory.VENDOR_UNAVAILABLE,
                    "DESTINATION_REFUSED",
                    "outbound call refused: " + e.getMessage());
        }
    }

    /**
     * The token URL of an integration, from configuration only: the entry for the base URL's host in
     * {@code token-urls}, else the {@code token-url} template ({@code {baseUrl}}, {@code {tokenPath}}).
     */
    public String tokenUrl(Vendor vendor, String baseUrl, String tokenPath) {
        VendorEgress e = egress(vendor);
        String host = parse(baseUrl).getHost().toLowerCase(Locale.ROOT);
        String template = e.getTokenUrls().getOrDefault(host, e.getTokenUrl());
        if (template == null || template.isBlank()) {
            throw new VendorCallException(
                    ErrorCategory.AUTHENTICATION,
                    "NO_TOKEN_URL",
                    "no token URL is configured for " + vendor.key() + " (hub.vendors." + vendor.key() + ".token-url)");
        }
        return template.replace("{baseUrl}", baseUrl.replaceAll("/+$", ""))
                .replace("{tokenPath}", tokenPath == null ? "" : tokenPath);
    }

    private VendorEgress egress(Vendor vendor) {
        return vendors.getOrDefault(vendor, new VendorEgress());
    }

    private boolean onAllowList(Vendor vendor, String host) {
        for (String allowed : egress(vendor).getAllowedHosts()) {
            String a = allowed.trim().toLowerCase(Locale.ROOT);
            if (a.startsWith("*.") ? host.endsWith(a.substring(1)) : host.equals(a)) return true;
        }
        return false;
    }

    private String problem(InetAddress a) {
        if (a.isLoopbackAddress()) return allowLoopback ? null : "the loopback address";
        if (a.isAnyLocalAddress()) return "the unspecified address";
        if (a.isLinkLocalAddress()) return "the link-local address";
        if (a.isSiteLocalAddress()) return "the private address";
        if (a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc) return "the private address";
        if (a.isMulticastAddress()) return "the multicast address";
        return null;
    }

    private static boolean loopbackName(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    private static URI parse(String url) {
        try {
            URI uri = url == null ? null : new URI(url);
            if (uri == null || uri.getHost() == null || uri.getScheme() == null || uri.getUserInfo() != null) {
                throw new OutboundRefused("'" + url + "' is not an absolute URL with a host");
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new OutboundRefused("vendor URLs must use https");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new OutboundRefused("'" + url + "' is not a valid URL");
        }
    }
}

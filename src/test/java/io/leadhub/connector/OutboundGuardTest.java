package io.leadhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadhub.integration.Vendor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The outbound destination rules, with a stubbed resolver instead of real DNS. */
class OutboundGuardTest {
    private static final Map<String, String> DNS = Map.of(
            "api.hubapi.com", "104.16.1.1",
            "acme.my.salesforce.com", "13.110.1.1",
            "loop.my.salesforce.com", "127.0.0.1",
            "intra.my.salesforce.com", "10.20.30.40",
            "meta.my.salesforce.com", "169.254.169.254",
            "v6.my.salesforce.com", "fd00::1",
            "any.my.salesforce.com", "0.0.0.0",
            "multi.my.salesforce.com", "224.0.0.1");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String ip = DNS.get(host);
        if (ip == null && host.startsWith("127.")) ip = host;
        if (ip == null) throw new UnknownHostException(host);
        return new InetAddress[] {InetAddress.getByName(ip)};
    }

    private static OutboundGuard guard(boolean allowLoopback) {
        VendorEgress hubspot = new VendorEgress();
        hubspot.setAllowedHosts(List.of("api.hubapi.com"));
        hubspot.setTokenUrl("https://api.hubapi.com/oauth/v1/token");
        VendorEgress salesforce = new VendorEgress();
        salesforce.setAllowedHosts(List.of("*.my.salesforce.com", "login.salesforce.com"));
        salesforce.setTokenUrl("{baseUrl}/services/oauth2/token");
        VendorEgress zoho = new VendorEgress();
        zoho.setAllowedHosts(List.of("www.zohoapis.com", "www.zohoapis.eu"));
        zoho.setTokenUrl("https://accounts.zoho.com/oauth/v2/token");
        zoho.setTokenUrls(Map.of("www.zohoapis.eu", "https://accounts.zoho.eu/oauth/v2/token"));
        return new OutboundGuard(
                Map.of(Vendor.HUBSPOT, hubspot, Vendor.SALESFORCE, salesforce, Vendor.ZOHO, zoho),
                allowLoopback,
                OutboundGuardTest::resolve);
    }

    @Test
    void aHostOffTheVendorsAllowListIsRefused() {
        assertThatThrownBy(() -> guard(false).checkBaseUrl(Vendor.HUBSPOT, "https://evil.example.com/internal"))
                .isInstanceOf(OutboundRefused.class)
                .hasMessageContaining("not a hubspot host");
        assertThatThrownBy(() -> guard(false).checkBaseUrl(Vendor.SALESFORCE, "https://evilmy.salesforce.com"))
                .isInstanceOf(OutboundRefused.class);
        assertThatCode(() -> guard(false).checkBaseUrl(Vendor.HUBSPOT, "https://api.hubapi.com"))
                .doesNotThrowAnyException();
        assertThatCode(() -> guard(false).checkBaseUrl(Vendor.SALESFORCE, "https://acme.my.salesforce.com"))
                .doesNotThrowAnyException();
    }

    @Test
    void plainHttpIsRefused() {
        assertThatThrownBy(() -> guard(false).checkBaseUrl(Vendor.HUBSPOT, "http://api.hubapi.com"))
                .isInstanceOf(OutboundRefused.class)
                .hasMessageContaining("https");
    }

    @Test
    void aNameResolvingToAnInternalAddressIsRefused() {
        for (String host : List.of("loop", "intra", "meta", "v6", "any", "multi")) {
            assertThatThrownBy(() ->
                            guard(false).checkBaseUrl(Vendor.SALESFORCE, "https://" + host + ".my.salesforce.com"))
                    .as(host)
                    .isInstanceOf(OutboundRefused.class)
                    .hasMessageContaining("resolves to");
        }
        assertThatThrownBy(() -> guard(false).checkCall("https://meta.my.salesforce.com/services/oauth2/token"))
                .isInstanceOf(VendorCallException.class)
                .hasMessageContaining("169.254.169.254");
    }

    @Test
    void loopbackOnlyInTheSandbox() {
        assertThatThrownBy(() -> guard(false).checkBaseUrl(Vendor.HUBSPOT, "http://127.0.0.1:18672/internal"))
                .isInstanceOf(OutboundRefused.class);
        assertThatCode(() -> guard(true).checkBaseUrl(Vendor.HUBSPOT, "http://127.0.0.1:18672/sandbox/hubspot"))
                .doesNotThrowAnyException();
        // the sandbox relaxes loopback only
        assertThatThrownBy(() -> guard(true).checkBaseUrl(Vendor.SALESFORCE, "https://meta.my.salesforce.com"))
                .isInstanceOf(OutboundRefused.class);
    }

    @Test
    void tokenUrlsComeFromTheConfiguredRule() {
        OutboundGuard g = guard(false);
        assertThat(g.tokenUrl(Vendor.HUBSPOT, "https://api.hubapi.com", "/oauth/v1/token"))
                .isEqualTo("https://api.hubapi.com/oauth/v1/token");
        assertThat(g.tokenUrl(Vendor.SALESFORCE, "https://acme.my.salesforce.com/", null))
                .isEqualTo("https://acme.my.salesforce.com/services/oauth2/token");
        assertThat(g.tokenUrl(Vendor.ZOHO, "https://www.zohoapis.eu", "/oauth/v2/token"))
                .isEqualTo("https://accounts.zoho.eu/oauth/v2/token");
        assertThat(g.tokenUrl(Vendor.ZOHO, "https://www.zohoapis.com", "/oauth/v2/token"))
                .isEqualTo("https://accounts.zoho.com/oauth/v2/token");
        assertThatThrownBy(() -> g.tokenUrl(Vendor.PIPEDRIVE, "https://acme.pipedrive.com", "/oauth/token"))
                .isInstanceOf(VendorCallException.class)
                .hasMessageContaining("hub.vendors.pipedrive.token-url");
    }
}

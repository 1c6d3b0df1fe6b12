package io.leadhub.connector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one vendor's calls may go, bound from {@code hub.vendors.<vendor>.*}: the hosts its API base
 * URL may name, and the rule that gives its OAuth token URL. Token URLs are hub configuration only,
 * never a tenant's setting or stored credentials, so a tenant cannot send the platform's client
 * secret or an org's refresh token elsewhere.
 */
public class VendorEgress {
    private List<String> allowedHosts = new ArrayList<>();
    private String tokenUrl;
    private Map<String, String> tokenUrls = new LinkedHashMap<>();

    /** Exact host names, or {@code *.suffix} for any host below the suffix. */
    public List<String> getAllowedHosts() {
        return allowedHosts;
    }

    public void setAllowedHosts(List<String> v) {
        allowedHosts = v;
    }

    /**
     * The token URL template: {@code {baseUrl}} is the integration's validated base URL,
     * {@code {tokenPath}} the vendor's standard token path.
     */
    public String getTokenUrl() {
        return tokenUrl;
    }

    public void setTokenUrl(String v) {
        tokenUrl = v;
    }

    /** Token URL by base-URL host, before {@link #getTokenUrl()} (Zoho's data centres, Pardot's demo). */
    public Map<String, String> getTokenUrls() {
        return tokenUrls;
    }

    public void setTokenUrls(Map<String, String> v) {
        tokenUrls = v;
    }
}

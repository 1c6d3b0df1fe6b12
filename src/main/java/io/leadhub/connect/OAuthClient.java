package io.leadhub.connect;

/**
 * One vendor's OAuth client, bound from {@code hub.oauth.<vendor>.*} (see application.yml). URLs may
 * contain {@code {hub}}, replaced by the hub's own base URL at run time (the sandbox simulators run
 * inside the hub, on a port known only once the server started).
 */
public class OAuthClient {
    /** How the vendor revokes a token: no endpoint, DELETE {@code {token}} in the URL, POST {@code ?token=}, or POST form {@code token}. */
    public enum RevokeStyle {
        NONE,
        DELETE_PATH,
        QUERY,
        FORM
    }

    /** How the client authenticates at the token endpoint: form fields, or HTTP Basic. */
    public enum ClientAuth {
        FORM,
        BASIC
    }

    private String authorizeUrl;
    private String tokenUrl;
    private String revokeUrl;
    private RevokeStyle revokeStyle = RevokeStyle.NONE;
    private String clientId;
    private String clientSecret;
    private String scopes;
    private boolean pkce;
    private ClientAuth clientAuth = ClientAuth.FORM;
    private String apiUrl;
    private String extraAuthorizeParams;

    public String getAuthorizeUrl() {
        return authorizeUrl;
    }

    public void setAuthorizeUrl(String v) {
        authorizeUrl = v;
    }

    public String getTokenUrl() {
        return tokenUrl;
    }

    public void setTokenUrl(String v) {
        tokenUrl = v;
    }

    public String getRevokeUrl() {
        return revokeUrl;
    }

    public void setRevokeUrl(String v) {
        revokeUrl = v;
    }

    public RevokeStyle getRevokeStyle() {
        return revokeStyle;
    }

    public void setRevokeStyle(RevokeStyle v) {
        revokeStyle = v;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String v) {
        clientId = v;
    }

    public String getClientSecret() {
        return clientSecret;
    }

    public void setClientSecret(String v) {
        clientSecret = v;
    }

    public String getScopes() {
        return scopes;
    }

    public void setScopes(String v) {
        scopes = v;
    }

    public boolean isPkce() {
        return pkce;
    }

    public void setPkce(boolean v) {
        pkce = v;
    }

    public ClientAuth getClientAuth() {
        return clientAuth;
    }

    public void setClientAuth(ClientAuth v) {
        clientAuth = v;
    }

    public String getApiUrl() {
        return apiUrl;
    }

    public void setApiUrl(String v) {
        apiUrl = v;
    }

    public String getExtraAuthorizeParams() {
        return extraAuthorizeParams;
    }

    public void setExtraAuthorizeParams(String v) {
        extraAuthorizeParams = v;
    }

    @Override
    public String toString() {
        // never print the secret
        return "OAuthClient[authorize=" + authorizeUrl + ", token=" + tokenUrl + ", clientId=" + clientId + ", pkce="
                + pkce + "]";
    }
}

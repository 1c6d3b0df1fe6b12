package io.leadhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.VendorCallException;
import org.junit.jupiter.api.Test;

/** What the masking catches in log lines, exchange dumps and vendor error texts, and what it leaves alone. */
class SecretsTest {
    private final SecretMaskingFormatter camelMask = new SecretMaskingFormatter();

    @Test
    void masksOAuthValuesInQueryStringsAndFormBodies() {
        String url =
                "GET https://mkto.example.com/identity/oauth/token?grant_type=client_credentials&client_id=abc&client_secret=s3cr3t-value"
                        + "&access_token=at-123456789&code=auth-code-1&code_verifier=verifier-xyz&password=hunter22";
        String masked = SecretRedactor.redact(url);
        assertThat(masked)
                .doesNotContain("s3cr3t-value", "at-123456789", "auth-code-1", "verifier-xyz", "hunter22")
                .contains(
                        "grant_type=client_credentials", "client_secret=xxxxxx", "access_token=xxxxxx", "code=xxxxxx");
        assertThat(SecretRedactor.redact("refresh_token=rt-1&grant_type=refresh_token"))
                .isEqualTo("refresh_token=xxxxxx&grant_type=refresh_token");
    }

    @Test
    void masksJsonMembersAndAuthorizationHeaders() {
        String body =
                "{\"access_token\":\"at-abc\",\"refresh_token\": \"rt-def\",\"expires_in\":1800,\"token_type\":\"bearer\","
                        + "\"clientSecret\":\"cs\",\"accessToken\":\"x1\",\"code\":\"INVALID_EMAIL\",\"api_domain\":\"https://z\"}";
        String masked = camelMask.format(body);
        assertThat(masked)
                .doesNotContain("at-abc", "rt-def", "\"cs\"", "\"x1\"")
                .contains(
                        "\"expires_in\":1800",
                        "\"token_type\":\"bearer\"",
                        "\"code\":\"INVALID_EMAIL\"",
                        "\"api_domain\":\"https://z\"");
        assertThat(camelMask.format("Exchange[Headers: {Authorization=Bearer at-1234567890, Accept=application/json}]"))
                .doesNotContain("at-1234567890")
                .contains("Accept=application/json");
        assertThat(SecretRedactor.redact("Authorization: Zoho-oauthtoken 1000.abcdef.123456"))
                .isEqualTo("Authorization: Zoho-oauthtoken xxxxxx");
        assertThat(SecretRedactor.redact("Authorization: Basic c2FuZGJveDpzZWNyZXQ="))
                .isEqualTo("Authorization: Basic xxxxxx");
        assertThat(SecretRedactor.redact("the vendor said: Bearer eyJhbGciOi.payload.sig is invalid"))
                .doesNotContain("eyJhbGciOi");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text =
                "POST /crm/v3/objects/contacts/batch/upsert failed after 3 attempts: 502 {\"status\":\"error\",\"message\":\"Bad gateway\"}";
        assertThat(SecretRedactor.redact(text)).isEqualTo(text);
        assertThat(SecretRedactor.redact(null)).isNull();
        assertThat(SecretRedactor.sensitive("refreshToken")).isTrue();
        assertThat(SecretRedactor.sensitive("client_secret")).isTrue();
        assertThat(SecretRedactor.sensitive("grant_type")).isFalse();
        assertThat(SecretRedactor.sensitive("expires_in")).isFalse();
    }

    @Test
    void vendorErrorsAreMaskedWhereTheyAreBuilt() {
        var e = new VendorCallException(
                ErrorCategory.AUTHENTICATION,
                "601",
                "GET /rest/v1/leads.json?access_token=leaked-token-1 answered {\"refresh_token\":\"leaked-rt\"}");
        assertThat(e.getMessage()).doesNotContain("leaked-token-1", "leaked-rt").contains("/rest/v1/leads.json");
    }
}

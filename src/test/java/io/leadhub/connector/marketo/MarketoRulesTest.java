package io.leadhub.connector.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.QuotaReset;
import io.leadhub.connector.VendorResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Program id parsing and the Marketo code -> category rules, without the hub. */
class MarketoRulesTest {
    private final ObjectMapper json = new ObjectMapper();
    /** 2026-03-07 15:00 in Chicago (CST, UTC-6), the day before daylight saving starts. */
    private static final Instant SATURDAY = Instant.parse("2026-03-07T21:00:00Z");

    private final MarketoPolicy policy = new MarketoPolicy(
            Duration.ofSeconds(20), Duration.ofSeconds(2), new QuotaReset(Clock.fixed(SATURDAY, ZoneOffset.UTC)));

    @ParameterizedTest
    @CsvSource({
        "1234,1234",
        "  0042 ,42",
        "PG1234A1,1234",
        "#PG1234A1,1234",
        "AB1234C1,1234",
        "PG77,77",
        "https://app-ab12.marketo.com/#PG1234A1,1234",
        "https://app-ab12.marketo.com/#/classic/PG1234A1,1234",
        "http://app-sj01.marketo.com/#ME999B2,999"
    })
    void programIdForms(String given, String digits) {
        assertThat(ProgramIdParser.parse(given)).contains(digits);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "0",
                "abc",
                "pg1234a1",
                "PG",
                "1234x",
                "https://app-ab12.marketo.com/",
                "https://example.com/1234",
                "PG1234A1 PG5678A1",
                "-5"
            })
    void junkIsNoProgramId(String given) {
        assertThat(ProgramIdParser.parse(given)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "1001,DATA_VALUE_VALIDATION",
        "1002,MISSING_REQUIRED_FIELD",
        "1003,DATA_VALUE_VALIDATION",
        "1005,DUPLICATE_RECORD",
        "1006,MISSING_REMOTE_FIELD",
        "1007,DUPLICATE_RECORD",
        "1008,PERMISSION"
    })
    void skippedReasonCategories(String code, ErrorCategory category) {
        assertThat(MarketoErrorClassifier.recordCategory(code, "Invalid value")).isEqualTo(category);
    }

    @Test
    void tooLongValueIsValueTooLong() {
        assertThat(MarketoErrorClassifier.recordCategory("1003", "Value for field 'title' exceeds max length of 255"))
                .isEqualTo(ErrorCategory.VALUE_TOO_LONG);
    }

    @ParameterizedTest
    @CsvSource({
        "603,PERMISSION",
        "606,RATE_LIMITED",
        "607,QUOTA_EXHAUSTED",
        "611,VENDOR_UNAVAILABLE",
        "609,DATA_VALUE_VALIDATION",
        "1006,MISSING_REMOTE_FIELD"
    })
    void requestErrorCategories(String code, ErrorCategory category) {
        assertThat(MarketoErrorClassifier.requestCategory(code, "")).isEqualTo(category);
    }

    @Test
    void policyReadsErrorsInsideHttp200() throws Exception {
        assertThat(policy.authExpired(answer("601"))).isTrue();
        assertThat(policy.authExpired(answer("602"))).isTrue();
        assertThat(policy.authExpired(answer("606"))).isFalse();
        assertThat(policy.throttled(answer("606"))).contains(Duration.ofSeconds(20));
        assertThat(policy.throttled(answer("615"))).contains(Duration.ofSeconds(2));
        assertThat(policy.throttled(answer("607"))).isEmpty();
        assertThat(policy.quotaExhausted(null, answer("607"))).get().satisfies(e -> {
            assertThat(e.category()).isEqualTo(ErrorCategory.QUOTA_EXHAUSTED);
            assertThat(e.vendorCode()).isEqualTo("607");
            assertThat(e.retryAt())
                    .as("next 12:00 AM US Central, still CST")
                    .isEqualTo(Instant.parse("2026-03-08T06:00:00Z"));
        });
        assertThat(policy.quotaExhausted(null, answer("606"))).isEmpty();
        for (String code : new String[] {"604", "608", "611", "713"})
            assertThat(policy.transientFailure(answer(code))).isTrue();
        VendorResponse ok = new VendorResponse(200, Map.of(), json.readTree("{\"success\":true,\"result\":[]}"));
        assertThat(policy.authExpired(ok)).isFalse();
        assertThat(policy.throttled(ok)).isEqualTo(Optional.empty());
        assertThat(policy.transientFailure(ok)).isFalse();
    }

    private VendorResponse answer(String code) throws Exception {
        return new VendorResponse(
                200,
                Map.of(),
                json.readTree("{\"requestId\":\"a#b\",\"success\":false,\"errors\":[{\"code\":\"" + code
                        + "\",\"message\":\"m\"}]}"));
    }
}

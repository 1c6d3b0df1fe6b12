package io.leadhub.connector.marketo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import io.leadhub.sandbox.marketo.MarketoCatalog;
import io.leadhub.sandbox.marketo.MarketoSimulator;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;

/**
 * Every request the Marketo connector sent in a scenario that uses each of its calls (token, lead
 * read for IF_EMPTY fields, createOrUpdate, updateOnly by id, program and channel reads, member
 * read and member status) is checked against Marketo's published Swagger 2.0 specs
 * ({@code ../shared/vendor-specs/marketo}: identity, lead database, asset API) with Atlassian's
 * swagger-request-validator. The simulator records what it received.
 *
 * <p>Two documented ignores:
 * <ul>
 * <li>the spec's {@code Lead} schema lists only id / membership / reason / status and says a lead
 * "may have any number of other fields, depending on the fields available in the target
 * instance": extra properties of {@code input[n]} in {@code POST /rest/v1/leads.json} are accepted
 * only when every one is a field of the instance (the simulator's catalog,
 * {@code mappings/catalogs/marketo.yaml});</li>
 * <li>the asset spec names the channel-by-name query parameter {@code Name}; Marketo's
 * documentation and API use {@code name} (what the connector sends), so the spec's "missing
 * required query parameter 'Name'" is ignored for that one path.</li>
 * </ul>
 */
class MarketoSpecValidationTest extends MarketoHubTest {
    private static final Logger LOG = LoggerFactory.getLogger(MarketoSpecValidationTest.class);
    private static final Path SPECS = Path.of("..", "shared", "vendor-specs", "marketo");

    private static final Pattern EXTRA =
            Pattern.compile("\\[Path '/input/\\d+'\\].*not allowed by the schema: \\[(.*)\\]");

    @Autowired
    private MarketoSimulator simulator;

    @Autowired
    private MarketoCatalog catalog;

    @Test
    void everyRequestTheConnectorSendsMatchesMarketosSpecs() {
        assumeTrue(
                Files.isDirectory(SPECS),
                "Marketo specs not found at " + SPECS.toAbsolutePath() + "; nothing to validate against");
        OpenApiInteractionValidator identity = validator("swagger-identity.json");
        OpenApiInteractionValidator leadDatabase = validator("swagger-mapi.json");
        OpenApiInteractionValidator assets = validator("swagger-asset.json");

        String org = marketoOrg();
        var mapping = send(HttpMethod.GET, api("/orgs/" + org + "/integrations/marketo/mappings/lead"), OPERATOR, null)
                .getBody();
        List<Object> rows = new ArrayList<>();
        mapping.forEach(r -> rows.add(
                "company".equals(r.path("hubField").asText())
                        ? Map.of("hubField", "company", "vendorField", "company", "writePolicy", "IF_EMPTY")
                        : json.convertValue(r, Map.class)));
        send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/marketo/mappings/lead"), OPERATOR, rows);
        assertThat(link(
                                org,
                                Map.of(
                                        "campaignId",
                                        "https://app-ab12.marketo.com/#PG1001A1",
                                        "statusQualifier",
                                        "Lead type",
                                        "statusMap",
                                        Map.of("Hot", "Engaged", "Warm", "Visited Booth")))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "v1",
                        "email",
                        "spec@globex.io",
                        "lastName",
                        "Spec",
                        "company",
                        "Globex",
                        "qualifiers",
                        Map.of("Lead type", "Warm")));
        awaitSettled(org);
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "v2",
                        "email",
                        "spec@globex.io",
                        "lastName",
                        "Spec",
                        "qualifiers",
                        Map.of("Lead type", "Hot")));
        awaitSettled(org);
        jdbc.update(
                "UPDATE lead_sync SET state = 'FAILED', category = 'VENDOR_UNAVAILABLE' WHERE org_id = :org AND vendor = 'marketo'",
                Map.of("org", org));
        send(
                HttpMethod.POST,
                api("/orgs/" + org + "/integrations/marketo/reconciliation/retry"),
                OPERATOR,
                Map.of("all", true));
        awaitSettled(org);
        assertThat(jdbc.queryForList(
                        "SELECT state FROM lead_sync WHERE org_id = :org AND vendor = 'marketo'",
                        Map.of("org", org),
                        String.class))
                .containsExactly("CLEARED", "CLEARED");

        List<MarketoSimulator.Received> received = simulator.received();
        Set<String> kinds = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (MarketoSimulator.Received r : received) {
            kinds.add(r.method() + " " + r.path().replaceAll("/\\d+", "/{id}"));
            OpenApiInteractionValidator v = r.path().startsWith("/identity/")
                    ? identity
                    : r.path().startsWith("/rest/asset/") ? assets : leadDatabase;
            for (ValidationReport.Message m : v.validateRequest(request(r)).getMessages()) {
                if (m.getLevel() != ValidationReport.Level.ERROR || ignored(r, m)) continue;
                problems.add(r.method() + " " + r.path() + "?" + r.query() + ": " + m.getKey() + " " + m.getMessage());
            }
        }
        LOG.info("validated {} Marketo requests of kinds {}", received.size(), kinds);
        assertThat(kinds)
                .contains(
                        "GET /identity/oauth/token",
                        "GET /rest/v1/leads.json",
                        "POST /rest/v1/leads.json",
                        "GET /rest/asset/v1/program/{id}.json",
                        "GET /rest/asset/v1/channel/byName.json",
                        "GET /rest/v1/programs/{id}/members.json",
                        "POST /rest/v1/programs/{id}/members/status.json");
        assertThat(received.stream().filter(r -> r.body() != null && r.body().contains("\"updateOnly\"")))
                .isNotEmpty();
        assertThat(problems).isEmpty();
    }

    private boolean ignored(MarketoSimulator.Received r, ValidationReport.Message m) {
        if (r.path().equals("/rest/v1/leads.json")
                && m.getKey().equals("validation.request.body.schema.additionalProperties")) {
            Matcher extra = EXTRA.matcher(m.getMessage());
            return extra.find()
                    && Arrays.stream(extra.group(1).split(","))
                            .map(f -> f.replace("\"", "").trim())
                            .allMatch(f -> catalog.field(f).isPresent());
        }
        return r.path().equals("/rest/asset/v1/channel/byName.json")
                && m.getKey().equals("validation.request.parameter.query.missing")
                && m.getMessage().contains("'Name'");
    }

    private static OpenApiInteractionValidator validator(String file) {
        return OpenApiInteractionValidator.createForSpecificationUrl(
                        SPECS.resolve(file).toAbsolutePath().toUri().toString())
                .build();
    }

    private static Request request(MarketoSimulator.Received r) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(r.method(), r.path());
        if (r.query() != null) {
            for (String pair : r.query().split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                b.withQueryParam(k, value);
            }
        }
        if (r.body() != null) {
            b.withBody(r.body());
            b.withContentType(r.contentType() == null ? "application/json" : r.contentType());
        }
        b.withAccept("application/json");
        return b.build();
    }
}

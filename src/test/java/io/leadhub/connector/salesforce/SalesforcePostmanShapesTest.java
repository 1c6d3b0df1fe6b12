package io.leadhub.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

/**
 * The hub's Salesforce requests against Salesforce's own Postman collection
 * ({@code ../shared/vendor-specs/salesforce/postman/}, skipped when absent): the methods and URL
 * templates of query, describe and sObject Collections create / update, and the collections body
 * ({@code allOrNone} boolean, {@code records} of sObjects with {@code attributes.type}).
 */
class SalesforcePostmanShapesTest extends SalesforceHubTest {
    private static final Path POSTMAN = Path.of("../shared/vendor-specs/salesforce/postman");
    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode request(String file) throws IOException {
        return mapper.readTree(Files.readString(POSTMAN.resolve(file)));
    }

    /** The Postman URL template as a path below the instance, with our API version. */
    private static String path(JsonNode request) {
        String url = request.path("url").asText();
        url = url.substring(url.indexOf("/services/"));
        int q = url.indexOf('?');
        return (q < 0 ? url : url.substring(0, q)).replace("{{version}}", "60.0");
    }

    @Test
    void requestsFollowThePostmanCollection() throws IOException {
        assumeTrue(Files.isDirectory(POSTMAN), "the Salesforce Postman collection is not next to the project");
        JsonNode create = request("composite/sobject_collections_create.json");
        JsonNode update = request("composite/sobject_collections_update.json");
        JsonNode query = request("rest/query.json");
        JsonNode describe = request("rest/sobject_describe.json");

        String org = salesforceOrg(null);
        String existing =
                salesforce.seedRecord("Lead", Map.of("LastName", "Known", "Company", "Acme", "Email", "known@acme.io"));
        List<String> collectionCalls = Collections.synchronizedList(new ArrayList<>());
        NotifyBuilder done = new NotifyBuilder(camel)
                .fromRoute("salesforce-api-collections")
                .whenAnyDoneMatches(ex -> {
                    collectionCalls.add(ex.getMessage().getHeader("rawMethod") + " "
                            + ex.getMessage().getHeader("rawPath"));
                    return collectionCalls.size() >= 2;
                })
                .create();
        importCsv(org, """
                First Name,Last Name,Email,Company
                New,Person,new@acme.io,Acme
                Kay,Known,known@acme.io,Acme
                """);
        awaitSettled(org);
        assertThat(done.matches(5, TimeUnit.SECONDS)).isTrue();
        assertThat(sfRow(org, "known@acme.io")).containsEntry("VENDOR_ID", existing);

        // sObject Collections: create is POST on the collection path; update is PATCH on the same path (the
        // collection's update item adds /<SOBJECT_API_NAME>, which is the upsert resource, not the update one)
        assertThat(create.path("method").asText()).isEqualTo("POST");
        assertThat(update.path("method").asText()).isEqualTo("PATCH");
        assertThat(collectionCalls).contains("POST " + path(create));
        assertThat(path(update)).startsWith(path(create));
        assertThat(collectionCalls).contains("PATCH " + path(create));

        // the body shape of both collection items: {"allOrNone": Boolean, "records": SObject[]}
        JsonNode expected = mapper.readTree(create.path("rawModeData").asText());
        assertThat(mapper.readTree(update.path("rawModeData").asText())).isEqualTo(expected);
        JsonNode body = mapper.valueToTree(
                SalesforceApi.collectionsBody(List.of(Map.of("attributes", Map.of("type", "Lead"), "LastName", "X"))));
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        List<String> expectedKeys = new ArrayList<>();
        expected.fieldNames().forEachRemaining(expectedKeys::add);
        assertThat(keys).containsExactlyElementsOf(expectedKeys);
        assertThat(body.path("allOrNone").isBoolean()).isTrue();
        assertThat(body.path("records").isArray()).isTrue();
        assertThat(body.path("records").path(0).path("attributes").path("type").asText())
                .isEqualTo("Lead");

        // query and describe: the simulator counts calls per path template, which the Postman URLs must match
        JsonNode requests = stats().path("requests");
        assertThat(query.path("method").asText()).isEqualTo("GET");
        assertThat(path(query).replace("v60.0", "{version}").replaceAll("/$", ""))
                .isEqualTo("/services/data/{version}/query");
        assertThat(requests.path("GET /services/data/{version}/query").asLong()).isPositive();
        assertThat(describe.path("method").asText()).isEqualTo("GET");
        assertThat(path(describe).replace("v60.0", "{version}").replace("<SOBJECT_API_NAME>", "{object}"))
                .isEqualTo("/services/data/{version}/sobjects/{object}/describe");
        assertThat(requests.path("GET /services/data/{version}/sobjects/{object}/describe")
                        .asLong())
                .isPositive();
        assertThat(query.path("url").asText()).contains("/query/?q=");
    }
}

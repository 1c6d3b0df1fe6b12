package io.leadhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.support.ApiEndpoints;
import io.leadhub.support.ApiEndpoints.Endpoint;
import io.leadhub.support.HubTest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.ResponseEntity;

/**
 * The published OpenAPI document is a valid OpenAPI 3 document and describes exactly the
 * endpoints the running hub serves under /api/v1 (same generic enumeration as the cross-org
 * matrix): an endpoint added without documenting it, or documented without being served, fails.
 */
class OpenApiDocumentTest extends HubTest {
    @Autowired
    ApplicationContext context;

    private static OpenAPI parse(String text) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        assertThat(result.getMessages()).as("OpenAPI validation messages").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
        return result.getOpenAPI();
    }

    @Test
    void theDocumentIsPublicValidAndMatchesTheServedEndpoints() {
        ResponseEntity<String> yaml = rest.getForEntity(api("/openapi.yaml"), String.class);
        ResponseEntity<String> json = rest.getForEntity(api("/openapi.json"), String.class);
        assertThat(yaml.getStatusCode().value()).as("no key needed").isEqualTo(200);
        assertThat(json.getStatusCode().value()).isEqualTo(200);
        assertThat(json.getHeaders().getContentType().toString()).startsWith("application/json");

        OpenAPI fromYaml = parse(yaml.getBody());
        OpenAPI fromJson = parse(json.getBody());
        assertThat(documented(fromJson)).isEqualTo(documented(fromYaml));

        Set<Endpoint> served = ApiEndpoints.served(context, camel);
        Set<Endpoint> documented = documented(fromYaml);
        Set<Endpoint> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<Endpoint> notServed = new TreeSet<>(documented);
        notServed.removeAll(served);
        assertThat(undocumented)
                .as("served but missing from src/main/resources/openapi/lead-hub.yaml")
                .isEmpty();
        assertThat(notServed).as("documented but not served").isEmpty();

        // every operation says who may call it and how errors look
        fromYaml.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
                    assertThat(op.getOperationId())
                            .as("%s %s operationId", method, path)
                            .isNotBlank();
                    assertThat(op.getResponses())
                            .as("%s %s responses", method, path)
                            .isNotEmpty();
                }));
        assertThat(fromYaml.getComponents().getSecuritySchemes()).containsKey("apiKey");
    }

    private static Set<Endpoint> documented(OpenAPI api) {
        Set<Endpoint> out = new TreeSet<>();
        api.getPaths().forEach((path, item) -> {
            for (PathItem.HttpMethod m : item.readOperationsMap().keySet()) out.add(new Endpoint(m.name(), path));
        });
        return out;
    }
}

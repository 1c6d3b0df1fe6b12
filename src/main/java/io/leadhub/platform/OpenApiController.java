package io.leadhub.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Publishes the API's OpenAPI 3 description ({@code src/main/resources/openapi/lead-hub.yaml},
 * maintained beside the code and checked against the served endpoints by a test) at
 * {@code GET /api/v1/openapi.yaml} and {@code GET /api/v1/openapi.json}, without an API key.
 */
@RestController
class OpenApiController {
    private final String yaml;
    private final JsonNode json;

    public OpenApiController() throws IOException {
        try (InputStream in = new ClassPathResource("openapi/lead-hub.yaml").getInputStream()) {
            this.yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        this.json = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    }

    @GetMapping(value = "/api/v1/openapi.yaml", produces = "application/yaml")
    ResponseEntity<String> yaml() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/yaml;charset=UTF-8"))
                .body(yaml);
    }

    @GetMapping(value = "/api/v1/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode json() {
        return json;
    }
}

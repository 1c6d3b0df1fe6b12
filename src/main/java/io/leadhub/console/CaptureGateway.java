package io.leadhub.console;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadhub.platform.ApiException;
import io.leadhub.platform.UploadSpoolFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * Captures from the console go through the same capture routes as the API ({@code direct:capture-json},
 * {@code direct:capture-badge}, {@code direct:capture-import}): same validation, idempotency,
 * enrichment hand-off and answers. A refusal comes back as the route's {@link ApiException}.
 */
@Component
class CaptureGateway {
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private final ProducerTemplate producer;
    private final ObjectMapper json;

    CaptureGateway(ProducerTemplate producer, ObjectMapper json) {
        this.producer = producer;
        this.json = json;
    }

    /** One lead as the API's JSON body; answers the stored lead. */
    Map<String, Object> json(String org, String event, Map<String, Object> lead) throws IOException {
        return call("direct:capture-json", org, event, json.writeValueAsString(lead), Map.of());
    }

    /** A raw badge payload (vCard or MECARD); answers the stored lead. */
    Map<String, Object> badge(String org, String event, String payload) {
        return call("direct:capture-badge", org, event, payload, Map.of());
    }

    /** A CSV upload, spooled to a file and imported in the background; answers the import id. */
    String csv(String org, String event, MultipartFile file) throws IOException {
        if (file.isEmpty()) throw ApiException.badRequest("choose a CSV file to upload");
        Path spooled = Files.createTempFile("leadhub-upload-", ".csv");
        spooled.toFile().deleteOnExit();
        file.transferTo(spooled);
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(UploadSpoolFilter.HEADER, spooled.toString());
        headers.put("async", "true");
        Map<String, Object> answer = call("direct:capture-import", org, event, null, headers);
        return String.valueOf(answer.get("importId"));
    }

    private Map<String, Object> call(String uri, String org, String event, Object body, Map<String, Object> headers) {
        Exchange done = producer.send(uri, ex -> {
            ex.getMessage().setHeaders(new LinkedHashMap<>(headers));
            ex.getMessage().setHeader("org", org);
            ex.getMessage().setHeader("event", event);
            ex.getMessage().setBody(body);
        });
        if (done.getException() != null) throw new IllegalStateException("capture failed", done.getException());
        int status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        Map<String, Object> answer = read(done.getMessage().getBody(String.class));
        if (status >= 400) {
            List<String> details = new ArrayList<>();
            if (answer.get("details") instanceof List<?> l) l.forEach(d -> details.add(String.valueOf(d)));
            throw new ApiException(
                    status, String.valueOf(answer.get("error")), String.valueOf(answer.get("message")), details);
        }
        return answer;
    }

    private Map<String, Object> read(String body) {
        try {
            return body == null || body.isBlank() ? Map.of() : json.readValue(body, MAP);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable capture answer", e);
        }
    }
}

package io.leadhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.HttpHeaders;

/** Thrown by simulator code to answer a vendor-shaped error (status + JSON body + headers). */
public class SimulatorResponseException extends RuntimeException {

    private final int status;
    private final transient JsonNode body;
    private final HttpHeaders headers = new HttpHeaders();

    public SimulatorResponseException(int status, JsonNode body) {
        super("simulated vendor error " + status);
        this.status = status;
        this.body = body;
    }

    public SimulatorResponseException header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public JsonNode body() {
        return body;
    }

    public HttpHeaders headers() {
        return headers;
    }
}

package io.leadhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** Base of simulator controllers: turns {@link SimulatorResponseException} into the vendor's answer. */
public abstract class SimulatorController {

    @ExceptionHandler(SimulatorResponseException.class)
    public ResponseEntity<JsonNode> simulatorError(SimulatorResponseException e) {
        return ResponseEntity.status(e.status())
                .headers(e.headers())
                .contentType(MediaType.APPLICATION_JSON)
                .body(e.body());
    }
}

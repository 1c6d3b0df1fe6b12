package io.leadhub.capture;

import io.leadhub.platform.ApiException;

/** Input that cannot be captured: a 400 whose message is the reason shown to the client. */
public class CaptureException extends ApiException {
    public CaptureException(String reason) {
        super(400, "bad_request", reason);
    }
}

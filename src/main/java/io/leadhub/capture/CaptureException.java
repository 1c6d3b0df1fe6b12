package io.leadhub.capture;

/** Input that cannot be captured; the message is the reason shown to the client. */
public class CaptureException extends RuntimeException {
    public CaptureException(String reason) { super(reason); }
}

package io.leadhub.platform;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/** Spring Boot's {@code %wEx} (stack traces) with secret values in exception messages masked ({@link SecretRedactor}). */
public class RedactingThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return SecretRedactor.redact(super.convert(event));
    }
}

package io.leadhub.platform;

import org.apache.camel.spi.MaskingFormatter;
import org.springframework.stereotype.Component;

/**
 * Camel's log mask ({@code camel.main.log-mask=true}): Camel looks this bean up by the name
 * {@value MaskingFormatter#CUSTOM_LOG_MASK_REF} and runs every exchange dump of the log EIP, the
 * tracer and the error handler through it. It masks what Camel's default formatter masks (its
 * sensitive keys) and the OAuth values the hub handles — see {@link SecretRedactor}.
 */
@Component(MaskingFormatter.CUSTOM_LOG_MASK_REF)
public class SecretMaskingFormatter implements MaskingFormatter {
    @Override
    public String format(String source) {
        return SecretRedactor.redact(source);
    }
}

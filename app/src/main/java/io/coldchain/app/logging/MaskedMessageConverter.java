package io.coldchain.app.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.coldchain.core.error.SecretMask;

/**
 * {@code %msg} with passwords masked ({@link SecretMask}): the last line of defence for a URL with a
 * password that a library or a forgotten call site puts into a log line.
 */
public final class MaskedMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return SecretMask.mask(super.convert(event));
    }
}

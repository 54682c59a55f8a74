package io.coldchain.app.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.coldchain.core.error.SecretMask;

/** Stack traces with passwords masked: exception messages of drivers and clients often quote URLs. */
public final class MaskedThrowableConverter extends ExtendedThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return SecretMask.mask(super.throwableProxyToString(tp));
    }
}

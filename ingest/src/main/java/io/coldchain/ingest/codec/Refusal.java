package io.coldchain.ingest.codec;

import io.coldchain.core.model.RejectReason;
import io.coldchain.core.model.Rejection;

/**
 * Aborts decoding when the whole message is refused. An exception because the refusal can arise
 * deep inside the streaming loop; stackless so that hostile traffic cannot make it expensive.
 */
final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient Rejection rejection;

    Refusal(RejectReason reason, String field, String detail) {
        super(null, null, false, false);
        this.rejection = new Rejection(reason, field, detail);
    }
}

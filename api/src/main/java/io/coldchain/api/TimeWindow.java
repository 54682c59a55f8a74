package io.coldchain.api;

import java.time.Instant;

/** A half-open interval of time, {@code from} inclusive and {@code to} exclusive; never empty. */
record TimeWindow(Instant from, Instant to) {
    TimeWindow {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from " + from + " is not before to " + to);
        }
    }
}

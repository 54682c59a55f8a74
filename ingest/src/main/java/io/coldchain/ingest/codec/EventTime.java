package io.coldchain.ingest.codec;

import io.coldchain.core.model.RejectReason;
import java.time.Instant;

/** The event-time rules both payload forms share: absolute, plausible, not in the future. */
final class EventTime {
    private EventTime() {}

    /**
     * Null when ts is acceptable, else the reason: before {@link Limits#MIN_EVENT_TIME} is an invalid
     * timestamp, after latestAllowed (server clock + 5 minutes, inclusive) a clock fault. Old
     * readings are otherwise fine: gateways replay their backlog after an outage.
     */
    static RejectReason check(Instant ts, Instant latestAllowed) {
        if (ts.isBefore(Limits.MIN_EVENT_TIME)) {
            return RejectReason.INVALID_TIMESTAMP;
        }
        if (ts.isAfter(latestAllowed)) {
            return RejectReason.FUTURE_TIMESTAMP;
        }
        return null;
    }

    static String explain(RejectReason reason, Instant ts, Instant latestAllowed) {
        if (reason == RejectReason.FUTURE_TIMESTAMP) {
            return "event time " + ts + " is more than 5 minutes ahead of the server clock (latest " + latestAllowed
                    + ")";
        }
        return "event time " + ts + " is before " + Limits.MIN_EVENT_TIME
                + " (relative or reset clock, or seconds sent as milliseconds)";
    }
}

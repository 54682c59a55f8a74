package io.coldchain.core.config;

import java.time.Duration;

/**
 * Batching of durable writes.
 *
 * @param batchReadings a batch closes at this many readings
 * @param batchDelay or this long after its first message
 * @param writers batches written in parallel, one connection each
 * @param retryMax longest pause between retries while the database is down
 */
public record IngestOptions(int batchReadings, Duration batchDelay, int writers, Duration retryMax) {
    /** Contract: a reading more than 5 minutes ahead of the server clock is a clock fault. */
    public static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
    /** Contract: a payload over 256 KiB is rejected whole. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    /** Contract: 1–1000 readings per message. */
    public static final int MAX_READINGS_PER_MESSAGE = 1000;
    /** Contract: a rejected payload is kept up to 64 KiB. */
    public static final int MAX_KEPT_PAYLOAD_BYTES = 64 * 1024;

    public static IngestOptions defaults() {
        return new IngestOptions(5000, Duration.ofMillis(20), 2, Duration.ofSeconds(2));
    }
}

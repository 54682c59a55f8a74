package io.coldchain.core.config;

import java.time.Duration;

/**
 * TimescaleDB use.
 *
 * @param timescale auto, required or off
 * @param compressAfter chunks older than this are compressed (segmented by sensor)
 * @param retention chunks older than this are dropped; never below {@link #MIN_RETENTION}
 */
public record StorageOptions(TimescaleMode timescale, Duration compressAfter, Duration retention) {
    /** Food Safety Law art. 50: records kept at least 2 years where there is no shelf life. */
    public static final Duration MIN_RETENTION = Duration.ofDays(2 * 366);

    public enum TimescaleMode {
        AUTO,
        REQUIRED,
        OFF
    }

    public static StorageOptions defaults() {
        return new StorageOptions(TimescaleMode.AUTO, Duration.ofDays(7), Duration.ofDays(3 * 366));
    }
}

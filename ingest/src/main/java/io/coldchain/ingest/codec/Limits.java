package io.coldchain.ingest.codec;

import io.coldchain.core.config.IngestOptions;
import java.time.Instant;

/** Value ranges and plausibility bounds shared by both payload forms, so they cannot drift. */
final class Limits {
    static final double TEMP_MIN = -80.0;
    static final double TEMP_MAX = 80.0;
    static final double RH_MIN = 0.0;
    static final double RH_MAX = 100.0;
    static final double BATTERY_MIN = 0.0;
    static final double BATTERY_MAX = 100.0;

    /**
     * Earliest plausible event time, 2^28 s after the epoch (1978-07-04T21:24:16Z). RFC 8428 treats
     * SenML times below it as relative to "now"; for the JSON form it catches epoch seconds sent
     * where milliseconds are due and clocks reset to 1970, which would otherwise land silently in
     * the past.
     */
    static final long MIN_EPOCH_SECOND = 1L << 28;

    static final Instant MIN_EVENT_TIME = Instant.ofEpochSecond(MIN_EPOCH_SECOND);

    static final int MAX_READINGS = IngestOptions.MAX_READINGS_PER_MESSAGE;

    /** SenML spends up to four records (temp, rh, battery, door) on one reading. */
    static final int MAX_SENML_RECORDS = 4 * MAX_READINGS;

    /** The contract's shapes nest three deep; 64 leaves room for unknown extension fields. */
    static final int MAX_NESTING = 64;

    /** A rejected reading's raw text is kept up to the size the contract keeps for payloads. */
    static final int MAX_RAW_BYTES = IngestOptions.MAX_KEPT_PAYLOAD_BYTES;

    /** Sensor ids as sent are echoed in rejections; an absurd one is cut to this many chars. */
    static final int MAX_ECHOED_SENSOR = 256;

    private Limits() {}

    /** False for NaN and infinities as well as for values outside [min, max]. */
    static boolean within(double value, double min, double max) {
        return value >= min && value <= max;
    }

    static String echo(String sensor) {
        if (sensor == null || sensor.length() <= MAX_ECHOED_SENSOR) {
            return sensor;
        }
        return sensor.substring(0, MAX_ECHOED_SENSOR);
    }

    /** Renders a number for a rejection detail without the noise of Double.toString for integers. */
    static String show(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}

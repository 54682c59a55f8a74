package io.coldchain.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One temperature reading as taken by a sensor: the domain form of what a gateway published,
 * independent of the wire format (JSON or SenML) it came in.
 *
 * <p>{@code ts} is event time (when the probe measured), {@code receivedAt} is when the backend
 * took the message from the broker. Rules and records always use event time.
 *
 * @param rh relative humidity in %, or null when not reported
 * @param batteryV battery voltage, or null
 * @param doorOpen door contact, or null
 * @param seq the gateway's message sequence number, or null
 */
public record Reading(
        String tenant,
        String gateway,
        String sensor,
        Instant ts,
        double tempC,
        Double rh,
        Double batteryV,
        Boolean doorOpen,
        Long seq,
        Instant receivedAt) {

    public Reading {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** The natural key: a sensor measures once per instant; the first value stored wins. */
    public ReadingKey key() {
        return new ReadingKey(tenant, sensor, ts);
    }
}

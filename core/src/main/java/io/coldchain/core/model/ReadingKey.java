package io.coldchain.core.model;

import java.time.Instant;

/** The identity of a reading: tenant, sensor and event time. A second value for it is a conflict. */
public record ReadingKey(String tenant, String sensor, Instant ts) {}

package io.coldchain.simulator.gateway;

import java.time.Instant;

/** One reading as a gateway sends it: {@code ts} is the gateway's clock (simulated time plus its skew). */
public record SimReading(String sensor, Instant ts, double tempC, Double rh, Double batteryV, Boolean doorOpen) {}

package io.coldchain.simulator;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Instant;

/**
 * How to run a scenario.
 *
 * @param brokerUrl MQTT broker, e.g. tcp://localhost:1883
 * @param apiUrl base of the HTTP API (http://localhost:8080); null: do not register anything
 * @param token admin bearer token for the registry calls (needed with apiUrl)
 * @param tenant overrides the scenario's tenant (tests isolate themselves by tenant); null: the file's
 * @param seed makes a run reproducible
 * @param speed simulated seconds per real second (360: an hour in ten seconds); 0 or less: as fast as possible
 * @param mqttVersion 5 or 3 (3.1.1)
 * @param start the simulated start; null: now minus the scenario's duration (so the run ends at
 *     the real "now" it started from and no timestamp is ever ahead of the real clock)
 * @param live keep simulating in real time after the scenario ends, until stopped (demo)
 * @param deliveryFaults false: no outages, duplicates or malformed messages
 * @param meters where the simulator's metrics go
 * @param idSuffix appended to every lot and shipment id (null: none), so that a scenario can run
 *     again on a tenant that keeps the previous run's batches (e.g. {@code "-" + epoch minutes})
 */
public record SimOptions(
        String brokerUrl,
        URI apiUrl,
        String token,
        String tenant,
        long seed,
        double speed,
        int mqttVersion,
        Instant start,
        boolean live,
        boolean deliveryFaults,
        MeterRegistry meters,
        String idSuffix) {

    public static final double DEFAULT_SPEED = 360;

    /** Broker only, seed 1, speed 360, MQTT 5, start in the past, not live, with delivery faults. */
    public static SimOptions of(String brokerUrl) {
        return new SimOptions(
                brokerUrl, null, null, null, 1, DEFAULT_SPEED, 5, null, false, true, new SimpleMeterRegistry(), null);
    }

    public SimOptions withApi(URI api, String adminToken) {
        return new SimOptions(
                brokerUrl,
                api,
                adminToken,
                tenant,
                seed,
                speed,
                mqttVersion,
                start,
                live,
                deliveryFaults,
                meters,
                idSuffix);
    }

    public SimOptions withTenant(String t) {
        return new SimOptions(
                brokerUrl, apiUrl, token, t, seed, speed, mqttVersion, start, live, deliveryFaults, meters, idSuffix);
    }

    public SimOptions withSeed(long s) {
        return new SimOptions(
                brokerUrl, apiUrl, token, tenant, s, speed, mqttVersion, start, live, deliveryFaults, meters, idSuffix);
    }

    public SimOptions withSpeed(double s) {
        return new SimOptions(
                brokerUrl, apiUrl, token, tenant, seed, s, mqttVersion, start, live, deliveryFaults, meters, idSuffix);
    }

    public SimOptions withMqttVersion(int v) {
        return new SimOptions(
                brokerUrl, apiUrl, token, tenant, seed, speed, v, start, live, deliveryFaults, meters, idSuffix);
    }

    public SimOptions withStart(Instant s) {
        return new SimOptions(
                brokerUrl, apiUrl, token, tenant, seed, speed, mqttVersion, s, live, deliveryFaults, meters, idSuffix);
    }

    public SimOptions withLive(boolean l) {
        return new SimOptions(
                brokerUrl, apiUrl, token, tenant, seed, speed, mqttVersion, start, l, deliveryFaults, meters, idSuffix);
    }

    public SimOptions withDeliveryFaults(boolean f) {
        return new SimOptions(
                brokerUrl, apiUrl, token, tenant, seed, speed, mqttVersion, start, live, f, meters, idSuffix);
    }

    public SimOptions withMeters(MeterRegistry m) {
        return new SimOptions(
                brokerUrl, apiUrl, token, tenant, seed, speed, mqttVersion, start, live, deliveryFaults, m, idSuffix);
    }

    public SimOptions withIdSuffix(String suffix) {
        return new SimOptions(
                brokerUrl,
                apiUrl,
                token,
                tenant,
                seed,
                speed,
                mqttVersion,
                start,
                live,
                deliveryFaults,
                meters,
                suffix);
    }
}

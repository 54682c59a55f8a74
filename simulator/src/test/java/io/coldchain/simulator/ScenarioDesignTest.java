package io.coldchain.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.simulator.gateway.RecordingLinks;
import io.coldchain.simulator.scenario.Scenario;
import io.coldchain.simulator.scenario.ScenarioLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each shipped scenario, simulated with delivery faults, evaluated by {@link ReferenceAlerts}:
 * exactly its {@code expected_alerts}, starting inside their windows, for several seeds (the design
 * has margins, it does not depend on one seed's noise); no data gap over 10 minutes.
 */
class ScenarioDesignTest {
    static final Instant START = Instant.parse("2026-11-20T04:00:00Z");

    static List<Arguments> runs() {
        return ScenarioLoader.SHIPPED.stream()
                .flatMap(n -> java.util.stream.Stream.of(1L, 7L, 2026L).map(seed -> Arguments.of(n, seed)))
                .toList();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("runs")
    void producesExactlyItsExpectedAlerts(String name, long seed) {
        Scenario s = ScenarioLoader.load(name);
        RecordingLinks links = new RecordingLinks();
        new FleetSimulation(s, START, seed, true, false, links, new SimStats(new SimpleMeterRegistry())).runToEnd();
        Set<String> sensorIds = s.sensors().stream().map(Scenario.Sensor::id).collect(Collectors.toSet());
        Map<String, TreeMap<Instant, PublishedReadings.Value>> readings =
                PublishedReadings.decode(links.published(), sensorIds);
        ReferenceAlerts ref = new ReferenceAlerts(s, START);
        List<ReferenceAlerts.Alert> found = ref.evaluate(readings);

        StringBuilder report = new StringBuilder(name + " seed " + seed + "\n");
        readings.forEach((sensor, series) -> {
            double min = series.values().stream()
                    .mapToDouble(PublishedReadings.Value::tempC)
                    .min()
                    .orElse(Double.NaN);
            double max = series.values().stream()
                    .mapToDouble(PublishedReadings.Value::tempC)
                    .max()
                    .orElse(Double.NaN);
            report.append(String.format("  %-16s n=%4d min %6.2f max %6.2f%n", sensor, series.size(), min, max));
        });
        found.forEach(a -> report.append("  found ")
                .append(a.key())
                .append(" from +")
                .append(Duration.between(START, a.start()).toMinutes())
                .append(" min\n"));
        System.out.print(report);

        Set<String> expected = new TreeSet<>();
        for (Scenario.ExpectedAlert e : s.expectedAlerts()) {
            expected.add(new ReferenceAlerts.Alert(
                            e.profile(),
                            e.rule().kind(),
                            e.rule().threshold(),
                            e.rule().severity(),
                            e.sensor(),
                            Set.copyOf(e.batches()),
                            Set.copyOf(e.shipments()),
                            null)
                    .key());
            ReferenceAlerts.Alert match = found.stream()
                    .filter(a ->
                            a.sensor() == null ? e.sensor() == null : a.sensor().equals(e.sensor()))
                    .filter(a -> a.kind().equals(e.rule().kind())
                            && a.thresholdC() == e.rule().threshold()
                            && a.profile().equals(e.profile())
                            && a.batches().equals(Set.copyOf(e.batches())))
                    .findFirst()
                    .orElse(null);
            if (match != null && e.startsAfter() != null) {
                assertThat(match.start())
                        .as("start of %s", match.key())
                        .isBetween(ref.at(e.startsAfter()), ref.at(e.startsBefore()));
            }
        }
        Set<String> foundKeys =
                found.stream().map(ReferenceAlerts.Alert::key).collect(Collectors.toCollection(TreeSet::new));
        assertThat(foundKeys).as(report.toString()).isEqualTo(expected);
        assertThat(ref.ambiguous)
                .as("cumulative budgets reached under one reading of 'per batch' only")
                .isEmpty();
        assertThat(ref.thin)
                .as(
                        "designs within %s of a delay, %s °C of an immediate threshold or %s of a budget",
                        ReferenceAlerts.DELAY_MARGIN, ReferenceAlerts.TEMP_MARGIN, ReferenceAlerts.BUDGET_MARGIN)
                .isEmpty();
        readings.forEach((sensor, series) -> {
            Instant prev = null;
            for (Instant t : series.keySet()) {
                if (prev != null) {
                    assertThat(Duration.between(prev, t))
                            .as("gap in %s at %s", sensor, prev)
                            .isLessThanOrEqualTo(Duration.ofMinutes(10));
                }
                prev = t;
            }
            assertThat(series.lastKey())
                    .as("%s reports until the end", sensor)
                    .isAfter(ref.at(s.duration()).minus(Duration.ofMinutes(10)));
        });
    }
}

package io.coldchain.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coldchain.simulator.gateway.RecordingLinks;
import io.coldchain.simulator.scenario.Scenario;
import io.coldchain.simulator.scenario.ScenarioLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The runner against the real clock: it catches up, goes on live past the scenario, and stops cleanly. */
class ScenarioRunnerLiveTest {
    @Test
    void liveRunCatchesUpThenFollowsTheRealClockUntilStopped() throws Exception {
        Scenario full = ScenarioLoader.load("raw-milk-collection");
        Scenario s = new Scenario(
                full.name(),
                null,
                "live-test",
                "0:30",
                full.stepS(),
                full.sites(),
                full.products(),
                full.batches(),
                full.assets(),
                full.gateways(),
                full.sensors(),
                full.shipments(),
                full.placements(),
                full.faults(),
                full.expectedAlerts(),
                null);
        Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        RecordingLinks links = new RecordingLinks();
        SimStats stats = new SimStats(new SimpleMeterRegistry());
        ScenarioRunner.Handle h = ScenarioRunner.run(
                s, start, SimOptions.of("tcp://unused:1").withSpeed(0).withLive(true), links, stats);
        // Past the scenario's 30 minutes and up to the real clock, within seconds.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> h.simulatedNow().isAfter(Instant.now().minusSeconds(60)));
        assertThat(h.done()).isFalse();
        h.stop();
        assertThat(h.done()).isTrue();
        Map<String, TreeMap<Instant, PublishedReadings.Value>> r =
                PublishedReadings.decode(links.published(), Set.of("tanker-07-outlet"));
        Instant last = r.get("tanker-07-outlet").lastKey();
        assertThat(last)
                .isAfter(start.plus(Duration.ofMinutes(50)))
                .isBefore(Instant.now().plusSeconds(1));
        assertThat(links.events().get(links.events().size() - 1).event()).isEqualTo("close");
    }
}

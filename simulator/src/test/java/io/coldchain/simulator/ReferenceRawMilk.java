package io.coldchain.simulator;

import io.coldchain.core.profile.Rule;
import io.coldchain.simulator.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reference reading of the raw-milk rules (contract §8), per batch, counted from its
 * {@code produced}: {@code not_cooled_within} (no moment within the window at which every probe of
 * the asset carrying it, that has reported, last read at or below the threshold) and
 * {@code age_above} (not delivered to, or placed at, a site of kind plant within the age). Each is
 * judged once the readings of the probes carrying the batch pass the deadline.
 */
final class ReferenceRawMilk {
    private final Scenario s;
    private final Instant start;
    private final List<ReferenceAlerts.Leg> legs;
    private final Map<String, TreeMap<Instant, PublishedReadings.Value>> readings;
    private final List<String> thin;

    ReferenceRawMilk(
            Scenario s,
            Instant start,
            List<ReferenceAlerts.Leg> legs,
            Map<String, TreeMap<Instant, PublishedReadings.Value>> readings,
            List<String> thin) {
        this.s = s;
        this.start = start;
        this.legs = legs;
        this.readings = readings;
        this.thin = thin;
    }

    Optional<ReferenceAlerts.Alert> evaluate(String lot, String profile, Rule rule) {
        Scenario.Batch batch = s.batches().stream()
                .filter(b -> b.lot().equals(lot))
                .findFirst()
                .orElseThrow();
        Instant produced = at(batch.produced());
        Instant deadline = produced.plus(rule.delay());
        boolean broken = rule.kind() == Rule.Kind.AGE_ABOVE
                ? tooOld(lot, deadline)
                : seenUntil(lot) != null
                        && !seenUntil(lot).isBefore(deadline)
                        && !cooled(lot, produced, deadline, rule);
        if (!broken) {
            return Optional.empty();
        }
        return Optional.of(new ReferenceAlerts.Alert(
                profile,
                rule.kind().wire(),
                rule.thresholdC(),
                rule.severity().wire(),
                null,
                Set.of(lot),
                Set.of(),
                produced));
    }

    private boolean tooOld(String lot, Instant deadline) {
        Instant atPlant = null;
        for (Scenario.Shipment sh : s.shipments()) {
            if (sh.batches().contains(lot) && sh.arrived() != null && isPlant(sh.destination())) {
                atPlant = earliest(atPlant, at(sh.arrived()));
            }
        }
        for (Scenario.Placement p : s.placements()) {
            String site = s.assets().stream()
                    .filter(a -> a.id().equals(p.asset()))
                    .findFirst()
                    .orElseThrow()
                    .site();
            if (p.lot().equals(lot) && isPlant(site)) {
                atPlant = earliest(atPlant, at(p.from()));
            }
        }
        if (atPlant != null) {
            margin(lot, "reaches a plant", atPlant, deadline);
            return atPlant.isAfter(deadline);
        }
        Instant seen = seenUntil(lot);
        return seen != null && seen.isAfter(deadline);
    }

    private boolean cooled(String lot, Instant produced, Instant deadline, Rule rule) {
        for (ReferenceAlerts.Leg leg : legs) {
            if (!leg.lot().equals(lot)) {
                continue;
            }
            // Every reading of the leg's probes in the window, in time order, keeping each probe's last value.
            TreeMap<Instant, Map<String, Double>> byTime = new TreeMap<>();
            for (Scenario.Sensor sensor : s.sensors()) {
                if (!sensor.asset().equals(leg.asset())) {
                    continue;
                }
                readings.getOrDefault(sensor.id(), new TreeMap<>()).forEach((t, v) -> {
                    if (leg.covers(t) && !t.isBefore(produced) && !t.isAfter(deadline)) {
                        byTime.computeIfAbsent(t, k -> new TreeMap<>()).put(sensor.id(), v.tempC());
                    }
                });
            }
            Map<String, Double> last = new TreeMap<>();
            for (Map.Entry<Instant, Map<String, Double>> e : byTime.entrySet()) {
                last.putAll(e.getValue());
                if (last.values().stream().allMatch(v -> v <= rule.thresholdC())) {
                    margin(lot, "is cooled", e.getKey(), deadline);
                    return true;
                }
            }
        }
        return false;
    }

    /** The latest reading of a probe while it carried the batch. */
    private Instant seenUntil(String lot) {
        Instant seen = null;
        for (ReferenceAlerts.Leg leg : legs) {
            if (!leg.lot().equals(lot)) {
                continue;
            }
            for (Scenario.Sensor sensor : s.sensors()) {
                if (sensor.asset().equals(leg.asset())) {
                    for (Instant t :
                            readings.getOrDefault(sensor.id(), new TreeMap<>()).keySet()) {
                        if (leg.covers(t) && (seen == null || t.isAfter(seen))) {
                            seen = t;
                        }
                    }
                }
            }
        }
        return seen;
    }

    private void margin(String lot, String what, Instant when, Instant deadline) {
        if (Duration.between(when, deadline).abs().compareTo(ReferenceAlerts.DELAY_MARGIN) < 0) {
            thin.add(lot + " " + what + " at " + when + ", within " + ReferenceAlerts.DELAY_MARGIN + " of " + deadline);
        }
    }

    private boolean isPlant(String site) {
        return site != null && s.sites().stream().anyMatch(x -> x.id().equals(site) && "plant".equals(x.kind()));
    }

    private Instant at(String offset) {
        return start.plus(io.coldchain.simulator.scenario.Offset.parse("t", offset));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}

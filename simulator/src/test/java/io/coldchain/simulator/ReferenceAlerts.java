package io.coldchain.simulator;

import io.coldchain.core.profile.DefaultProfiles;
import io.coldchain.core.profile.Profile;
import io.coldchain.core.profile.Rule;
import io.coldchain.simulator.scenario.Offset;
import io.coldchain.simulator.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A small, independent reading of the domain's alert semantics (domain.md, "Alert semantics"),
 * used only to check that a shipped scenario is designed to raise exactly its
 * {@code expected_alerts}: consecutive episodes per sensor and rule (hysteresis 0.3 °C, 3 % RH, none for
 * a door; a 5 min clear period, gaps count as beyond), cumulative time per batch, and the raw-milk
 * rules per batch ({@link ReferenceRawMilk}). The backend's own engine is
 * what the end-to-end tests check; this keeps the scenario files honest on their own.
 */
final class ReferenceAlerts {
    static final double HYSTERESIS = 0.3;
    /** Humidity probes are good to about ±2 % RH: a 3 % RH band. */
    static final double RH_HYSTERESIS = 3.0;

    static final Duration CLEAR = Duration.ofMinutes(5);
    /** A reading stands for at most this long in cumulative sums (a gap is not exposure we can measure). */
    static final Duration MAX_STEP = Duration.ofMinutes(10);

    /** One designed or found alert. {@code sensor} is null for cumulative (per batch) alerts. */
    record Alert(
            String profile,
            String kind,
            double thresholdC,
            String severity,
            String sensor,
            Set<String> batches,
            Set<String> shipments,
            Instant start) {
        String key() {
            return profile + " " + kind + " " + thresholdC + " " + severity + " " + sensor + " " + batches + " "
                    + shipments;
        }
    }

    /** Where a batch is: on {@code asset} during [from, to), via {@code shipment} (null for a placement). */
    record Leg(String lot, String asset, Instant from, Instant to, String shipment) {
        boolean covers(Instant t) {
            return !t.isBefore(from) && (to == null || t.isBefore(to));
        }
    }

    private final Scenario s;
    private final Instant start;
    private final List<Leg> legs = new ArrayList<>();
    private final Map<String, String> profileOfLot = new TreeMap<>();
    /** Results of ambiguous cumulative designs (fires under one reading of "per batch" and not another). */
    final List<String> ambiguous = new ArrayList<>();
    /** Designs too close to a rule's edge: a little more noise or another seed could flip them. */
    final List<String> thin = new ArrayList<>();

    static final Duration DELAY_MARGIN = Duration.ofMinutes(8);
    static final double TEMP_MARGIN = 0.5;
    static final Duration BUDGET_MARGIN = Duration.ofMinutes(15);

    ReferenceAlerts(Scenario s, Instant start) {
        this.s = s;
        this.start = start;
        Map<String, String> profileOfSku = new TreeMap<>();
        s.products().forEach(p -> profileOfSku.put(p.sku(), p.profile()));
        s.batches().forEach(b -> profileOfLot.put(b.lot(), profileOfSku.get(b.sku())));
        for (Scenario.Shipment sh : s.shipments()) {
            for (String lot : sh.batches()) {
                legs.add(new Leg(
                        lot, sh.asset(), at(sh.departed()), sh.arrived() == null ? null : at(sh.arrived()), sh.id()));
            }
        }
        for (Scenario.Placement p : s.placements()) {
            legs.add(new Leg(p.lot(), p.asset(), at(p.from()), p.to() == null ? null : at(p.to()), null));
        }
    }

    Instant at(String offset) {
        return start.plus(Offset.parse("t", offset));
    }

    private static Profile profile(String id) {
        return DefaultProfiles.all().stream()
                .filter(p -> p.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private List<Leg> on(String asset, String profile, Instant t) {
        return legs.stream()
                .filter(l -> l.asset().equals(asset) && l.covers(t) && profile.equals(profileOfLot.get(l.lot())))
                .toList();
    }

    List<Alert> evaluate(Map<String, TreeMap<Instant, PublishedReadings.Value>> readings) {
        List<Alert> out = new ArrayList<>();
        Set<String> profiles = new TreeSet<>(profileOfLot.values());
        s.assets().stream().filter(a -> a.profile() != null).forEach(a -> profiles.add(a.profile()));
        for (Scenario.Sensor sensor : s.sensors()) {
            TreeMap<Instant, PublishedReadings.Value> series = readings.getOrDefault(sensor.id(), new TreeMap<>());
            for (String pid : profiles) {
                for (Rule rule : profile(pid).rules()) {
                    if (rule.kind().sensorEpisodes()) {
                        out.addAll(episodes(sensor, pid, rule, series));
                    }
                }
            }
        }
        for (Map.Entry<String, String> lot : profileOfLot.entrySet()) {
            for (Rule rule : profile(lot.getValue()).rules()) {
                if (rule.kind().cumulative()) {
                    cumulative(lot.getKey(), lot.getValue(), rule, readings).ifPresent(out::add);
                } else if (rule.kind().sinceProduced()) {
                    new ReferenceRawMilk(s, start, legs, readings, thin)
                            .evaluate(lot.getKey(), lot.getValue(), rule)
                            .ifPresent(out::add);
                }
            }
        }
        return out;
    }

    private boolean beyond(Rule r, double t) {
        return switch (r.kind()) {
            case DOOR_OPEN -> t > 0.5;
            default -> r.kind().upward() ? t > r.thresholdC() : t < r.thresholdC();
        };
    }

    private boolean cleared(Rule r, double t) {
        return switch (r.kind()) {
            case DOOR_OPEN -> t < 0.5;
            case HUMIDITY_ABOVE -> t <= r.thresholdC() - RH_HYSTERESIS;
            default -> r.kind().upward() ? t <= r.thresholdC() - HYSTERESIS : t >= r.thresholdC() + HYSTERESIS;
        };
    }

    /** The value a per-sensor rule watches in a reading: temperature, % RH, door open as 1; null when absent. */
    private static Double value(Rule r, PublishedReadings.Value v) {
        return switch (r.kind()) {
            case HUMIDITY_ABOVE -> v.rh();
            case DOOR_OPEN -> v.doorOpen() == null ? null : v.doorOpen() ? 1.0 : 0.0;
            default -> v.tempC();
        };
    }

    private List<Alert> episodes(
            Scenario.Sensor sensor, String pid, Rule rule, TreeMap<Instant, PublishedReadings.Value> series) {
        List<Alert> out = new ArrayList<>();
        Instant epStart = null;
        Instant lastIn = null;
        Instant clearAt = null;
        Set<String> lots = new TreeSet<>();
        Set<String> ships = new TreeSet<>();
        double extreme = Double.NaN;
        for (Map.Entry<Instant, PublishedReadings.Value> e : series.entrySet()) {
            Instant t = e.getKey();
            Double watched = value(rule, e.getValue());
            if (watched == null) {
                continue; // a reading without humidity or door contact says nothing about them
            }
            double v = watched;
            List<Leg> here = on(sensor.asset(), pid, t);
            boolean applies = !here.isEmpty();
            if (epStart != null && clearAt != null && (!applies || !t.isBefore(clearAt.plus(CLEAR)))) {
                close(out, sensor, pid, rule, epStart, clearAt, lots, ships);
                epStart = null;
            }
            if (epStart != null && !applies) {
                close(out, sensor, pid, rule, epStart, lastIn, lots, ships);
                epStart = null;
            }
            if (!applies) {
                continue;
            }
            extreme = Double.isNaN(extreme) ? v : rule.kind().upward() ? Math.max(extreme, v) : Math.min(extreme, v);
            if (beyond(rule, v)) {
                if (epStart == null) {
                    epStart = t;
                    lots = new TreeSet<>();
                    ships = new TreeSet<>();
                }
                clearAt = null;
                for (Leg l : here) {
                    lots.add(l.lot());
                    if (l.shipment() != null) {
                        ships.add(l.shipment());
                    }
                }
            } else if (epStart != null && clearAt == null && cleared(rule, v)) {
                clearAt = t;
            }
            lastIn = t;
        }
        if (epStart != null) {
            close(out, sensor, pid, rule, epStart, clearAt != null ? clearAt : lastIn, lots, ships);
        }
        // An immediate rule: the peak (or trough) must be clearly past the threshold or clearly short of it.
        if (rule.delay().isZero() && !Double.isNaN(extreme) && Math.abs(extreme - rule.thresholdC()) < TEMP_MARGIN) {
            thin.add(sensor.id() + " " + rule.kind().wire() + " " + rule.thresholdC() + " extreme reading " + extreme);
        }
        return out;
    }

    private void close(
            List<Alert> out,
            Scenario.Sensor sensor,
            String pid,
            Rule rule,
            Instant from,
            Instant to,
            Set<String> lots,
            Set<String> ships) {
        Duration lasted = Duration.between(from, to);
        if (!rule.delay().isZero()
                && lasted.compareTo(rule.delay().minus(DELAY_MARGIN)) > 0
                && lasted.compareTo(rule.delay().plus(DELAY_MARGIN)) < 0) {
            thin.add(sensor.id() + " " + rule.kind().wire() + " " + rule.thresholdC() + " episode of "
                    + lasted.toMinutes() + " min at " + from);
        }
        if (lasted.compareTo(rule.delay()) >= 0) {
            out.add(new Alert(
                    pid,
                    rule.kind().wire(),
                    rule.thresholdC(),
                    rule.severity().wire(),
                    sensor.id(),
                    Set.copyOf(lots),
                    Set.copyOf(ships),
                    from));
        }
    }

    private java.util.Optional<Alert> cumulative(
            String lot, String pid, Rule rule, Map<String, TreeMap<Instant, PublishedReadings.Value>> readings) {
        Map<String, Duration> perSensor = new TreeMap<>();
        Instant first = null;
        for (Scenario.Sensor sensor : s.sensors()) {
            TreeMap<Instant, PublishedReadings.Value> series = readings.getOrDefault(sensor.id(), new TreeMap<>());
            Duration sum = Duration.ZERO;
            Map.Entry<Instant, PublishedReadings.Value> prev = null;
            for (Map.Entry<Instant, PublishedReadings.Value> e : series.entrySet()) {
                if (prev != null
                        && beyond(rule, prev.getValue().tempC())
                        && legs.stream()
                                .anyMatch(l -> l.lot().equals(lot)
                                        && l.asset().equals(sensor.asset())
                                        && l.covers(e.getKey()))) {
                    Duration d = Duration.between(prev.getKey(), e.getKey());
                    sum = sum.plus(d.compareTo(MAX_STEP) > 0 ? MAX_STEP : d);
                    first = first == null || prev.getKey().isBefore(first) ? prev.getKey() : first;
                }
                prev = e;
            }
            perSensor.put(sensor.id(), sum);
        }
        // Lower bound: the longest per sensor on each asset, summed over assets; upper: every sensor summed.
        Map<String, Duration> perAsset = new TreeMap<>();
        for (Scenario.Sensor sensor : s.sensors()) {
            perAsset.merge(sensor.asset(), perSensor.get(sensor.id()), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        Duration low = perAsset.values().stream().reduce(Duration.ZERO, Duration::plus);
        Duration high = perSensor.values().stream().reduce(Duration.ZERO, Duration::plus);
        boolean fireLow = low.compareTo(rule.budget()) >= 0;
        boolean fireHigh = high.compareTo(rule.budget()) >= 0;
        if (low.compareTo(rule.budget().minus(BUDGET_MARGIN)) > 0
                        && low.compareTo(rule.budget().plus(BUDGET_MARGIN)) < 0
                || high.compareTo(rule.budget().minus(BUDGET_MARGIN)) > 0
                        && high.compareTo(rule.budget().plus(BUDGET_MARGIN)) < 0) {
            thin.add(lot + " " + rule.kind().wire() + " " + rule.thresholdC() + ": " + low.toMinutes() + ".."
                    + high.toMinutes() + " min");
        }
        if (fireLow != fireHigh) {
            ambiguous.add(lot + " " + rule.kind().wire() + " " + rule.thresholdC() + ": " + low.toMinutes() + ".."
                    + high.toMinutes() + " min");
        }
        if (!fireLow) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Alert(
                pid,
                rule.kind().wire(),
                rule.thresholdC(),
                rule.severity().wire(),
                null,
                Set.of(lot),
                Set.of(),
                first));
    }
}

package io.coldchain.alerting.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.alerting.eval.QuietVerdicts.Verdict;
import io.coldchain.alerting.rules.Sample;
import io.coldchain.core.changes.ChangedRanges;
import io.coldchain.core.changes.ReadingChangeStore.Change;
import io.coldchain.core.config.AlertingOptions;
import io.coldchain.core.model.Reading;
import io.coldchain.core.profile.DefaultProfiles;
import io.coldchain.core.profile.Profile;
import io.coldchain.core.profile.Rule;
import io.coldchain.core.profile.Rule.Kind;
import io.coldchain.core.profile.Rule.Severity;
import io.coldchain.registry.attribution.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The quiet path's decision from what ingest queued about a change ({@link QuietVerdicts#passesUnread})
 * against its decision from the readings themselves ({@link QuietVerdicts#changesNothing}, the rules' own
 * functions): it never passes what the readings would not, and where every value is exact in a float
 * it passes exactly what they would.
 */
class QuietPathSummaryTest {
    private static final Instant Q = Instant.parse("2026-12-04T06:00:00Z");
    private static final Duration ALLOWED = Duration.ofMinutes(10);

    private final AlertingOptions options = AlertingOptions.defaults();
    private final QuietVerdicts quiet = new QuietVerdicts(options);

    @Test
    void never_passes_what_the_readings_would_not_and_passes_what_they_would() {
        Random random = new Random(4_12_2026);
        List<List<Profile>> applied = new ArrayList<>();
        DefaultProfiles.all().forEach(p -> applied.add(List.of(p)));
        applied.add(DefaultProfiles.all());
        applied.add(List.of(sensorRules()));
        int passed = 0;
        int evaluated = 0;
        int readBack = 0;
        for (int round = 0; round < 20_000; round++) {
            List<Profile> profiles = applied.get(random.nextInt(applied.size()));
            Segment where = new Segment(
                    Q, Q.plus(Duration.ofDays(2)), "room-1", "cold_room", "store-1", "320300", List.of(), profiles);
            List<Reading> readings = randomReadings(random, profiles);
            Change ch = summarised(readings);
            Instant received = readings.get(0).receivedAt();
            Verdict unread = quiet.passesUnread(ch, where, Q, ALLOWED, received.plusSeconds(5));
            boolean nothing = quiet.changesNothing(where, Q, ALLOWED, samples(readings));
            // Every value below is a multiple of 0.25 and every reception the same whole second: both agree.
            assertThat(unread == Verdict.PASS)
                    .as(
                            "round %d: %s under %s",
                            round, readings, profiles.stream().map(Profile::id).toList())
                    .isEqualTo(nothing);
            if (unread == Verdict.READ_BACK) {
                // Left to the readings only when the summary's silence exceeds the allowed one.
                assertThat(Duration.ofMillis(ch.summary().gapMillis())).isGreaterThan(ALLOWED);
                readBack++;
            }
            if (nothing) {
                passed++;
                // Received longer ago than the sensor may be silent: only the sensor's newest reading may say.
                assertThat(quiet.passesUnread(
                                ch, where, Q, ALLOWED, received.plus(ALLOWED).plusSeconds(1)))
                        .isEqualTo(Verdict.RECEIVED_LONG_AGO);
            } else {
                evaluated++;
            }
        }
        // Both answers were exercised, not one of them alone.
        assertThat(passed).isGreaterThan(2_000);
        assertThat(evaluated).isGreaterThan(2_000);
        assertThat(readBack).as("silences the summary leaves to the readings").isGreaterThan(50);
    }

    @Test
    void values_no_float_holds_err_only_towards_the_full_evaluation() {
        Random random = new Random(20261204);
        int differ = 0;
        for (int round = 0; round < 20_000; round++) {
            List<Profile> profiles = random.nextBoolean() ? DefaultProfiles.all() : List.of(sensorRules());
            Segment where = new Segment(
                    Q, Q.plus(Duration.ofDays(2)), "room-1", "cold_room", "store-1", "320300", List.of(), profiles);
            List<Reading> readings = new ArrayList<>();
            Instant ts = Q;
            for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
                ts = ts.plusMillis(1 + random.nextInt(11 * 60_000));
                // Tenths and hundredths near the thresholds (2.8 V, 8 °C, 75 %): most have no exact float.
                readings.add(reading(
                        ts,
                        7 + random.nextInt(200) / 100.0,
                        74 + random.nextInt(20) / 10.0,
                        2.7 + random.nextInt(20) / 100.0,
                        random.nextInt(8) == 0,
                        Q));
            }
            Change ch = summarised(readings);
            Verdict unread = quiet.passesUnread(ch, where, Q, ALLOWED, Q.plusSeconds(1));
            boolean nothing = quiet.changesNothing(where, Q, ALLOWED, samples(readings));
            if (unread == Verdict.PASS || unread == Verdict.RECEIVED_LONG_AGO) {
                assertThat(nothing).as("round %d: %s", round, readings).isTrue();
            } else if (nothing) {
                differ++;
            }
        }
        // The rounding is outward: a few values at a threshold go to the full evaluation needlessly.
        assertThat(differ).isLessThan(2_000);
    }

    @Test
    void a_change_whose_temperatures_are_unknown_or_whose_profile_counts_since_production_is_evaluated() {
        List<Reading> readings = List.of(reading(Q.plusSeconds(60), 4, null, null, null, Q));
        Change ch = summarised(readings);
        Segment cold = new Segment(
                Q,
                Q.plus(Duration.ofDays(1)),
                "room-1",
                "cold_room",
                "store-1",
                "320300",
                List.of(),
                List.of(sensorRules()));
        assertThat(quiet.passesUnread(ch, cold, Q, ALLOWED, Q.plusSeconds(61))).isEqualTo(Verdict.PASS);
        Change unknown = new Change(0, 1, ch.from(), ch.to(), Float.NaN, Float.NaN, ch.summary());
        assertThat(quiet.passesUnread(unknown, cold, Q, ALLOWED, Q.plusSeconds(61)))
                .isEqualTo(Verdict.FULL_EVALUATION);
        Profile aged = new Profile(
                "aged", "Aged", 0.0, 4.0, List.of(Rule.timed(Kind.AGE_ABOVE, 0, Duration.ofDays(3), Severity.WARNING)));
        Segment milk =
                new Segment(Q, Q.plus(Duration.ofDays(1)), "tank-1", "tanker", null, null, List.of(), List.of(aged));
        assertThat(quiet.passesUnread(ch, milk, Q, ALLOWED, Q.plusSeconds(61))).isEqualTo(Verdict.FULL_EVALUATION);
    }

    /** A profile with every per-sensor kind besides temperature: humidity, door, a stability budget. */
    private static Profile sensorRules() {
        return new Profile(
                "produce",
                "Produce room",
                2.0,
                8.0,
                List.of(
                        Rule.timed(Kind.ABOVE, 8, Duration.ofMinutes(30), Severity.WARNING),
                        Rule.timed(Kind.BELOW, 1.5, Duration.ofMinutes(30), Severity.WARNING),
                        Rule.timed(Kind.HUMIDITY_ABOVE, 75, Duration.ofHours(1), Severity.WARNING),
                        Rule.timed(Kind.DOOR_OPEN, 0, Duration.ofMinutes(10), Severity.WARNING),
                        Rule.cumulative(Kind.CUMULATIVE_ABOVE, 6.5, Duration.ofHours(2), Severity.CRITICAL)));
    }

    /**
     * One to six readings after Q, most in range: each value is a multiple of 0.25 drawn near the
     * profiles' thresholds, so that some go beyond; silences up to 12 minutes against 10 allowed.
     */
    private static List<Reading> randomReadings(Random random, List<Profile> profiles) {
        List<Double> thresholds = profiles.stream()
                .flatMap(p -> p.rules().stream())
                .filter(r -> r.kind().threshold() == Rule.Threshold.CELSIUS)
                .map(Rule::thresholdC)
                .toList();
        Instant received = Q.plusSeconds(3_600);
        List<Reading> out = new ArrayList<>();
        Instant ts = Q;
        for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
            ts = ts.plusSeconds(random.nextInt(random.nextInt(8) == 0 ? 13 * 60 : 9 * 60) + 1);
            double near = thresholds.isEmpty() ? 4 : thresholds.get(random.nextInt(thresholds.size()));
            // Mostly well inside (the quiet case), sometimes within a degree of a threshold either side.
            double t = random.nextInt(3) == 0 ? near + (random.nextInt(9) - 4) * 0.25 : midpoint(profiles, near);
            out.add(reading(
                    ts,
                    t,
                    random.nextBoolean() ? 60 + random.nextInt(80) * 0.25 : null,
                    random.nextBoolean() ? 2.5 + random.nextInt(5) * 0.25 : null,
                    random.nextInt(5) == 0 ? null : random.nextInt(10) == 0,
                    received));
        }
        return out;
    }

    /** The middle of the first profile's range, to a quarter degree: in range for that profile. */
    private static double midpoint(List<Profile> profiles, double fallback) {
        Profile p = profiles.get(0);
        if (p.minC() == null || p.maxC() == null) {
            return fallback;
        }
        return Math.round((p.minC() + p.maxC()) * 2) / 4.0;
    }

    private static Change summarised(List<Reading> readings) {
        ChangedRanges ranges = new ChangedRanges();
        readings.forEach(r -> ranges.add(1, r));
        return ranges.changes(true).get(0);
    }

    private static List<Sample> samples(List<Reading> readings) {
        return readings.stream().map(SensorEvaluator::sample).toList();
    }

    private static Reading reading(Instant ts, double tempC, Double rh, Double batteryV, Boolean door, Instant rx) {
        return new Reading("acme", "gw-1", "s-1", ts, tempC, rh, batteryV, door, null, rx);
    }
}

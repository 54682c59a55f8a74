package io.coldchain.alerting.eval;

import io.coldchain.alerting.rules.Episode;
import io.coldchain.alerting.rules.Gap;
import io.coldchain.alerting.rules.GapDetector;
import io.coldchain.alerting.rules.Sample;
import io.coldchain.alerting.store.AlertRecord;
import io.coldchain.alerting.store.NewAlert;
import io.coldchain.core.config.AlertingOptions;
import io.coldchain.core.readings.ReadingQueryStore;
import io.coldchain.core.readings.ReadingQueryStore.Latest;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.attribution.Segment;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Data gaps while the sensor is on an asset. A silence still going on counts only when the
 * gateway too has been silent that long in wall-clock time: a gateway replaying its backlog is
 * delivering, and the backlog may fill the silence (an accelerated simulation likewise).
 */
final class GapCheck {
    private final AlertingOptions options;
    private final AttributionStore attribution;
    private final ReadingQueryStore readings;
    private final AllowedSilence silence;
    private final EpisodeApplier applier;

    GapCheck(
            AlertingOptions options,
            AttributionStore attribution,
            ReadingQueryStore readings,
            AllowedSilence silence,
            EpisodeApplier applier) {
        this.options = options;
        this.attribution = attribution;
        this.readings = readings;
        this.silence = silence;
        this.applier = applier;
    }

    /**
     * What the gap check did and saw: its outcome, the allowed silence at the window's end, the
     * sensor's newest reading, and whether a gap in the window is still open or not yet settled (so
     * that a later evaluation may still raise or change it).
     */
    record Result(Outcome outcome, Duration allowed, Optional<Latest> latest, boolean pendingGap) {}

    Result evaluate(SensorWindow w, List<Sample> samples) throws SQLException {
        Segment last = w.segments().get(w.segments().size() - 1);
        Duration allowed = allowedSilence(w, last);
        Optional<Latest> latest = readings.latest(w.c(), w.sensorId());
        Instant gapNow = w.now();
        if (latest.isPresent()
                && Duration.between(latest.get().receivedAt(), w.now()).compareTo(allowed) <= 0) {
            // Still reporting in wall-clock time: no silence goes on now. The end is the last sample we
            // read, not the newest reading: one committed (by a sibling instance) after the samples were
            // read would otherwise make the hole before it look like an open gap.
            gapNow = samples.isEmpty()
                    ? latest.get().ts()
                    : samples.get(samples.size() - 1).ts();
        }
        List<Episode> fired = new ArrayList<>();
        boolean pending = false;
        for (Gap g : GapDetector.gaps(samples, allowed, gapNow)) {
            pending |= g.open();
            if (!settled(w, g)) {
                pending = true;
                // Not yet: a sibling instance (or a redelivery) may still be committing readings that fill
                // the hole. Any later reading of this sensor, or the live gap sweep once it goes silent,
                // evaluates it again; an alert already raised for it is kept as it is.
                Optional<AlertRecord> raised = w.stored().stream()
                        .filter(a ->
                                a.ruleKey().equals(RuleKey.GAP) && a.startedAt().equals(g.start()))
                        .findFirst();
                if (raised.isEmpty()) {
                    continue;
                }
            }
            // An open gap's "last out" is its start: it must not change with every sweep.
            Instant lastOut = g.end() != null ? g.end() : g.start();
            fired.add(new Episode(
                    g.start(), g.end(), lastOut, 0.0, g.start(), g.start().plus(allowed)));
        }
        int minutes = (int) allowed.toMinutes();
        Outcome outcome = applier.apply(
                w,
                RuleKey.GAP,
                fired,
                (ep, where) -> new NewAlert(
                        null,
                        RuleKey.GAP,
                        "gap",
                        "warning",
                        null,
                        minutes,
                        null,
                        List.of(),
                        null,
                        null,
                        where.asset(),
                        where.site(),
                        null,
                        ep.start(),
                        ep.end(),
                        ep.lastOut(),
                        ep.firedAt(),
                        null,
                        null,
                        null,
                        List.of()));
        return new Result(outcome, allowed, latest, pending);
    }

    /**
     * A closed hole is real once both readings around it were received at least the settle time ago
     * (alert.gap.settle): readings of one gateway split between instances, or redelivered, arrive
     * within seconds of each other, so a hole that is still there after that is a true silence.
     */
    private boolean settled(SensorWindow w, Gap g) {
        if (g.open()) {
            return true; // judged in wall-clock time already (the gateway's silence)
        }
        Instant limit = w.now().minus(options.gapSettle());
        Instant before = w.receivedAt().get(g.start());
        Instant after = w.receivedAt().get(g.end());
        return (before == null || !before.isAfter(limit)) && (after == null || !after.isAfter(limit));
    }

    private Duration allowedSilence(SensorWindow w, Segment where) throws SQLException {
        return allowedSilence(w.c(), w.tenant(), w.sensor(), where);
    }

    /** The longest silence allowed to {@code sensor} while it is where {@code where} says. */
    Duration allowedSilence(Connection c, String tenant, String sensor, Segment where) throws SQLException {
        Integer expected = null;
        for (var s : attribution.sensorsOnAsset(c, tenant, where.asset(), where.from(), where.to())) {
            if (s.sensor().equals(sensor)) {
                expected = s.expectedIntervalS();
            }
        }
        return silence.of(expected, where.assetKind());
    }
}

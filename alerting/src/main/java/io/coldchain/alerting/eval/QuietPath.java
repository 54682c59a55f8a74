package io.coldchain.alerting.eval;

import io.coldchain.alerting.eval.QuietVerdicts.Verdict;
import io.coldchain.alerting.rules.Episode;
import io.coldchain.alerting.rules.Sample;
import io.coldchain.alerting.store.EpisodeStore;
import io.coldchain.alerting.store.QuietMarkStore;
import io.coldchain.alerting.store.QuietMarkStore.QuietMark;
import io.coldchain.core.changes.ReadingChangeStore.Change;
import io.coldchain.core.config.AlertingOptions;
import io.coldchain.core.model.Reading;
import io.coldchain.core.readings.ReadingQueryStore;
import io.coldchain.core.readings.ReadingQueryStore.KeyRange;
import io.coldchain.core.readings.ReadingQueryStore.SensorName;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.attribution.Segment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Passes readings appended to a quiet sensor without a full evaluation, when they provably change no
 * alert.
 *
 * <p>A full evaluation re-reads the window around a change (12 h of samples by default) and runs
 * about ten queries; with thousands of busy sensors a pass over them took tens of seconds, and an
 * excursion waited behind it. Most changes are a few in-range readings after the last one.
 *
 * <p>The argument: a full evaluation that ends with the sensor quiet (see {@link #afterEvaluation})
 * records a mark at the newest reading Q of the change it evaluated. Its window reached the
 * sensor's newest reading, and over all of it no episode of any rule is in progress, every data gap
 * is closed and settled (raised for good), no alert of the sensor is open, and no raw-milk rule
 * applies. For readings all after Q,
 * with the attribution unchanged over [Q, last], the full evaluation could only change something if
 * one of them went beyond a rule's threshold (the rules' own functions are asked, over the new
 * readings alone), added exposure to a batch's budget, or left a silence longer than the allowed one.
 * If none does, the mark moves to the newest of them; otherwise the full evaluation runs and writes
 * or deletes the mark. Readings older than the mark (late data, redeliveries) always take the full
 * evaluation. Equivalence with the full evaluation is tested in {@code QuietPathIT}.
 */
final class QuietPath {
    private final AlertingOptions options;
    private final QuietVerdicts verdicts;
    private final AttributionStore attribution;
    private final ReadingQueryStore readings;
    private final EpisodeStore episodes = new EpisodeStore();
    private final QuietMarkStore marks = new QuietMarkStore();

    /**
     * What the last quiet evaluation of a sensor depended on besides its readings, kept in memory and
     * trusted while the tenant's attribution epoch (V23) is the one read before it was computed, and
     * only up to {@code until} (the next change of attribution it could see, or its window's end).
     */
    private record Known(
            String tenant,
            String sensor,
            long epoch,
            Segment segment,
            Instant until,
            Duration allowed,
            byte[] digest) {}

    /** Bounded only against a pathological number of sensors; a miss costs one slower pass. */
    private static final int MAX_KNOWN = 200_000;

    private final Map<Integer, Known> known = new ConcurrentHashMap<>();

    private final GapCheck gaps;
    private final TemperatureBands bands;

    QuietPath(
            AlertingOptions options,
            AttributionStore attribution,
            ReadingQueryStore readings,
            GapCheck gaps,
            TemperatureBands bands) {
        this.options = options;
        this.bands = bands;
        this.gaps = gaps;
        this.verdicts = new QuietVerdicts(options);
        this.attribution = attribution;
        this.readings = readings;
    }

    /**
     * Passes, in a few statements for the whole chunk, the changes of sensors whose quiet attribution
     * is known in memory and still current ({@link Known}); returns the sensors passed. The others go
     * to {@link #pass} one by one, then to the full evaluation. The caller holds every sensor's lock.
     */
    Passed passAll(Connection c, List<Change> chunk, Instant now) throws SQLException {
        Map<Integer, QuietMark> marked =
                marks.getAll(c, chunk.stream().mapToInt(Change::sensorId).toArray());
        List<Change> candidates = new ArrayList<>();
        Set<String> tenants = new HashSet<>();
        int behindMark = 0;
        for (Change ch : chunk) {
            QuietMark m = marked.get(ch.sensorId());
            Known k = known.get(ch.sensorId());
            if (m != null && !ch.from().isAfter(m.through())) {
                behindMark++;
            }
            if (m != null
                    && k != null
                    && ch.from().isAfter(m.through())
                    && !m.through().isBefore(k.segment().from())
                    && !ch.to().isAfter(ch.from().plus(Duration.ofDays(1)))
                    && !endOf(ch.to()).isAfter(k.until())
                    && Arrays.equals(k.digest(), m.attribution())) {
                candidates.add(ch);
                tenants.add(k.tenant());
            }
        }
        if (candidates.isEmpty()) {
            return new Passed(Set.of(), 0, behindMark);
        }
        Map<String, Long> epochs = attribution.epochs(c, tenants);
        List<KeyRange> ranges = new ArrayList<>();
        List<Change> summarised = new ArrayList<>();
        for (Change ch : candidates) {
            Known k = known.get(ch.sensorId());
            if (epochs.get(k.tenant()) != k.epoch()) {
                continue;
            }
            if (ch.summary() != null) {
                summarised.add(ch);
            } else {
                ranges.add(new KeyRange(ch.sensorId(), k.tenant(), k.sensor(), ch.from(), endOf(ch.to())));
            }
        }
        Map<Integer, Instant> moved = new HashMap<>();
        Map<Integer, Instant> behind = new HashMap<>();
        Set<Integer> unread = new HashSet<>();
        for (Change ch : summarised) {
            Known k = known.get(ch.sensorId());
            Verdict v = verdicts.passesUnread(
                    ch, k.segment(), marked.get(ch.sensorId()).through(), k.allowed(), now);
            // Every reading of the change is stored as summarised: its newest is at ch.to().
            switch (v) {
                case PASS -> {
                    moved.put(ch.sensorId(), ch.to());
                    unread.add(ch.sensorId());
                }
                case RECEIVED_LONG_AGO -> {
                    behind.put(ch.sensorId(), ch.to());
                    unread.add(ch.sensorId());
                }
                case READ_BACK ->
                    ranges.add(new KeyRange(ch.sensorId(), k.tenant(), k.sensor(), ch.from(), endOf(ch.to())));
                case FULL_EVALUATION -> {}
            }
        }
        Map<Integer, List<Reading>> read =
                ranges.isEmpty() ? Map.of() : readings.byKeys(c, ranges, BatchJourney.MAX_SAMPLES);
        for (KeyRange r : ranges) {
            Known k = known.get(r.sensorId());
            List<Reading> rows = read.getOrDefault(r.sensorId(), List.of());
            Verdict v =
                    verdicts.passes(rows, k.segment(), marked.get(r.sensorId()).through(), k.allowed(), now);
            if (v == Verdict.PASS) {
                moved.put(r.sensorId(), rows.get(rows.size() - 1).ts());
            } else if (v == Verdict.RECEIVED_LONG_AGO) {
                behind.put(r.sensorId(), rows.get(rows.size() - 1).ts());
            }
        }
        if (!behind.isEmpty()) {
            // The evaluator is behind (a backlog): whether the sensor is silent now is for its newest
            // reading to say, as in the full evaluation's gap check, not for these.
            Map<Integer, Instant> newest = readings.latestReceived(
                    c, behind.keySet().stream().mapToInt(Integer::intValue).toArray());
            for (Map.Entry<Integer, Instant> e : behind.entrySet()) {
                Instant received = newest.get(e.getKey());
                if (received != null
                        && !QuietVerdicts.receivedLongAgo(
                                received, known.get(e.getKey()).allowed(), now)) {
                    moved.put(e.getKey(), e.getValue());
                }
            }
        }
        marks.moveAll(c, moved);
        unread.retainAll(moved.keySet());
        return new Passed(moved.keySet(), unread.size(), behindMark);
    }

    /**
     * The sensors {@link #passAll} passed; how many of them without reading their readings; and how many
     * of the chunk's changes start at or before their sensor's quiet mark (late or out-of-order
     * readings, or batches committed out of order by parallel writers), which only a full evaluation
     * may judge.
     */
    record Passed(Set<Integer> sensors, int unread, int behindMark) {
        static final Passed NONE = new Passed(Set.of(), 0, 0);
    }

    /**
     * The exclusive end of a change's range: one microsecond on, not one nanosecond (the database keeps
     * microseconds, a nanosecond more would be rounded away and drop the change's last reading).
     */
    private static Instant endOf(Instant to) {
        return to.plus(1, ChronoUnit.MICROS);
    }

    /**
     * Whether the sensor's change over {@code [from, to]} was passed: it changes no alert, and the
     * mark now stands at its newest reading. False: the caller must evaluate in full. The caller
     * holds the sensor's lock.
     */
    boolean pass(Connection c, int sensorId, Instant from, Instant to, Instant now) throws SQLException {
        Optional<QuietMark> mark = marks.get(c, sensorId);
        if (mark.isEmpty() || !from.isAfter(mark.get().through()) || to.isAfter(from.plus(Duration.ofDays(1)))) {
            return false; // a long range (a replayed backlog) is evaluated in full, a day at a time
        }
        Instant q = mark.get().through();
        Optional<SensorName> name = readings.sensorName(c, sensorId);
        if (name.isEmpty()) {
            return false;
        }
        String tenant = name.get().tenant();
        // The epoch first: a registry change committed after this read makes what is read below stale,
        // and the next pass will see a newer epoch.
        long epoch = attribution.epochs(c, List.of(tenant)).get(tenant);
        Instant end = endOf(to);
        // Beyond the change (as far as a full evaluation would look): the attribution known now stays
        // good for later changes up to the next cut.
        List<Segment> segments = attribution.segments(c, tenant, name.get().sensor(), q, end.plus(options.lookback()));
        if (segments.isEmpty()
                || !segments.get(0).from().equals(q)
                || segments.get(0).to().isBefore(end)) {
            return false; // moved, or batches came or went
        }
        Segment where = segments.get(0);
        bands.learn(sensorId, where);
        Duration allowed = gaps.allowedSilence(c, tenant, name.get().sensor(), where);
        byte[] digest = digest(where, allowed);
        if (!Arrays.equals(digest, mark.get().attribution())) {
            return false; // a profile, the expected interval or a setting changed: judge the window in full
        }
        List<Reading> rows = readings.bySensor(c, tenant, name.get().sensor(), from, end, BatchJourney.MAX_SAMPLES);
        Verdict v = verdicts.passes(rows, where, q, allowed, now);
        if (v == Verdict.FULL_EVALUATION) {
            return false;
        }
        if (v == Verdict.RECEIVED_LONG_AGO) {
            Optional<Instant> newest = readings.latest(c, sensorId).map(ReadingQueryStore.Latest::receivedAt);
            if (newest.isEmpty() || QuietVerdicts.receivedLongAgo(newest.get(), allowed, now)) {
                return false;
            }
        }
        marks.put(c, sensorId, new QuietMark(rows.get(rows.size() - 1).ts(), digest));
        remember(sensorId, new Known(tenant, name.get().sensor(), epoch, where, where.to(), allowed, digest));
        return true;
    }

    private void remember(int sensorId, Known k) {
        if (known.size() >= MAX_KNOWN) {
            known.clear();
        }
        known.put(sensorId, k);
    }

    /**
     * After a full evaluation of a change ending at {@code changedTo}: records the mark if the sensor
     * ended quiet, or deletes it. {@code episodesSettled}: every episode of every rule (fired or not) in
     * the window has ended ({@link #settled}).
     *
     * <p>The mark stands at the change's newest reading, not the window's: the window reaches past the
     * change, over readings still queued as changes of their own (a backlog, or the other writer's
     * batch), and a mark beyond them sent each of those changes to the full evaluation again (its
     * readings lay at or before the mark), which marked beyond the next ones: every change of a
     * backlog was evaluated in full. Quiet is still judged over the whole window, up to the sensor's
     * newest reading, so nothing after the mark is in progress either.
     */
    void afterEvaluation(
            SensorWindow w,
            List<Sample> samples,
            boolean episodesSettled,
            GapCheck.Result gap,
            long epoch,
            Instant changedTo)
            throws SQLException {
        Segment last = w.segments().get(w.segments().size() - 1);
        Instant newest =
                samples.isEmpty() ? null : samples.get(samples.size() - 1).ts();
        Instant q = null;
        for (int i = samples.size() - 1; i >= 0 && q == null; i--) {
            if (!samples.get(i).ts().isAfter(changedTo)) {
                q = samples.get(i).ts();
            }
        }
        boolean quiet = q != null
                && episodesSettled
                && !gap.pendingGap()
                // The window reaches the sensor's newest reading: nothing after the mark is unseen.
                && gap.latest().map(l -> l.ts().equals(newest)).orElse(false)
                && !last.from().isAfter(q)
                && last.to().isAfter(q)
                && last.profiles().stream()
                        .flatMap(p -> p.rules().stream())
                        .noneMatch(r -> r.kind().sinceProduced())
                && !episodes.anyOpen(w.c(), w.sensorId());
        if (quiet) {
            byte[] digest = digest(last, gap.allowed());
            marks.put(w.c(), w.sensorId(), new QuietMark(q, digest));
            remember(w.sensorId(), new Known(w.tenant(), w.sensor(), epoch, last, last.to(), gap.allowed(), digest));
        } else {
            marks.clear(w.c(), w.sensorId());
            known.remove(w.sensorId());
        }
    }

    /**
     * Whether {@code e} is over. Readings appended later pass only if none of them is beyond the rule's
     * threshold, so they can neither extend an ended episode (that takes a reading beyond within
     * {@code alert.clear}) nor start one; an episode still going on, though, could fire on readings in
     * the hysteresis band, or end.
     */
    static boolean settled(Episode e) {
        return e.end() != null;
    }

    /**
     * What an evaluation of a sensor depends on besides its readings, whatever the segment's bounds:
     * what applies in the segment, the allowed silence, and the alert settings. SHA-256 of its text.
     */
    byte[] digest(Segment s, Duration allowedSilence) {
        String what = String.join(
                "\u0000",
                String.valueOf(s.asset()),
                String.valueOf(s.assetKind()),
                String.valueOf(s.site()),
                String.valueOf(s.siteRegion()),
                s.batches().toString(),
                s.profiles().toString(),
                allowedSilence.toString(),
                options.toString());
        try {
            return MessageDigest.getInstance("SHA-256").digest(what.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

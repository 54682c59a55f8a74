package io.coldchain.records.log;

import io.coldchain.records.digest.DigestStore;
import io.coldchain.records.log.SeriesStore.Gap;
import io.coldchain.records.log.SeriesStore.Point;
import io.coldchain.records.log.SeriesStore.Request;
import io.coldchain.records.log.SeriesStore.Summary;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link SeriesStore#summaries} over long windows without reading every reading every time: a window
 * is cut at UTC midnights, each whole day that is sealed is summarised once per seal version (a
 * sealed day's readings change only by late data, which makes a new version) and kept in a bounded
 * in-memory cache, the rest is read, and the pieces are joined exactly: at each cut the last reading
 * before it is made to stand until the next reading after it (coverage, time out of range and the gap
 * across the cut corrected accordingly), buckets with the same start are merged.
 *
 * <p>The summaries are also stored ({@code day_summaries}, {@link DaySummaryStore}), so that the
 * first request after a start reads them instead of every reading. A reading changed in the
 * database behind the application's back is therefore not seen here until its day gets a new seal
 * version; {@code GET …/integrity} recomputes from the readings and reports it.
 */
public final class SealedDaySummaries {
    /** Sensor-day summaries kept: a year of 100 sensors for one set of parameters. */
    static final int CACHE_ENTRIES = 40_000;

    private record Key(
            int sensorId,
            LocalDate day,
            int version,
            Duration required,
            Duration gapAfter,
            Double minC,
            Double maxC,
            Instant dueEnd,
            Duration bucket,
            Instant origin) {
        /** The parameters a stored summary depends on, as text (each part's own exact form). */
        DaySummaryStore.Key stored() {
            String params =
                    required + "|" + gapAfter + "|" + minC + "|" + maxC + "|" + dueEnd + "|" + bucket + "|" + origin;
            return new DaySummaryStore.Key(sensorId, day, version, params);
        }
    }

    /** A cached piece; {@code summary} null for a day without readings. */
    private record Piece(Summary summary) {}

    private final SeriesStore series;
    private final DigestStore digests;
    private final DaySummaryStore stored = new DaySummaryStore();
    private final Map<Key, Piece> cache = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Piece> eldest) {
            return size() > CACHE_ENTRIES;
        }
    });

    public SealedDaySummaries(SeriesStore series, DigestStore digests) {
        this.series = series;
        this.digests = digests;
    }

    /** As {@link SeriesStore#summaries(Connection, List, Duration, Instant)}, the same values. */
    public List<Summary> summaries(Connection c, List<Request> requests, Duration bucket, Instant origin)
            throws SQLException {
        List<Summary> out = new ArrayList<>(Collections.nCopies(requests.size(), (Summary) null));
        List<Integer> ids = requests.stream()
                .map(Request::sensorId)
                .filter(id -> id >= 0)
                .distinct()
                .toList();
        if (ids.isEmpty()) {
            return out;
        }
        LocalDate first = requests.stream()
                .map(q -> day(q.from()))
                .min(LocalDate::compareTo)
                .orElseThrow();
        LocalDate last = requests.stream()
                .map(q -> day(q.to().minusNanos(1)))
                .max(LocalDate::compareTo)
                .orElseThrow();
        Map<String, Integer> versions = digests.latestVersions(c, ids, first, last);

        // Cut every window into day pieces; find the pieces that are cached.
        record Cut(int request, Request piece, Key key) {}
        List<List<Cut>> cuts = new ArrayList<>();
        Map<Cut, Piece> known = new LinkedHashMap<>();
        List<Cut> missing = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Request q = requests.get(i);
            List<Cut> mine = new ArrayList<>();
            cuts.add(mine);
            if (q.sensorId() < 0) {
                continue;
            }
            for (LocalDate d = day(q.from()); !start(d).isAfter(q.to().minusNanos(1)); d = d.plusDays(1)) {
                Instant from = later(q.from(), start(d));
                Instant to = earlier(q.to(), start(d.plusDays(1)));
                if (!from.isBefore(to)) {
                    continue;
                }
                Request piece = new Request(
                        q.sensorId(), from, to, q.required(), q.gapAfter(), q.minC(), q.maxC(), q.calibrationDueEnd());
                Integer version = versions.get(q.sensorId() + "/" + d);
                boolean wholeDay = from.equals(start(d)) && to.equals(start(d.plusDays(1)));
                Key key = version != null && wholeDay
                        ? new Key(
                                q.sensorId(),
                                d,
                                version,
                                q.required(),
                                q.gapAfter(),
                                q.minC(),
                                q.maxC(),
                                q.calibrationDueEnd(),
                                bucket,
                                origin)
                        : null;
                Cut cut = new Cut(i, piece, key);
                mine.add(cut);
                Piece hit = key == null ? null : cache.get(key);
                if (hit != null) {
                    known.put(cut, hit);
                } else {
                    missing.add(cut);
                }
            }
        }
        // Not in memory: maybe stored by an earlier run of the process.
        Map<DaySummaryStore.Key, Optional<Summary>> loaded = stored.load(
                c,
                missing.stream()
                        .filter(cut -> cut.key() != null)
                        .map(cut -> cut.key().stored())
                        .distinct()
                        .toList());
        List<Cut> toRead = new ArrayList<>();
        for (Cut cut : missing) {
            Optional<Summary> hit =
                    cut.key() == null ? null : loaded.get(cut.key().stored());
            if (hit != null) {
                Piece p = new Piece(hit.orElse(null));
                known.put(cut, p);
                cache.put(cut.key(), p);
            } else {
                toRead.add(cut);
            }
        }
        List<Summary> read = series.summaries(c, toRead.stream().map(Cut::piece).toList(), bucket, origin);
        Map<DaySummaryStore.Key, Optional<Summary>> fresh = new LinkedHashMap<>();
        for (int i = 0; i < toRead.size(); i++) {
            Piece p = new Piece(read.get(i));
            known.put(toRead.get(i), p);
            if (toRead.get(i).key() != null) {
                cache.put(toRead.get(i).key(), p);
                fresh.put(toRead.get(i).key().stored(), Optional.ofNullable(p.summary()));
            }
        }
        stored.save(c, fresh);
        for (int i = 0; i < requests.size(); i++) {
            List<Summary> pieces = new ArrayList<>();
            List<Instant> ends = new ArrayList<>();
            for (Cut cut : cuts.get(i)) {
                Summary s = known.get(cut).summary();
                if (s != null) {
                    pieces.add(s);
                    ends.add(cut.piece().to());
                }
            }
            out.set(i, join(requests.get(i), pieces, ends));
        }
        return out;
    }

    /** Joins the non-empty day pieces of one window, in time order; {@code ends} are the pieces' window ends. */
    static Summary join(Request q, List<Summary> pieces, List<Instant> ends) {
        if (pieces.isEmpty()) {
            return null;
        }
        int count = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int afterDue = 0;
        Duration covered = Duration.ZERO;
        Duration out = Duration.ZERO;
        Duration above = Duration.ZERO;
        Duration below = Duration.ZERO;
        List<Gap> gaps = new ArrayList<>();
        TreeMap<Instant, Point> buckets = new TreeMap<>();
        for (int i = 0; i < pieces.size(); i++) {
            Summary s = pieces.get(i);
            Instant end = ends.get(i);
            count += s.count();
            sum += s.meanC() * s.count();
            min = Math.min(min, s.minC());
            max = Math.max(max, s.maxC());
            afterDue += s.afterCalibrationDue();
            covered = covered.plus(s.covered());
            out = out.plus(s.outOfRange());
            above = above.plus(s.aboveMax());
            below = below.plus(s.belowMin());
            // The piece let its last reading stand until its own end; it stands until the next reading.
            Instant next = i + 1 < pieces.size() ? pieces.get(i + 1).first() : q.to();
            Instant lastTs = s.last();
            for (Gap g : s.gaps()) {
                if (!g.to().equals(end) || next.equals(end)) {
                    gaps.add(g);
                }
            }
            if (!next.equals(end)) {
                Duration extra = Duration.between(end, next);
                covered = covered.plus(shorter(Duration.between(lastTs, next), q.required()))
                        .minus(shorter(Duration.between(lastTs, end), q.required()));
                if (q.maxC() != null && s.lastC() > q.maxC()) {
                    out = out.plus(extra);
                    above = above.plus(extra);
                }
                if (q.minC() != null && s.lastC() < q.minC()) {
                    out = out.plus(extra);
                    below = below.plus(extra);
                }
                if (Duration.between(lastTs, next).compareTo(q.gapAfter()) > 0) {
                    gaps.add(new Gap(lastTs, next));
                }
            }
            for (Point p : s.buckets()) {
                buckets.merge(
                        p.ts(),
                        p,
                        (a, b) -> new Point(
                                a.sensorId(),
                                a.ts(),
                                Math.min(a.minC(), b.minC()),
                                Math.max(a.maxC(), b.maxC()),
                                (a.avgC() * a.count() + b.avgC() * b.count()) / (a.count() + b.count()),
                                a.count() + b.count(),
                                null,
                                null,
                                null,
                                null));
            }
        }
        gaps.sort(java.util.Comparator.comparing(Gap::from));
        Summary firstPiece = pieces.get(0);
        Summary lastPiece = pieces.get(pieces.size() - 1);
        return new Summary(
                firstPiece.sensorId(),
                count,
                min,
                max,
                sum / count,
                firstPiece.first(),
                lastPiece.last(),
                lastPiece.lastC(),
                covered,
                out,
                above,
                below,
                afterDue,
                gaps,
                List.copyOf(buckets.values()));
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static LocalDate day(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    private static Instant start(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}

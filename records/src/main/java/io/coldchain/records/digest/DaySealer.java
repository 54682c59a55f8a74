package io.coldchain.records.digest;

import io.coldchain.records.digest.DigestStore.DayHash;
import io.coldchain.records.digest.DigestStore.SensorRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals closed UTC days of every sensor, and re-seals days that received late data. One run, one
 * connection, one transaction per sensor (progress is kept when a later sensor fails).
 *
 * <p>A seal covers the rows received before a cutoff {@code margin} before now, not the rows
 * present at the moment of sealing: a write transaction that took its readings before the cutoff
 * but commits after it would otherwise be missing from the seal and look like tampering later. The
 * margin must exceed the longest write transaction (ingest commits within seconds; its retries while
 * the database is down do not matter, the seal cannot run then either).
 *
 * <p>Late data: a day whose latest version does not cover some of its rows (they were received
 * after its cutoff) within the last {@code resealWindow} days gets a new version with reason
 * {@code late_data} and the number of rows that were new. Older days with late rows stay as they
 * are and are listed by the integrity check as "late data not re-sealed".
 *
 * <p>A day still being written (rows received after the cutoff: a gateway's backlog or a backfill
 * streaming in) is not sealed or re-sealed yet: hashing it now would be redone as late data on the
 * next run, once per run for as long as the backlog lasts, each time over the whole day. It waits
 * until it settles, but at most {@code settleLimit} after its oldest pending row was received, so
 * that a day written forever (a gateway whose clock is a day behind) is still sealed. First seals
 * are chained day by day, so a postponed day also holds back the days after it.
 */
public final class DaySealer {
    private static final Logger LOG = LoggerFactory.getLogger(DaySealer.class);
    public static final String CLOSED_DAY = "closed_day";
    public static final String LATE_DATA = "late_data";

    /** How long a day that is still being written may wait before it is sealed all the same. */
    public static final Duration SETTLE_LIMIT = Duration.ofHours(1);

    /** What one run did; {@code postponed}: sensor-days not sealed because they are still being written. */
    public record Outcome(int sealed, int resealed, int lateRows, int postponed) {}

    /** Sensor-days remembered as still being written at most (one map entry each). */
    static final int MAX_PENDING_DAYS = 1_000_000;

    private final DigestStore store;
    /**
     * For each sensor-day found still being written, when its oldest pending row was received. It
     * cannot get older while the day stays unsealed: rows are only added, and one received before it
     * but committed after the run that found it would be inside the seal margin. Forgotten when the day
     * settles or is sealed; per instance, so a restart reads such days whole once more.
     */
    private final Map<PendingDay, Instant> pending = new ConcurrentHashMap<>();

    private record PendingDay(int sensorId, LocalDate day) {}

    private final Duration margin;
    private final Duration resealWindow;
    private final Duration settleLimit;

    public DaySealer(DigestStore store, Duration margin, Duration resealWindow) {
        this(store, margin, resealWindow, SETTLE_LIMIT);
    }

    public DaySealer(DigestStore store, Duration margin, Duration resealWindow, Duration settleLimit) {
        this.store = store;
        this.margin = margin;
        this.resealWindow = resealWindow;
        this.settleLimit = settleLimit;
    }

    public Outcome run(Connection c, Instant now) throws SQLException {
        Instant cutoff = now.minus(margin);
        // Day d is closed when the cutoff is at or past its end.
        LocalDate lastClosed = cutoff.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1);
        store.canonicalSession(c);
        int sealed = 0;
        int resealed = 0;
        int late = 0;
        int postponed = 0;
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (SensorRef s : store.sensors(c)) {
                try {
                    Outcome o = sealSensor(c, s, lastClosed, cutoff, now);
                    c.commit();
                    sealed += o.sealed();
                    resealed += o.resealed();
                    late += o.lateRows();
                    postponed += o.postponed();
                } catch (SQLException e) {
                    c.rollback();
                    // Another instance sealing the same sensor at the same moment: its rows stand, ours are not needed.
                    if (!"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                    LOG.info("Seal of sensor {}/{} written concurrently by another instance", s.tenant(), s.sensor());
                }
            }
        } finally {
            c.setAutoCommit(auto);
        }
        return new Outcome(sealed, resealed, late, postponed);
    }

    private Outcome sealSensor(Connection c, SensorRef s, LocalDate lastClosed, Instant cutoff, Instant now)
            throws SQLException {
        Optional<DaySeal> latest = store.latest(c, s);
        LocalDate windowStart = lastClosed.minusDays(Math.max(0, resealWindow.toDays()));
        Optional<LocalDate> start =
                latest.isPresent() ? Optional.of(latest.get().day().plusDays(1)) : store.firstDay(c, s);
        List<DaySeal> lateDays = latest.isPresent()
                ? store.latestWithLateRows(c, s, windowStart, latest.get().day())
                : List.of();
        boolean firstSeals = start.isPresent() && !start.get().isAfter(lastClosed);
        if (lateDays.isEmpty() && !firstSeals) {
            // The usual run for most sensors: nothing to seal, so no scan for days still being written.
            return new Outcome(0, 0, 0, 0);
        }
        // Only the days this run may seal are looked at for rows still coming in.
        LocalDate from = firstSeals ? start.get() : lastClosed;
        for (DaySeal d : lateDays) {
            from = d.day().isBefore(from) ? d.day() : from;
        }
        Set<LocalDate> unsettled = unsettled(c, s, from, lastClosed, cutoff, now);
        int resealed = 0;
        int late = 0;
        int postponed = 0;
        if (latest.isPresent()) {
            for (DaySeal day : lateDays) {
                if (unsettled.contains(day.day())) {
                    postponed++;
                    continue;
                }
                int newRows = reseal(c, s, day, cutoff);
                if (newRows > 0) {
                    resealed++;
                    late += newRows;
                }
            }
        }
        if (start.isEmpty() || start.get().isAfter(lastClosed)) {
            return new Outcome(0, resealed, late, postponed);
        }
        // The chain links each day to the one before: seal up to the first day still being written.
        LocalDate to = lastClosed;
        for (LocalDate d : unsettled) {
            if (!d.isBefore(start.get())) {
                to = d.minusDays(1);
                postponed++;
                break;
            }
        }
        if (to.isBefore(start.get())) {
            return new Outcome(0, resealed, late, postponed);
        }
        byte[] prev = latest.isPresent() ? previousDigest(c, s, start.get()) : ChainDigest.GENESIS;
        List<DayHash> days = store.hashDays(c, s, start.get(), to, cutoff);
        Optional<LocalDate> due = store.calibrationDue(c, s);
        for (DayHash h : days) {
            byte[] digest = ChainDigest.link(prev, s.tenant(), s.sensor(), h.day(), h.count(), h.hash());
            store.insert(c, s, h.day(), 1, h, prev, digest, cutoff, 0, CLOSED_DAY);
            pending.remove(new PendingDay(s.id(), h.day()));
            prev = digest;
            if (h.count() > 0 && due.isPresent() && h.day().isAfter(due.get())) {
                // GB 31605 §3.1: a record from a device past its verification is flagged, here in the log
                // and in every report (temperature log, trace, CSV).
                LOG.warn(
                        "Sensor {}/{}: {} reading(s) on {} taken after its calibration was due ({})",
                        s.tenant(),
                        s.sensor(),
                        h.count(),
                        h.day(),
                        due.get());
            }
        }
        return new Outcome(days.size(), resealed, late, postponed);
    }

    /**
     * Days still being written whose oldest pending row is younger than the settle limit. Each day is
     * asked whether it has a row received since the cutoff (answered at the first such row); only a
     * day found being written for the first time is read whole for its oldest pending row, which is
     * then remembered while it stays unsettled. Reading every such day whole on every run (a single
     * query over the range, until 2026-12) took 71 s of the database's time in one run during the
     * ingest benchmark, whose readings are all a backlog for a closed day, and a gateway fleet
     * replaying its buffers would pay the same while ingest needs the database most.
     */
    private Set<LocalDate> unsettled(
            Connection c, SensorRef s, LocalDate from, LocalDate to, Instant cutoff, Instant now) throws SQLException {
        Set<LocalDate> out = new TreeSet<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            PendingDay key = new PendingDay(s.id(), day);
            if (!store.receivedSince(c, s, day, cutoff)) {
                pending.remove(key);
                continue;
            }
            Instant oldest = pending.get(key);
            if (oldest == null) {
                Optional<Instant> found = store.oldestUncovered(c, s, day);
                if (found.isEmpty()) {
                    continue;
                }
                oldest = found.get();
                if (pending.size() >= MAX_PENDING_DAYS) {
                    pending.clear(); // bounded memory: a forgotten day is only read whole again
                }
                pending.put(key, oldest);
            }
            if (oldest.isAfter(now.minus(settleLimit))) {
                out.add(day);
            }
        }
        return out;
    }

    /** A new version of a sealed day with the rows received since; how many, 0 when none came before the cutoff. */
    private int reseal(Connection c, SensorRef s, DaySeal day, Instant cutoff) throws SQLException {
        DayHash h = store.hashDays(c, s, day.day(), day.day(), cutoff).get(0);
        int newRows = h.count() - day.recomputedCount();
        if (newRows <= 0) {
            return 0; // the late rows arrived after this run's cutoff: next run
        }
        byte[] prev = previousDigest(c, s, day.day());
        byte[] digest = ChainDigest.link(prev, s.tenant(), s.sensor(), day.day(), h.count(), h.hash());
        store.insert(c, s, day.day(), day.version() + 1, h, prev, digest, cutoff, newRows, LATE_DATA);
        pending.remove(new PendingDay(s.id(), day.day()));
        LOG.info(
                "Re-sealed {}/{} {} as version {}: {} late reading(s) received",
                s.tenant(),
                s.sensor(),
                day.day(),
                day.version() + 1,
                newRows);
        return newRows;
    }

    /** The digest of the latest version of the day before {@code day}, or genesis when none. */
    private byte[] previousDigest(Connection c, SensorRef s, LocalDate day) throws SQLException {
        List<DaySeal> before = store.seals(c, s, day.minusDays(1), day.minusDays(1), false);
        return before.isEmpty()
                ? ChainDigest.GENESIS
                : before.get(before.size() - 1).digest();
    }
}

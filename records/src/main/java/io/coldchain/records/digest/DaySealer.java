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
import java.util.Optional;
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
 */
public final class DaySealer {
    private static final Logger LOG = LoggerFactory.getLogger(DaySealer.class);
    public static final String CLOSED_DAY = "closed_day";
    public static final String LATE_DATA = "late_data";

    /** What one run did. */
    public record Outcome(int sealed, int resealed, int lateRows) {}

    private final DigestStore store;
    private final Duration margin;
    private final Duration resealWindow;

    public DaySealer(DigestStore store, Duration margin, Duration resealWindow) {
        this.store = store;
        this.margin = margin;
        this.resealWindow = resealWindow;
    }

    public Outcome run(Connection c, Instant now) throws SQLException {
        Instant cutoff = now.minus(margin);
        // Day d is closed when the cutoff is at or past its end.
        LocalDate lastClosed = cutoff.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1);
        store.canonicalSession(c);
        int sealed = 0;
        int resealed = 0;
        int late = 0;
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            for (SensorRef s : store.sensors(c)) {
                try {
                    Outcome o = sealSensor(c, s, lastClosed, cutoff);
                    c.commit();
                    sealed += o.sealed();
                    resealed += o.resealed();
                    late += o.lateRows();
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
        return new Outcome(sealed, resealed, late);
    }

    private Outcome sealSensor(Connection c, SensorRef s, LocalDate lastClosed, Instant cutoff) throws SQLException {
        Optional<DaySeal> latest = store.latest(c, s);
        int resealed = 0;
        int late = 0;
        if (latest.isPresent()) {
            LocalDate windowStart = lastClosed.minusDays(Math.max(0, resealWindow.toDays()));
            for (DaySeal day :
                    store.latestWithLateRows(c, s, windowStart, latest.get().day())) {
                DayHash h = store.hashDays(c, s, day.day(), day.day(), cutoff).get(0);
                int newRows = h.count() - day.recomputedCount();
                if (newRows <= 0) {
                    continue; // the late rows arrived after this run's cutoff: next run
                }
                byte[] prev = previousDigest(c, s, day.day());
                byte[] digest = ChainDigest.link(prev, s.tenant(), s.sensor(), day.day(), h.count(), h.hash());
                store.insert(c, s, day.day(), day.version() + 1, h, prev, digest, cutoff, newRows, LATE_DATA);
                LOG.info(
                        "Re-sealed {}/{} {} as version {}: {} late reading(s) received",
                        s.tenant(),
                        s.sensor(),
                        day.day(),
                        day.version() + 1,
                        newRows);
                resealed++;
                late += newRows;
            }
        }
        Optional<LocalDate> start =
                latest.isPresent() ? Optional.of(latest.get().day().plusDays(1)) : store.firstDay(c, s);
        if (start.isEmpty() || start.get().isAfter(lastClosed)) {
            return new Outcome(0, resealed, late);
        }
        byte[] prev = latest.isPresent() ? previousDigest(c, s, start.get()) : ChainDigest.GENESIS;
        List<DayHash> days = store.hashDays(c, s, start.get(), lastClosed, cutoff);
        Optional<LocalDate> due = store.calibrationDue(c, s);
        for (DayHash h : days) {
            byte[] digest = ChainDigest.link(prev, s.tenant(), s.sensor(), h.day(), h.count(), h.hash());
            store.insert(c, s, h.day(), 1, h, prev, digest, cutoff, 0, CLOSED_DAY);
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
        return new Outcome(days.size(), resealed, late);
    }

    /** The digest of the latest version of the day before {@code day}, or genesis when none. */
    private byte[] previousDigest(Connection c, SensorRef s, LocalDate day) throws SQLException {
        List<DaySeal> before = store.seals(c, s, day.minusDays(1), day.minusDays(1), false);
        return before.isEmpty()
                ? ChainDigest.GENESIS
                : before.get(before.size() - 1).digest();
    }
}

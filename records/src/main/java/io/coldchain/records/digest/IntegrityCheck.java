package io.coldchain.records.digest;

import io.coldchain.records.digest.DigestStore.SensorRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Recomputes the seals of a tenant's sensors over a range of UTC days and says what it finds:
 * <ul>
 *   <li>{@code rows_altered}: the rows a seal covered no longer hash to it (a reading changed,
 *       deleted, or its receive time moved): tampering, unless retention purged that day;
 *   <li>{@code digest_invalid}: a stored seal is not the link of its own fields (the digest table
 *       itself was edited);
 *   <li>{@code chain_broken}: a seal does not chain to any version of the previous day's seal (a
 *       seal row removed or replaced);
 *   <li>not mismatches, reported apart: days re-sealed for late data (with the version history),
 *       days with late rows not re-sealed yet, closed days with readings never sealed, and days
 *       purged by retention.
 * </ul>
 */
public final class IntegrityCheck {
    private final DigestStore store;

    public IntegrityCheck(DigestStore store) {
        this.store = store;
    }

    /** A seal that does not verify. */
    public record Mismatch(
            String sensor,
            LocalDate day,
            int version,
            String kind,
            String storedDigest,
            String recomputedDigest,
            int storedCount,
            int recomputedCount,
            String detail) {}

    /** A day sealed more than once, each version kept (late data received). */
    public record Resealed(String sensor, LocalDate day, int versions, List<Version> history) {}

    public record Version(
            int version, String reason, int rowCount, int lateRows, Instant coversReceivedBefore, String digest) {}

    /** A day whose latest seal does not cover rows received later (re-sealed by the next run, within the re-seal window). */
    public record Pending(String sensor, LocalDate day, int lateRows) {}

    /** A closed day with readings and no seal, or a purged day. */
    public record DayCount(String sensor, LocalDate day, int rows) {}

    /** The latest seal of each day, for reports. */
    public record DayDigest(String sensor, LocalDate day, int version, int rowCount, String digest, boolean intact) {}

    public record Report(
            String tenant,
            LocalDate from,
            LocalDate to,
            int sensors,
            int sealsChecked,
            List<Mismatch> mismatches,
            List<Resealed> resealed,
            List<Pending> lateDataPending,
            List<DayCount> unsealed,
            List<DayCount> purged,
            List<DayDigest> digests) {
        public boolean intact() {
            return mismatches.isEmpty();
        }
    }

    public Report check(Connection c, String tenant, Optional<String> sensor, LocalDate from, LocalDate to, Instant now)
            throws SQLException {
        store.canonicalSession(c);
        LocalDate lastClosed = now.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1);
        List<Mismatch> mismatches = new ArrayList<>();
        List<Resealed> resealed = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        List<DayCount> unsealed = new ArrayList<>();
        List<DayCount> purged = new ArrayList<>();
        List<DayDigest> digests = new ArrayList<>();
        List<SensorRef> sensors = store.sensors(c, tenant, sensor);
        int checked = 0;
        for (SensorRef s : sensors) {
            List<DaySeal> seals = store.seals(c, s, from.minusDays(1), to, true);
            Map<LocalDate, Integer> purges = store.purges(c, s, from, to);
            Map<LocalDate, List<DaySeal>> byDay = new HashMap<>();
            seals.forEach(
                    d -> byDay.computeIfAbsent(d.day(), k -> new ArrayList<>()).add(d));
            for (DaySeal d : seals) {
                if (d.day().isBefore(from)) {
                    continue; // only for the chain link of the first day
                }
                checked++;
                if (!d.linkIntact()) {
                    mismatches.add(
                            mismatch(d, "digest_invalid", "the stored digest is not the hash of its own seal fields"));
                } else if (!d.rowsIntact()) {
                    if (purges.containsKey(d.day()) && d.recomputedCount() < d.rowCount()) {
                        continue; // reported under purged
                    }
                    mismatches.add(
                            mismatch(
                                    d,
                                    "rows_altered",
                                    d.recomputedCount() == d.rowCount()
                                            ? "a reading of this day was changed after it was sealed"
                                            : (d.rowCount() - d.recomputedCount() > 0
                                                    ? (d.rowCount() - d.recomputedCount())
                                                            + " sealed reading(s) missing"
                                                    : (d.recomputedCount() - d.rowCount())
                                                            + " reading(s) appear as received before the seal but were not in it")));
                }
                List<DaySeal> previous = byDay.get(d.day().minusDays(1));
                if (previous == null && !Arrays.equals(d.prevDigest(), ChainDigest.GENESIS)) {
                    mismatches.add(mismatch(
                            d, "chain_broken", "the seal of " + d.day().minusDays(1) + " it chains to is missing"));
                } else if (previous != null
                        && previous.stream().noneMatch(p -> Arrays.equals(p.digest(), d.prevDigest()))) {
                    mismatches.add(mismatch(
                            d,
                            "chain_broken",
                            "the seal does not chain to any seal of " + d.day().minusDays(1)));
                }
            }
            byDay.entrySet().stream()
                    .filter(e -> !e.getKey().isBefore(from))
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> {
                        List<DaySeal> versions = e.getValue();
                        DaySeal last = versions.get(versions.size() - 1);
                        digests.add(new DayDigest(
                                s.sensor(),
                                e.getKey(),
                                last.version(),
                                last.rowCount(),
                                ChainDigest.hex(last.digest()),
                                last.linkIntact() && (last.rowsIntact() || purges.containsKey(e.getKey()))));
                        if (versions.size() > 1) {
                            resealed.add(new Resealed(
                                    s.sensor(),
                                    e.getKey(),
                                    versions.size(),
                                    versions.stream()
                                            .map(v -> new Version(
                                                    v.version(),
                                                    v.reason(),
                                                    v.rowCount(),
                                                    v.lateRows(),
                                                    v.coversReceivedBefore(),
                                                    ChainDigest.hex(v.digest())))
                                            .toList()));
                        }
                        if (last.lateRowsSince() > 0) {
                            pending.add(new Pending(s.sensor(), e.getKey(), last.lateRowsSince()));
                        }
                    });
            LocalDate closedTo = to.isAfter(lastClosed) ? lastClosed : to;
            if (!from.isAfter(closedTo)) {
                store.daysWithReadings(c, s, from, closedTo).forEach((day, n) -> {
                    if (!byDay.containsKey(day)) {
                        unsealed.add(new DayCount(s.sensor(), day, n));
                    }
                });
            }
            purges.forEach((day, n) -> purged.add(new DayCount(s.sensor(), day, n)));
        }
        return new Report(
                tenant, from, to, sensors.size(), checked, mismatches, resealed, pending, unsealed, purged, digests);
    }

    private static Mismatch mismatch(DaySeal d, String kind, String detail) {
        byte[] recomputed = ChainDigest.link(
                d.prevDigest(), d.tenant(), d.sensor(), d.day(), d.recomputedCount(), d.recomputedHash());
        return new Mismatch(
                d.sensor(),
                d.day(),
                d.version(),
                kind,
                ChainDigest.hex(d.digest()),
                ChainDigest.hex(recomputed),
                d.rowCount(),
                d.recomputedCount(),
                detail);
    }
}

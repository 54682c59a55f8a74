package io.coldchain.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.records.digest.DaySealer;
import io.coldchain.records.digest.DigestStore;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sealer leaves a day alone while it is still being written (a backlog streaming in), seals it
 * once when it has settled, and seals it anyway when it never settles; against a real PostgreSQL.
 */
class SettlingSealTest {
    private static final Instant DAY = Instant.parse("2026-11-01T00:00:00Z");
    /** Two days after {@link #DAY}: the day is closed, a backfill of it is late data. */
    private static final Instant NOW = Instant.parse("2026-11-03T06:00:00Z");

    /** A database per test: a run seals every sensor, and its counts must be this test's alone. */
    private RecordsFixture db;

    private final DigestStore store = new DigestStore();
    private final DaySealer sealer = new DaySealer(store, Duration.ofMinutes(10), Duration.ofDays(7));

    @BeforeEach
    void start() {
        db = new RecordsFixture("settle");
    }

    @AfterEach
    void stop() {
        db.close();
    }

    /** {@code n} readings of 1 November from minute {@code first} on, received at {@code receivedAt}. */
    private void backfill(String tenant, int first, int n, Instant receivedAt) throws Exception {
        backfill(db, tenant, first, n, receivedAt);
    }

    private static void backfill(RecordsFixture into, String tenant, int first, int n, Instant receivedAt)
            throws Exception {
        List<double[]> rows = new ArrayList<>();
        for (int i = first; i < first + n; i++) {
            rows.add(new double[] {DAY.getEpochSecond() + i * 60L, 4.0});
        }
        into.store(tenant, "p1", receivedAt, rows);
    }

    private DaySealer.Outcome seal(DaySealer s, Instant now) throws Exception {
        return seal(db, s, now);
    }

    private static DaySealer.Outcome seal(RecordsFixture in, DaySealer s, Instant now) throws Exception {
        try (Connection c = in.connection()) {
            return s.run(c, now);
        }
    }

    /** Seal versions of the tenant's sensor, every day. */
    private long versions(String tenant) throws Exception {
        return versions(db, tenant);
    }

    private static long versions(RecordsFixture in, String tenant) throws Exception {
        return in.count(
                "SELECT count(*) FROM reading_digests d JOIN sensor_keys k ON k.id = d.sensor_id WHERE k.tenant = ?",
                tenant);
    }

    @Test
    void remembering_the_days_being_written_decides_as_reading_them_anew_on_every_run() throws Exception {
        // Two databases fed the same rows: one sealed by a single sealer across runs (it remembers when
        // each day it found being written began to wait), the other by a new sealer on every run (as if
        // restarted before each). A backfill streams in, pauses long enough to settle, then late rows
        // stream into the sealed day. Beside it a day that never stops receiving: sealed at the settle
        // limit, then re-sealed only once its newer rows have waited that long in turn.
        Duration settle = Duration.ofMinutes(40);
        DaySealer remembering = new DaySealer(store, Duration.ofMinutes(10), Duration.ofDays(7), settle);
        int postponed = 0;
        int resealed = 0;
        try (RecordsFixture fresh = new RecordsFixture("settle-fresh")) {
            for (int run = 0; run < 7; run++) {
                Instant t = NOW.plus(Duration.ofMinutes(15L * run));
                if (run != 3 && run != 6) {
                    backfill(db, "mix", run * 10, 10, t.minus(Duration.ofMinutes(1)));
                    backfill(fresh, "mix", run * 10, 10, t.minus(Duration.ofMinutes(1)));
                }
                backfill(db, "behind", run * 10, 10, t.minus(Duration.ofMinutes(1)));
                backfill(fresh, "behind", run * 10, 10, t.minus(Duration.ofMinutes(1)));
                DaySealer.Outcome kept = seal(db, remembering, t);
                DaySealer.Outcome anew =
                        seal(fresh, new DaySealer(store, Duration.ofMinutes(10), Duration.ofDays(7), settle), t);
                assertThat(kept).as("run %d", run).isEqualTo(anew);
                postponed += kept.postponed();
                resealed += kept.resealed();
            }
            assertThat(versions("mix")).isEqualTo(versions(fresh, "mix"));
            assertThat(versions("behind")).isEqualTo(versions(fresh, "behind"));
        }
        // The scenario went through both waits and both kinds of seal, for both sensors.
        assertThat(postponed).isEqualTo(10);
        assertThat(resealed).isEqualTo(2);
        assertThat(versions("mix"))
                .as("1 and 2 November, then 1 November again")
                .isEqualTo(3);
        assertThat(versions("behind"))
                .as("1 and 2 November, then 1 November again")
                .isEqualTo(3);
    }

    @Test
    void a_day_whose_backfill_is_streaming_in_is_sealed_once_after_it_settles_not_on_every_run() throws Exception {
        // The backfill arrives over three sealer runs, 15 minutes apart; each run sees rows received
        // within its margin (the day is still being written) and leaves the day alone.
        for (int run = 0; run < 3; run++) {
            Instant t = NOW.plus(Duration.ofMinutes(15L * run));
            backfill("stream", run * 100, 100, t.minus(Duration.ofMinutes(1)));
            DaySealer.Outcome o = seal(sealer, t);
            assertThat(o.sealed()).as("run %d", run).isZero();
            assertThat(o.postponed()).as("run %d", run).isEqualTo(1);
        }
        assertThat(versions("stream")).isZero();

        // Nothing more arrives: the next run past the margin seals the whole day, once (and the empty
        // 2 November after it, the last closed day).
        DaySealer.Outcome settled = seal(sealer, NOW.plus(Duration.ofMinutes(45)));
        assertThat(settled.sealed()).isEqualTo(2);
        assertThat(settled.postponed()).isZero();
        assertThat(db.count(
                        "SELECT row_count FROM reading_digests d JOIN sensor_keys k ON k.id = d.sensor_id "
                                + "WHERE k.tenant = ? AND d.day = '2026-11-01'",
                        "stream"))
                .isEqualTo(300);
        DaySealer.Outcome next = seal(sealer, NOW.plus(Duration.ofMinutes(60)));
        assertThat(next.sealed()).isZero();
        assertThat(next.resealed()).isZero();
        assertThat(versions("stream")).isEqualTo(2);
    }

    @Test
    void late_rows_for_a_sealed_day_are_re_sealed_once_they_stop_arriving() throws Exception {
        backfill("late", 0, 100, NOW.minus(Duration.ofHours(3)));
        assertThat(seal(sealer, NOW).sealed()).isEqualTo(2);

        // A backlog for the sealed day streams in: while it does, no new version per run.
        backfill("late", 100, 50, NOW.plus(Duration.ofMinutes(14)));
        DaySealer.Outcome during = seal(sealer, NOW.plus(Duration.ofMinutes(15)));
        assertThat(during.resealed()).isZero();
        assertThat(during.postponed()).isEqualTo(1);

        DaySealer.Outcome after = seal(sealer, NOW.plus(Duration.ofMinutes(30)));
        assertThat(after.resealed()).isEqualTo(1);
        assertThat(after.lateRows()).isEqualTo(50);
        assertThat(versions("late")).isEqualTo(3);
    }

    @Test
    void a_day_that_never_stops_receiving_is_sealed_after_the_settle_limit() throws Exception {
        DaySealer patient = new DaySealer(store, Duration.ofMinutes(10), Duration.ofDays(7), Duration.ofMinutes(30));
        // A gateway whose clock is a day behind: its rows for 1 November keep coming, every few minutes.
        for (int run = 0; run < 3; run++) {
            Instant t = NOW.plus(Duration.ofMinutes(15L * run));
            backfill("behind", run * 10, 10, t.minus(Duration.ofMinutes(1)));
            DaySealer.Outcome o = seal(patient, t);
            // Its oldest pending row was received at NOW - 1 min: until 30 minutes after that the day
            // waits; the run at NOW + 30 min seals it (with the empty 2 November) although rows still come.
            assertThat(o.sealed()).as("run %d", run).isEqualTo(run < 2 ? 0 : 2);
        }
        assertThat(versions("behind")).isEqualTo(2);
    }
}

package io.coldchain.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.coldchain.records.digest.DaySealer;
import io.coldchain.records.digest.DigestStore;
import io.coldchain.records.log.SealedDaySummaries;
import io.coldchain.records.log.SeriesStore;
import io.coldchain.records.log.SeriesStore.Request;
import io.coldchain.records.log.SeriesStore.Summary;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Summaries joined from sealed day pieces (cached) equal the summary of the whole window read at
 * once, also across midnights with a gap and an out-of-range reading standing over the cut.
 */
class SealedDaySummariesTest {
    static final String T = "days";
    static final Instant D1 = Instant.parse("2026-10-01T00:00:00Z");
    static final Instant NOW = Instant.parse("2026-10-06T00:00:00Z");
    static RecordsFixture db;
    static int sensorId;

    @BeforeAll
    static void setUp() throws Exception {
        db = new RecordsFixture("daysum");
        db.site(T, "s", "320300");
        db.asset(T, "a", "cold_room", "s", null);
        db.sensor(T, "p", "a", 300);
        List<double[]> rows = new ArrayList<>();
        // Four days every 5 minutes, 4 °C; 9 °C from 23:30 on day 1 (standing over midnight); nothing
        // from 22:00 on day 2 to 02:00 on day 3 (a gap across midnight); nothing at all on day 4 after 06:00.
        for (long m = 0; m < 4 * 1440; m += 5) {
            Instant t = D1.plus(Duration.ofMinutes(m));
            boolean gap = m > 1440 + 22 * 60 && m < 2 * 1440 + 2 * 60;
            boolean quiet = m > 3 * 1440 + 6 * 60;
            if (!gap && !quiet) {
                rows.add(new double[] {t.getEpochSecond(), m >= 23 * 60 + 30 && m < 1440 ? 9.0 : 4.0 + (m % 7) * 0.1});
            }
        }
        db.store(T, "p", D1.plus(Duration.ofDays(4)).plusSeconds(60), rows);
        try (Connection c = db.connection()) {
            new DaySealer(new DigestStore(), Duration.ofMinutes(10), Duration.ofDays(30)).run(c, NOW);
            sensorId = new SeriesStore().sensorId(c, T, "p");
        }
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void joined_day_pieces_equal_the_whole_window_cold_and_cached() throws Exception {
        SeriesStore series = new SeriesStore();
        SealedDaySummaries days = new SealedDaySummaries(series, new DigestStore());
        // A new instance, as after a restart: empty memory, the day summaries stored by the first.
        SealedDaySummaries restarted = new SealedDaySummaries(series, new DigestStore());
        List<Request> windows = List.of(
                new Request(
                        sensorId,
                        D1,
                        D1.plus(Duration.ofDays(5)),
                        Duration.ofMinutes(30),
                        Duration.ofMinutes(10),
                        2.0,
                        6.0,
                        null),
                new Request(
                        sensorId,
                        D1.plus(Duration.ofHours(7)),
                        D1.plus(Duration.ofHours(80)),
                        Duration.ofMinutes(10),
                        Duration.ofMinutes(7),
                        3.0,
                        4.3,
                        D1.plus(Duration.ofDays(2))));
        try (Connection c = db.connection()) {
            List<Summary> whole = series.summaries(c, windows, Duration.ofHours(2), D1);
            for (int round = 0; round < 3; round++) { // cold, from memory, then after a restart from the table
                List<Summary> joined = (round < 2 ? days : restarted).summaries(c, windows, Duration.ofHours(2), D1);
                for (int i = 0; i < windows.size(); i++) {
                    Summary w = whole.get(i);
                    Summary j = joined.get(i);
                    assertThat(j.count()).isEqualTo(w.count());
                    assertThat(j.minC()).isEqualTo(w.minC());
                    assertThat(j.maxC()).isEqualTo(w.maxC());
                    assertThat(j.meanC()).isCloseTo(w.meanC(), within(1e-9));
                    assertThat(j.first()).isEqualTo(w.first());
                    assertThat(j.last()).isEqualTo(w.last());
                    assertThat(j.covered()).isEqualTo(w.covered());
                    assertThat(j.outOfRange()).isEqualTo(w.outOfRange());
                    assertThat(j.aboveMax()).isEqualTo(w.aboveMax());
                    assertThat(j.belowMin()).isEqualTo(w.belowMin());
                    assertThat(j.afterCalibrationDue()).isEqualTo(w.afterCalibrationDue());
                    assertThat(j.gaps()).isEqualTo(w.gaps());
                    assertThat(j.buckets()).hasSameSizeAs(w.buckets());
                    for (int b = 0; b < w.buckets().size(); b++) {
                        assertThat(j.buckets().get(b).ts())
                                .isEqualTo(w.buckets().get(b).ts());
                        assertThat(j.buckets().get(b).count())
                                .isEqualTo(w.buckets().get(b).count());
                        assertThat(j.buckets().get(b).minC())
                                .isEqualTo(w.buckets().get(b).minC());
                        assertThat(j.buckets().get(b).maxC())
                                .isEqualTo(w.buckets().get(b).maxC());
                        assertThat(j.buckets().get(b).avgC())
                                .isCloseTo(w.buckets().get(b).avgC(), within(1e-9));
                    }
                }
            }
            // The figures themselves: the gap across the second midnight, and 9 °C standing past the first.
            assertThat(whole.get(0).gaps())
                    .contains(new SeriesStore.Gap(
                            Instant.parse("2026-10-02T22:00:00Z"), Instant.parse("2026-10-03T02:00:00Z")));
            assertThat(whole.get(0).aboveMax()).isEqualTo(Duration.ofMinutes(30));
        }
        // Stored: the whole sealed days of each window (1–4 October in the first, 2–3 in the second).
        assertThat(db.count("SELECT count(*) FROM day_summaries WHERE sensor_id = ?", sensorId))
                .isEqualTo(4 + 2);

        // Proof that a restarted instance reads the stored summaries, not the readings: a reading altered
        // behind the application's back (which only the integrity check is meant to find) does not show.
        db.exec(
                "UPDATE readings SET temp_c = 50 WHERE sensor_id = ? AND ts = ?",
                sensorId,
                D1.plus(Duration.ofHours(12)));
        try (Connection c = db.connection()) {
            Summary afterRestart = new SealedDaySummaries(series, new DigestStore())
                    .summaries(c, windows.subList(0, 1), Duration.ofHours(2), D1)
                    .get(0);
            assertThat(series.summaries(c, windows.subList(0, 1), Duration.ofHours(2), D1)
                            .get(0)
                            .maxC())
                    .isEqualTo(50.0);
            assertThat(afterRestart.maxC()).isEqualTo(9.0);
        }
    }
}

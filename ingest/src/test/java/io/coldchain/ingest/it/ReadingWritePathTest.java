package io.coldchain.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.config.StorageOptions.TimescaleMode;
import io.coldchain.core.db.Database;
import io.coldchain.core.model.Reading;
import io.coldchain.ingest.codec.DecodeResult;
import io.coldchain.ingest.codec.GatewayTopic;
import io.coldchain.ingest.store.BinaryReadingCopy;
import io.coldchain.ingest.store.ReadingStore.WritePath;
import io.coldchain.ingest.write.BatchOutcome;
import io.coldchain.ingest.write.BatchWriter;
import io.coldchain.ingest.write.InboundMessage;
import io.coldchain.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two write paths of {@code ReadingStore}: a binary COPY straight into {@code readings} for
 * batches of new keys, and the careful path (staging table, ON CONFLICT, conflicts recorded) for
 * batches that meet a stored key or hold one twice. Both must store exactly the same values, first
 * value wins, and two writers with overlapping keys must not deadlock. On the test database (TimescaleDB
 * when COLDCHAIN_TEST_DB_URL points at one, the embedded plain PostgreSQL otherwise).
 */
class ReadingWritePathTest {
    private static final StorageOptions AUTO =
            new StorageOptions(TimescaleMode.AUTO, Duration.ofDays(7), Duration.ofDays(3 * 366));
    private static HikariDataSource ds;
    private static final Instant T0 =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));

    @BeforeAll
    static void start() {
        TestDatabase db = TestDatabase.get();
        ds = Database.pool(db.newDatabase("writepath"), db.user(), db.password(), 4, "writepath-test");
        Database.migrate(ds, AUTO);
    }

    @AfterAll
    static void stop() {
        ds.close();
    }

    private static Reading reading(String tenant, String sensor, int minute, double temp) {
        // Every optional field set on odd minutes, none on even ones; microseconds in the event time.
        boolean full = minute % 2 == 1;
        return new Reading(
                tenant,
                "gw",
                sensor,
                T0.plus(Duration.ofMinutes(minute)).plusNanos(123_456_000L),
                temp,
                full ? 81.5 : null,
                full ? 3.05 : null,
                full ? Boolean.TRUE : null,
                full ? (long) minute : null,
                Instant.parse("2026-11-30T10:15:30.987654Z"));
    }

    private static InboundMessage message(List<Reading> readings) {
        GatewayTopic topic = new GatewayTopic(readings.get(0).tenant(), "gw", GatewayTopic.Kind.READINGS);
        return InboundMessage.readings(
                topic.toTopic(),
                new byte[0],
                Instant.now(),
                System.nanoTime(),
                new DecodeResult(topic, readings, List.of(), null, 1L),
                () -> {});
    }

    private static BatchOutcome write(BatchWriter w, List<Reading> readings) throws Exception {
        return w.write(List.of(message(readings)));
    }

    private static List<Reading> batch(String tenant, int sensors, int fromMinute, int minutes, double temp) {
        List<Reading> out = new ArrayList<>();
        for (int m = fromMinute; m < fromMinute + minutes; m++) {
            for (int s = 0; s < sensors; s++) {
                out.add(reading(tenant, "p" + s, m, temp));
            }
        }
        return out;
    }

    private static List<String> rows(String tenant) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT k.sensor, r.ts, r.gateway, r.received_at, r.temp_c, r.rh, "
                        + "r.battery_v, r.door_open, r.seq FROM readings r JOIN sensor_keys k ON k.id = r.sensor_id "
                        + "WHERE k.tenant = '" + tenant + "' ORDER BY k.sensor, r.ts")) {
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= 9; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    private static long count(String sql) throws Exception {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void both_paths_store_the_same_values() throws Exception {
        BatchWriter w = new BatchWriter(ds);
        List<Reading> direct = batch("same-a", 5, 0, 10, 4.25);
        BatchOutcome a = write(w, direct);
        assertThat(a.path).isEqualTo(WritePath.DIRECT);
        assertThat(a.inserted).isEqualTo(50);

        // The same readings for another tenant, plus one key twice: that batch goes the careful way.
        List<Reading> careful = new ArrayList<>(batch("same-b", 5, 0, 10, 4.25));
        careful.add(reading("same-b", "p0", 0, 9.0));
        BatchOutcome b = write(w, careful);
        assertThat(b.path).isEqualTo(WritePath.CAREFUL);
        assertThat(b.inserted).isEqualTo(50);
        assertThat(b.duplicates).isEqualTo(1);
        assertThat(b.conflicts).isEqualTo(1);

        List<String> rowsA = rows("same-a");
        assertThat(rowsA).hasSize(50).isEqualTo(rows("same-b"));
        // Microseconds of the event time kept, reception to the second, nulls as nulls.
        assertThat(rowsA.get(0)).contains(".123456").contains("10:15:30+00").contains("|null|null|null|null|");
        assertThat(rowsA.get(1)).contains("|81.5|3.05|t|1|");
    }

    @Test
    void a_stored_key_sends_the_batch_the_careful_way_and_the_next_few_too() throws Exception {
        BatchWriter w = new BatchWriter(ds);
        assertThat(write(w, batch("collide", 3, 0, 10, 4.0)).path).isEqualTo(WritePath.DIRECT);

        // A replay overlapping the stored minutes 5..9 with other values, and new minutes 10..14.
        BatchOutcome replay = write(w, batch("collide", 3, 5, 10, 6.0));
        assertThat(replay.path).isEqualTo(WritePath.COLLIDED);
        assertThat(replay.inserted).isEqualTo(15);
        assertThat(replay.duplicates).isEqualTo(15);
        assertThat(replay.conflicts).isEqualTo(15);
        assertThat(count("SELECT count(*) FROM reading_conflicts WHERE tenant = 'collide'"))
                .isEqualTo(15);
        // First value wins: minutes 5..9 keep 4.0; the new minutes are stored.
        assertThat(count("SELECT count(*) FROM reading_log WHERE tenant = 'collide' AND temp_c = 4.0"))
                .isEqualTo(30);
        assertThat(count("SELECT count(*) FROM reading_log WHERE tenant = 'collide'"))
                .isEqualTo(45);

        // The next batches go the careful way without trying (a replay seldom comes alone) ...
        List<WritePath> next = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            next.add(write(w, batch("collide", 3, 100 + i * 10, 10, 4.0)).path);
        }
        // ... then the direct COPY is tried again.
        assertThat(next.subList(0, 8)).containsOnly(WritePath.CAREFUL);
        assertThat(next.get(8)).isEqualTo(WritePath.DIRECT);
        assertThat(count("SELECT count(*) FROM reading_log WHERE tenant = 'collide'"))
                .isEqualTo(45 + 9 * 30);
    }

    @Test
    void two_writers_with_the_same_keys_in_opposite_orders_neither_deadlock_nor_store_twice() throws Exception {
        BatchWriter w = new BatchWriter(ds);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                boolean reversed = t == 1;
                done.add(two.submit(() -> {
                    int inserted = 0;
                    for (int round = 0; round < 20; round++) {
                        List<Reading> b = batch("race", 20, round * 5, 5, 4.0);
                        if (reversed) {
                            Collections.reverse(b);
                        }
                        inserted += write(w, b).inserted;
                    }
                    return inserted;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            assertThat(total).isEqualTo(20 * 5 * 20);
            assertThat(count("SELECT count(*) FROM reading_log WHERE tenant = 'race'"))
                    .isEqualTo(20 * 5 * 20);
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    void key_order_sorts_by_sensor_then_time_and_finds_a_key_twice() {
        Reading late = reading("o", "p", 9, 1.0);
        Reading early = reading("o", "p", 1, 1.0);
        Reading other = reading("o", "q", 5, 1.0);
        // Sensor keys: q is 1, p is 2.
        assertThat(BinaryReadingCopy.keyOrder(List.of(late, other, early), new int[] {2, 1, 2}))
                .containsExactly(1, 2, 0);
        assertThat(BinaryReadingCopy.keyOrder(List.of(late, other, late), new int[] {2, 1, 2}))
                .isNull();
        // The same instant on two sensors is not a duplicate.
        assertThat(BinaryReadingCopy.keyOrder(List.of(late, late), new int[] {2, 3}))
                .containsExactly(0, 1);
    }
}

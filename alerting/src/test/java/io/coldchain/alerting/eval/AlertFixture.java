package io.coldchain.alerting.eval;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.alerting.notify.OutboxStore;
import io.coldchain.core.config.AlertingOptions;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.db.Database;
import io.coldchain.ingest.codec.MessageDecoder;
import io.coldchain.ingest.write.BatchWriter;
import io.coldchain.ingest.write.InboundMessage;
import io.coldchain.testkit.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A real migrated PostgreSQL with a small cold chain registered in it (a truck carrying a dairy
 * batch from a depot to a store, its cold room and display case), readings written through
 * ingest's own {@link BatchWriter} (decoded from contract-shaped JSON), and alerting evaluated by
 * {@link AlertingVerticle#round()} on the test's thread with a clock the test moves.
 */
final class AlertFixture implements AutoCloseable {
    static final String TENANT = "acme";
    /** Event times start here: six hours ago, on the minute, so nothing is in the future. */
    final Instant t0;

    final HikariDataSource pool;
    final MutableClock clock = new MutableClock(Instant.now());
    private final BatchWriter writer;
    private final MessageDecoder decoder = new MessageDecoder(Clock.systemUTC());

    AlertFixture(String prefix) throws SQLException {
        this(prefix, Instant.now().minus(Duration.ofHours(6)).truncatedTo(ChronoUnit.MINUTES));
    }

    /**
     * With the event times of another fixture ({@code other.t0}): a test that compares two runs' alerts
     * by their timestamps must not depend on whether a minute boundary passed between the two.
     */
    AlertFixture(String prefix, Instant t0) throws SQLException {
        this.t0 = t0;
        TestDatabase db = TestDatabase.get();
        pool = Database.pool(db.newDatabase(prefix), db.user(), db.password(), 4, prefix);
        Database.migrate(pool, StorageOptions.defaults());
        writer = new BatchWriter(pool);
        sql(
                "INSERT INTO sites (tenant, site, name, kind, region, address) VALUES "
                        + "('acme', 'depot-1', 'Depot', 'depot', '320300', 'Road 1'), "
                        + "('acme', 'store-1', 'Store', 'store', '320300', 'Street 2')",
                "INSERT INTO assets (tenant, asset, name, kind, site, profile) VALUES "
                        + "('acme', 'truck-1', 'Truck', 'truck', NULL, NULL), "
                        + "('acme', 'room-1', 'Cold room', 'cold_room', 'store-1', NULL), "
                        + "('acme', 'case-1', 'Display case', 'display_case', 'store-1', NULL)",
                "INSERT INTO products (tenant, sku, name, profile) VALUES ('acme', 'milk-1l', 'Fresh milk 1 l', 'dairy-chilled')",
                "INSERT INTO batches (tenant, lot, sku, produced_at, expires_at) VALUES "
                        + "('acme', 'L1', 'milk-1l', now() - interval '2 days', now() + interval '10 days'), "
                        + "('acme', 'L2', 'milk-1l', now() - interval '2 days', now() + interval '10 days')");
        registerSensor("truck-1-p1", "gw-truck", "truck-1", 60);
        registerSensor("room-1-p1", "gw-store", "room-1", 60);
        registerSensor("case-1-p1", "gw-store", "case-1", 60);
    }

    /** Registers a sensor on an asset, as the registry's PUT does (binding and assignment history). */
    void registerSensor(String sensor, String gateway, String asset, int expectedIntervalS) throws SQLException {
        try (Connection c = pool.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO sensors (tenant, sensor, gateway, asset, expected_interval_s) "
                                + "VALUES ('acme', ?, ?, ?, ?)")) {
            ps.setString(1, sensor);
            ps.setString(2, gateway);
            ps.setString(3, asset);
            ps.setInt(4, expectedIntervalS);
            ps.executeUpdate();
        }
        sql("INSERT INTO sensor_assignments (tenant, sensor, asset, valid_from, valid_to) VALUES ('acme', '" + sensor
                + "', '" + asset + "', '-infinity', NULL)");
    }

    /**
     * A raw-milk chain beside the dairy one: a farm and a plant, two tankers with a probe each
     * (gateways gw-tanker-1 and gw-tanker-2), and the product raw-milk-bulk under the default
     * raw-milk profile.
     */
    void rawMilkChain() throws SQLException {
        sql(
                "INSERT INTO sites (tenant, site, name, kind, region, address) VALUES "
                        + "('acme', 'farm-1', 'Farm', 'farm', '320300', 'Lane 3'), "
                        + "('acme', 'plant-1', 'Dairy plant', 'plant', '320300', 'Works 4')",
                "INSERT INTO assets (tenant, asset, name, kind, site, profile) VALUES "
                        + "('acme', 'tanker-1', 'Tanker 1', 'tanker', NULL, NULL), "
                        + "('acme', 'tanker-2', 'Tanker 2', 'tanker', NULL, NULL)",
                "INSERT INTO products (tenant, sku, name, profile) VALUES "
                        + "('acme', 'raw-milk-bulk', 'Raw milk', 'raw-milk')");
        registerSensor("tanker-1-p1", "gw-tanker-1", "tanker-1", 60);
        registerSensor("tanker-2-p1", "gw-tanker-2", "tanker-2", 60);
    }

    /** A batch of raw milk milked at {@code producedAt}. */
    void rawMilkBatch(String lot, Instant producedAt) throws SQLException {
        sql("INSERT INTO batches (tenant, lot, sku, produced_at, expires_at) VALUES ('acme', '" + lot
                + "', 'raw-milk-bulk', '" + producedAt + "', '" + producedAt.plus(Duration.ofDays(5)) + "')");
    }

    /** A tanker leg from the farm to the plant, minutes after t0; {@code to} null while on the road. */
    void haul(String id, String tanker, Integer from, Integer to, String lot) throws SQLException {
        sql(
                "INSERT INTO shipments (tenant, shipment, asset, origin, destination, departed_at, arrived_at) VALUES "
                        + "('acme', '" + id + "', '" + tanker + "', 'farm-1', 'plant-1', '" + at(from) + "', "
                        + (to == null ? "NULL" : "'" + at(to) + "'") + ")",
                "INSERT INTO shipment_batches (tenant, shipment, lot, ord) VALUES ('acme', '" + id + "', '" + lot
                        + "', 0)");
    }

    /** A shipment of the lots on the truck from {@code from} (minutes after t0) until {@code to} (null: open). */
    void ship(String id, Integer from, Integer to, String... lots) throws SQLException {
        sql("INSERT INTO shipments (tenant, shipment, asset, origin, destination, departed_at, arrived_at) VALUES "
                + "('acme', '" + id + "', 'truck-1', 'depot-1', 'store-1', '" + at(from) + "', "
                + (to == null ? "NULL" : "'" + at(to) + "'") + ")");
        for (int i = 0; i < lots.length; i++) {
            sql("INSERT INTO shipment_batches (tenant, shipment, lot, ord) VALUES ('acme', '" + id + "', '" + lots[i]
                    + "', " + i + ")");
        }
    }

    void place(String lot, String asset, Integer from, Integer to) throws SQLException {
        sql("INSERT INTO placements (tenant, lot, asset, from_ts, to_ts) VALUES ('acme', '" + lot + "', '" + asset
                + "', '" + at(from) + "', " + (to == null ? "NULL" : "'" + at(to) + "'") + ")");
    }

    Instant at(int minutes) {
        return t0.plus(Duration.ofMinutes(minutes));
    }

    /**
     * Publishes readings of one sensor, one per minute from {@code fromMin}, with the given
     * temperatures, in one message through ingest's writer (as a gateway's message would arrive).
     */
    void readings(String gateway, String sensor, int fromMin, double... temps) throws SQLException {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < temps.length; i++) {
            items.add(reading(sensor, fromMin + i, temps[i]));
        }
        message(gateway, items);
    }

    static String reading(String sensor, int minute, double temp) {
        return String.format(
                Locale.ROOT, "{\"sensor\":\"%s\",\"ts\":%d,\"temp_c\":%.2f,\"battery_v\":3.1}", sensor, minute, temp);
    }

    /** One message of already formatted readings; {@code ts} given as minutes after t0 is rewritten to epoch ms. */
    void message(String gateway, List<String> items) throws SQLException {
        List<String> fixed = new ArrayList<>();
        for (String item : items) {
            int p = item.indexOf("\"ts\":") + 5;
            int q = item.indexOf(',', p);
            long minute = Long.parseLong(item.substring(p, q));
            fixed.add(item.substring(0, p) + at((int) minute).toEpochMilli() + item.substring(q));
        }
        String topic = "coldchain/v1/acme/" + gateway + "/readings";
        byte[] payload = ("{\"readings\":[" + String.join(",", fixed) + "]}").getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.now();
        InboundMessage m = InboundMessage.readings(
                topic, payload, now, System.nanoTime(), decoder.decode(topic, payload, now), () -> {});
        writer.write(List.of(m));
    }

    AlertingVerticle verticle(AlertingOptions options) {
        return verticle(options, new SimpleMeterRegistry());
    }

    /** With the test's own meter registry, to read the evaluator's counters. */
    AlertingVerticle verticle(AlertingOptions options, MeterRegistry metrics) {
        return new AlertingVerticle(pool, options, new OutboxStore()::append, metrics, clock);
    }

    /** {@code n} readings of the same temperature. */
    static double[] repeat(double value, int n) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, value);
        return out;
    }

    /** Evaluates everything queued. */
    void evaluate(AlertingVerticle v) throws SQLException {
        AlertingVerticle.Round r;
        do {
            r = v.round();
            // A sensor that failed is queued again: failing here beats looping on it for ever.
            if (r.done() != r.claimed()) {
                throw new AssertionError("an evaluation failed (see the log): " + r);
            }
        } while (r.claimed() > 0);
    }

    /** The notification events written to the outbox, in order. */
    List<String> events() throws SQLException {
        return strings("SELECT event FROM alert_outbox ORDER BY id");
    }

    long count(String query) throws SQLException {
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    List<String> strings(String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    void sql(String... statements) throws SQLException {
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** A clock the test moves (escalation, live gaps). */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}

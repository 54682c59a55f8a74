package io.coldchain.registry.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.db.Database;
import io.coldchain.core.profile.DefaultProfiles;
import io.coldchain.core.profile.Profile;
import io.coldchain.core.profile.Rule;
import io.coldchain.registry.AuditStore;
import io.coldchain.registry.RegistryStore;
import io.coldchain.registry.RegistryStore.Actor;
import io.coldchain.registry.RegistryStore.Entity;
import io.coldchain.registry.attribution.AttributionStore.AssetSensor;
import io.coldchain.registry.profile.ProfileStore;
import io.coldchain.testkit.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link AttributionStore} and {@link ProfileStore} against a real, migrated PostgreSQL. Sensors are
 * registered through api's {@link RegistryStore} (which writes {@code sensor_assignments}); the rest
 * is written with plain SQL. Each test works in a tenant of its own.
 */
class AttributionStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    private static final Actor ADMIN = new Actor("tester", "admin");

    private static HikariDataSource pool;
    private static final AttributionStore attribution = new AttributionStore();
    private static final ProfileStore profiles = new ProfileStore();
    private static final RegistryStore registry = new RegistryStore(new AuditStore());

    @BeforeAll
    static void start() {
        TestDatabase db = TestDatabase.get();
        pool = Database.pool(db.newDatabase("attribution"), db.user(), db.password(), 2, "attribution-test");
        Database.migrate(pool, StorageOptions.defaults());
    }

    @AfterAll
    static void stop() {
        if (pool != null) {
            pool.close();
        }
    }

    private static Instant h(double hours) {
        return T0.plusSeconds(Math.round(hours * 3600));
    }

    // ---------------------------------------------------------------- the scenarios of the issue

    @Test
    void batchDeliveredFromTruckToColdRoomThenPlacedInDisplayCase() throws Exception {
        String t = "chain";
        deliveryChain(t);
        try (Connection c = pool.getConnection()) {
            List<Segment> truck = attribution.segments(c, t, "truck-s", h(0), h(4));
            assertThat(truck)
                    .extracting(
                            Segment::from,
                            Segment::to,
                            Segment::asset,
                            Segment::assetKind,
                            Segment::site,
                            Segment::siteRegion,
                            AttributionStoreTest::lots)
                    .containsExactly(
                            tuple(h(0), h(1), "truck-1", "truck", null, null, List.of()),
                            tuple(h(1), h(3), "truck-1", "truck", null, null, List.of("L1")),
                            tuple(h(3), h(4), "truck-1", "truck", null, null, List.of()));
            Stay onTruck = truck.get(1).batches().get(0);
            assertThat(onTruck)
                    .isEqualTo(new Stay(
                            "L1",
                            "milk",
                            "Milk",
                            "dairy-chilled",
                            "truck-1",
                            "truck",
                            null,
                            "shipment",
                            "S1",
                            h(1),
                            h(3)));
            assertThat(ids(truck.get(0))).isEmpty();
            assertThat(ids(truck.get(1))).containsExactly("dairy-chilled");

            List<Segment> room = attribution.segments(c, t, "room-s", h(0), h(6));
            assertThat(room)
                    .extracting(
                            Segment::from, Segment::to, Segment::site, Segment::siteRegion, AttributionStoreTest::lots)
                    .containsExactly(
                            tuple(h(0), h(3), "store-1", "320300", List.of()),
                            tuple(h(3), h(5), "store-1", "320300", List.of("L1")),
                            tuple(h(5), h(6), "store-1", "320300", List.of()));
            assertThat(room.get(1).batches().get(0).via()).isEqualTo("placement");
            assertThat(room.get(1).batches().get(0).site()).isEqualTo("store-1");

            List<Segment> display = attribution.segments(c, t, "case-s", h(0), h(8));
            assertThat(display)
                    .extracting(Segment::from, Segment::to, Segment::asset, AttributionStoreTest::lots)
                    .containsExactly(
                            tuple(h(0), h(5), "case-1", List.of()), tuple(h(5), h(8), "case-1", List.of("L1")));
            assertThat(display.get(1).batches().get(0).to()).isNull(); // still there

            List<Stay> journey = attribution.journey(c, t, "L1");
            assertThat(journey)
                    .extracting(Stay::asset, Stay::assetKind, Stay::site, Stay::via, Stay::from, Stay::to)
                    .containsExactly(
                            tuple("truck-1", "truck", null, "shipment", h(1), h(3)),
                            tuple("room-1", "cold_room", "store-1", "placement", h(3), h(5)),
                            tuple("case-1", "display_case", "store-1", "placement", h(5), null));
            assertThat(journey.get(0).ref()).isEqualTo("S1");
            assertThat(journey.get(1).ref()).isEqualTo(placementId(c, t, "room-1"));

            assertThat(attribution.batchesOnAsset(c, t, "room-1", h(0), h(10))).containsExactly(journey.get(1));
            assertThat(attribution.batchesOnAsset(c, t, "room-1", h(5), h(10))).isEmpty();
            assertThat(attribution.sensorsOnAsset(c, t, "room-1", h(0), h(10)))
                    .containsExactly(new AssetSensor("room-s", 1800, LocalDate.parse("2027-06-30"), h(0), h(10)));
            assertThat(attribution.sensorsOnAsset(c, t, "truck-1", h(0), h(10)))
                    .extracting(AssetSensor::sensor, AssetSensor::expectedIntervalS, AssetSensor::calibrationDue)
                    .containsExactly(tuple("truck-s", 600, null));
        }
    }

    @Test
    void intervalsTouchingAtTheirEndsAreHalfOpen() throws Exception {
        String t = "touch";
        deliveryChain(t);
        Instant delivery = h(3);
        Instant justAfter = delivery.plusMillis(1);
        try (Connection c = pool.getConnection()) {
            // At the instant of delivery the batch is in the cold room, no longer on the truck.
            assertThat(lots(attribution
                            .segments(c, t, "truck-s", delivery, justAfter)
                            .get(0)))
                    .isEmpty();
            assertThat(lots(attribution
                            .segments(c, t, "room-s", delivery, justAfter)
                            .get(0)))
                    .containsExactly("L1");
            assertThat(attribution.batchesOnAsset(c, t, "truck-1", delivery, h(4)))
                    .isEmpty();
            assertThat(attribution.batchesOnAsset(c, t, "room-1", delivery, justAfter))
                    .extracting(Stay::lot)
                    .containsExactly("L1");
            // The last instant before it, the other way round.
            Instant justBefore = delivery.minusMillis(1);
            assertThat(lots(attribution
                            .segments(c, t, "truck-s", justBefore, delivery)
                            .get(0)))
                    .containsExactly("L1");
            assertThat(lots(attribution
                            .segments(c, t, "room-s", justBefore, delivery)
                            .get(0)))
                    .isEmpty();
            // A window across the instant is cut exactly there.
            assertThat(attribution.segments(c, t, "room-s", justBefore, justAfter))
                    .extracting(Segment::from, Segment::to, AttributionStoreTest::lots)
                    .containsExactly(tuple(justBefore, delivery, List.of()), tuple(delivery, justAfter, List.of("L1")));
            // The same between the cold room and the display case (two placements touching).
            assertThat(attribution.batchesOnAsset(c, t, "room-1", h(5), h(6))).isEmpty();
            assertThat(attribution.batchesOnAsset(c, t, "case-1", h(4), h(5))).isEmpty();
            // An empty window has no segments.
            assertThat(attribution.segments(c, t, "room-s", delivery, delivery)).isEmpty();
        }
    }

    @Test
    void twoBatchesWithDifferentProductProfilesOnOneTruckBothApplyOnce() throws Exception {
        String t = "mixed";
        try (Connection c = tx()) {
            site(c, t, "plant-1", "110100");
            site(c, t, "store-1", "320300");
            asset(c, t, "truck-1", "truck", null, null);
            product(c, t, "milk", "Milk", "dairy-chilled");
            product(c, t, "yoghurt", "Yoghurt", "dairy-chilled");
            product(c, t, "beef", "Beef", "meat-chilled");
            batch(c, t, "L1", "milk");
            batch(c, t, "L2", "beef");
            batch(c, t, "L3", "yoghurt");
            shipment(c, t, "S1", "truck-1", h(1), h(4), "L1", "L2", "L3");
            sensor(c, t, "truck-s", "truck-1");
            c.commit();
        }
        try (Connection c = pool.getConnection()) {
            List<Segment> segments = attribution.segments(c, t, "truck-s", h(2), h(3));
            assertThat(segments).hasSize(1);
            assertThat(lots(segments.get(0))).containsExactly("L1", "L2", "L3");
            assertThat(segments.get(0).profiles())
                    .containsExactly(defaultProfile("dairy-chilled"), defaultProfile("meat-chilled"));
        }
    }

    @Test
    void assetsOwnProfileComesFirstThenProductProfilesDistinct() throws Exception {
        String t = "own";
        try (Connection c = tx()) {
            site(c, t, "store-1", "320300");
            asset(c, t, "room-1", "cold_room", "store-1", "meat-chilled");
            product(c, t, "milk", "Milk", "dairy-chilled");
            product(c, t, "beef", "Beef", "meat-chilled");
            batch(c, t, "L1", "milk");
            batch(c, t, "L2", "beef");
            placement(c, t, "L1", "room-1", h(1), h(3));
            placement(c, t, "L2", "room-1", h(2), null);
            sensor(c, t, "room-s", "room-1");
            c.commit();
        }
        try (Connection c = pool.getConnection()) {
            List<Segment> segments = attribution.segments(c, t, "room-s", h(0), h(4));
            assertThat(segments)
                    .extracting(Segment::from, Segment::to, AttributionStoreTest::lots, AttributionStoreTest::ids)
                    .containsExactly(
                            tuple(h(0), h(1), List.of(), List.of("meat-chilled")),
                            tuple(h(1), h(2), List.of("L1"), List.of("meat-chilled", "dairy-chilled")),
                            tuple(h(2), h(3), List.of("L1", "L2"), List.of("meat-chilled", "dairy-chilled")),
                            tuple(h(3), h(4), List.of("L2"), List.of("meat-chilled")));
        }
    }

    @Test
    void readingsBeforeRegistrationAreAttributable() throws Exception {
        String t = "early";
        try (Connection c = tx()) {
            site(c, t, "store-1", "320300");
            asset(c, t, "case-1", "display_case", "store-1", "dairy-chilled");
            // Known to ingest before the registry placed it (bound to its gateway, no asset).
            exec(c, "INSERT INTO sensors (tenant, sensor, gateway) VALUES (?, ?, 'gw-1')", t, "case-s");
            c.commit();
        }
        try (Connection c = pool.getConnection()) {
            assertThat(attribution.segments(c, t, "case-s", h(-24), h(0))).isEmpty(); // not yet attributable
        }
        try (Connection c = tx()) {
            sensor(c, t, "case-s", "case-1"); // registered now, long after T0
            c.commit();
        }
        try (Connection c = pool.getConnection()) {
            assertThat(assignments(c, t, "case-s")).containsExactly("case-1 -infinity open");
            List<Segment> old = attribution.segments(c, t, "case-s", h(-24), h(0));
            assertThat(old)
                    .extracting(Segment::from, Segment::to, Segment::asset, Segment::site, AttributionStoreTest::ids)
                    .containsExactly(tuple(h(-24), h(0), "case-1", "store-1", List.of("dairy-chilled")));
            assertThat(attribution.sensorsOnAsset(c, t, "case-1", h(-24), h(0)))
                    .extracting(AssetSensor::sensor, AssetSensor::from, AssetSensor::to)
                    .containsExactly(tuple("case-s", h(-24), h(0)));
            // A sensor the registry never heard of, and one that is registered but was never assigned.
            assertThat(attribution.segments(c, t, "nobody", h(-24), h(0))).isEmpty();
        }
    }

    @Test
    void aSensorMovedBetweenAssetsSplitsItsSegmentsAtTheMove() throws Exception {
        String t = "moved";
        try (Connection c = tx()) {
            site(c, t, "store-1", "320300");
            site(c, t, "store-2", "440300");
            asset(c, t, "room-1", "cold_room", "store-1", null);
            asset(c, t, "room-2", "cold_room", "store-2", "frozen");
            sensor(c, t, "probe", "room-1");
            c.commit();
        }
        try (Connection c = tx()) {
            // Same asset, other settings: no new assignment.
            registry.put(c, Entity.SENSOR, t, "probe", sensorBody("room-1").put("expected_interval_s", 60), ADMIN);
            c.commit();
        }
        Instant beforeMove = Instant.now().minusSeconds(1);
        try (Connection c = tx()) {
            registry.put(c, Entity.SENSOR, t, "probe", sensorBody("room-2").put("expected_interval_s", 60), ADMIN);
            c.commit();
        }
        Instant afterMove = Instant.now().plusSeconds(1);
        try (Connection c = pool.getConnection()) {
            List<String> rows = assignments(c, t, "probe");
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0)).startsWith("room-1 -infinity ");
            assertThat(rows.get(1)).startsWith("room-2 ").endsWith(" open");
            Instant move = moveTime(c, t, "probe");
            assertThat(move).isBetween(beforeMove, afterMove);

            Instant from = beforeMove.minus(Duration.ofDays(1));
            Instant to = afterMove.plus(Duration.ofHours(1));
            List<Segment> segments = attribution.segments(c, t, "probe", from, to);
            assertThat(segments)
                    .extracting(
                            Segment::from,
                            Segment::to,
                            Segment::asset,
                            Segment::site,
                            Segment::siteRegion,
                            AttributionStoreTest::ids)
                    .containsExactly(
                            tuple(from, move, "room-1", "store-1", "320300", List.of()),
                            tuple(move, to, "room-2", "store-2", "440300", List.of("frozen")));
            assertThat(attribution.sensorsOnAsset(c, t, "room-1", from, to))
                    .extracting(AssetSensor::sensor, AssetSensor::expectedIntervalS, AssetSensor::from, AssetSensor::to)
                    .containsExactly(tuple("probe", 60, from, move));
            assertThat(attribution.sensorsOnAsset(c, t, "room-2", from, to))
                    .extracting(AssetSensor::from, AssetSensor::to)
                    .containsExactly(tuple(move, to));
            assertThat(attribution.sensorsOnAsset(c, t, "room-2", from, move)).isEmpty(); // half-open
        }
    }

    @Test
    void neighbouringAssignmentsToTheSameAssetMergeIntoOneSegment() throws Exception {
        String t = "merge";
        try (Connection c = tx()) {
            site(c, t, "store-1", "320300");
            asset(c, t, "room-1", "cold_room", "store-1", null);
            exec(c, "INSERT INTO sensors (tenant, sensor, gateway, asset) VALUES (?, 'probe', 'gw-1', 'room-1')", t);
            exec(c, "INSERT INTO sensor_assignments VALUES (?, 'probe', 'room-1', '-infinity', ?)", t, h(2));
            exec(c, "INSERT INTO sensor_assignments VALUES (?, 'probe', 'room-1', ?, NULL)", t, h(2));
            c.commit();
        }
        try (Connection c = pool.getConnection()) {
            assertThat(attribution.segments(c, t, "probe", h(0), h(4)))
                    .extracting(Segment::from, Segment::to, Segment::asset)
                    .containsExactly(tuple(h(0), h(4), "room-1"));
        }
    }

    @Test
    void aTenantsOverrideOfADefaultProfileAppliesToThatTenantOnly() throws Exception {
        try (Connection c = tx()) {
            for (String t : List.of("override", "plain")) {
                site(c, t, "store-1", "320300");
                asset(c, t, "case-1", "display_case", "store-1", null);
                product(c, t, "milk", "Milk", "dairy-chilled");
                batch(c, t, "L1", "milk");
                placement(c, t, "L1", "case-1", h(1), null);
                sensor(c, t, "case-s", "case-1");
            }
            exec(
                    c,
                    "INSERT INTO profiles (tenant, profile, name, min_c, max_c, rules) VALUES ('override', 'dairy-chilled', "
                            + "'Our dairy', 1.0, 5.0, CAST(? AS jsonb))",
                    "[{\"kind\":\"above\",\"threshold_c\":5.0,\"delay_min\":10,\"severity\":\"warning\"},"
                            + "{\"kind\":\"cumulative_above\",\"threshold_c\":5.0,\"budget_min\":60,\"severity\":\"critical\"}]");
            c.commit();
        }
        Profile ours = new Profile(
                "dairy-chilled",
                "Our dairy",
                1.0,
                5.0,
                List.of(
                        Rule.timed(Rule.Kind.ABOVE, 5, Duration.ofMinutes(10), Rule.Severity.WARNING),
                        Rule.cumulative(
                                Rule.Kind.CUMULATIVE_ABOVE, 5, Duration.ofMinutes(60), Rule.Severity.CRITICAL)));
        try (Connection c = pool.getConnection()) {
            assertThat(attribution
                            .segments(c, "override", "case-s", h(1), h(2))
                            .get(0)
                            .profiles())
                    .containsExactly(ours);
            assertThat(attribution
                            .segments(c, "plain", "case-s", h(1), h(2))
                            .get(0)
                            .profiles())
                    .containsExactly(defaultProfile("dairy-chilled"));
            assertThat(profiles.find(c, "override", "dairy-chilled")).contains(ours);
            assertThat(profiles.find(c, "plain", "dairy-chilled")).contains(defaultProfile("dairy-chilled"));
            assertThat(profiles.find(c, "plain", "no-such")).isEmpty();
            assertThat(profiles.all(c, "override"))
                    .hasSize(DefaultProfiles.all().size())
                    .contains(ours)
                    .doesNotContain(defaultProfile("dairy-chilled"));
            assertThat(profiles.exists(c, "plain", "frozen")).isTrue();
            assertThat(profiles.exists(c, "plain", "no-such")).isFalse();
            assertThat(registry.exists(c, Entity.PROFILE, "plain", "frozen")).isTrue();
            assertThat(registry.profile(c, "override", "dairy-chilled")).contains(ours);
        }
    }

    @Test
    void otherTenantsRowsNeverLeak() throws Exception {
        // The same ids in two tenants; only the times and regions differ.
        try (Connection c = tx()) {
            for (String t : List.of("north", "south")) {
                site(c, t, "plant-1", "110100");
                site(c, t, "store-1", t.equals("north") ? "110100" : "440300");
                asset(c, t, "truck-1", "truck", null, null);
                asset(c, t, "room-1", "cold_room", "store-1", null);
                product(c, t, "milk", "Milk", t.equals("north") ? "dairy-chilled" : "frozen");
                batch(c, t, "L1", "milk");
                sensor(c, t, "truck-s", "truck-1");
                sensor(c, t, "room-s", "room-1");
            }
            shipment(c, "north", "S1", "truck-1", h(1), h(2), "L1");
            placement(c, "north", "L1", "room-1", h(2), null);
            shipment(c, "south", "S1", "truck-1", h(5), h(6), "L1");
            c.commit();
        }
        try (Connection c = pool.getConnection()) {
            assertThat(attribution.segments(c, "north", "truck-s", h(0), h(8)))
                    .extracting(Segment::from, Segment::to, AttributionStoreTest::lots, AttributionStoreTest::ids)
                    .containsExactly(
                            tuple(h(0), h(1), List.of(), List.of()),
                            tuple(h(1), h(2), List.of("L1"), List.of("dairy-chilled")),
                            tuple(h(2), h(8), List.of(), List.of()));
            assertThat(attribution.segments(c, "south", "truck-s", h(0), h(8)))
                    .extracting(Segment::from, Segment::to, AttributionStoreTest::lots, AttributionStoreTest::ids)
                    .containsExactly(
                            tuple(h(0), h(5), List.of(), List.of()),
                            tuple(h(5), h(6), List.of("L1"), List.of("frozen")),
                            tuple(h(6), h(8), List.of(), List.of()));
            assertThat(attribution.segments(c, "south", "room-s", h(0), h(8)))
                    .extracting(Segment::siteRegion, AttributionStoreTest::lots)
                    .containsExactly(tuple("440300", List.of()));
            assertThat(attribution.journey(c, "north", "L1"))
                    .extracting(Stay::asset, Stay::from)
                    .containsExactly(tuple("truck-1", h(1)), tuple("room-1", h(2)));
            assertThat(attribution.journey(c, "south", "L1"))
                    .extracting(Stay::asset, Stay::from)
                    .containsExactly(tuple("truck-1", h(5)));
            assertThat(attribution.batchesOnAsset(c, "south", "room-1", h(0), h(8)))
                    .isEmpty();
            assertThat(attribution.sensorsOnAsset(c, "south", "truck-1", h(0), h(8)))
                    .extracting(AssetSensor::sensor)
                    .containsExactly("truck-s");
            assertThat(attribution.segments(c, "west", "truck-s", h(0), h(8))).isEmpty();
            assertThat(attribution.journey(c, "west", "L1")).isEmpty();
        }
    }

    // ---------------------------------------------------------------- fixtures

    /** Truck → store cold room (delivered at h3) → display case (from h5, open). */
    private static void deliveryChain(String t) throws SQLException {
        try (Connection c = tx()) {
            site(c, t, "plant-1", "110100");
            site(c, t, "store-1", "320300");
            asset(c, t, "truck-1", "truck", null, null);
            asset(c, t, "room-1", "cold_room", "store-1", null);
            asset(c, t, "case-1", "display_case", "store-1", null);
            product(c, t, "milk", "Milk", "dairy-chilled");
            batch(c, t, "L1", "milk");
            shipment(c, t, "S1", "truck-1", h(1), null, "L1");
            exec(c, "UPDATE shipments SET arrived_at = ? WHERE tenant = ? AND shipment = 'S1'", h(3), t); // delivered
            placement(c, t, "L1", "room-1", h(3), h(5));
            placement(c, t, "L1", "case-1", h(5), null);
            registry.put(c, Entity.SENSOR, t, "truck-s", sensorBody("truck-1").put("expected_interval_s", 600), ADMIN);
            registry.put(
                    c,
                    Entity.SENSOR,
                    t,
                    "room-s",
                    sensorBody("room-1").put("expected_interval_s", 1800).put("calibration_due", "2027-06-30"),
                    ADMIN);
            sensor(c, t, "case-s", "case-1");
            c.commit();
        }
    }

    private static Connection tx() throws SQLException {
        Connection c = pool.getConnection();
        c.setAutoCommit(false);
        return c;
    }

    private static void site(Connection c, String t, String site, String region) throws SQLException {
        exec(
                c,
                "INSERT INTO sites (tenant, site, name, kind, region, address) VALUES (?, ?, ?, 'store', ?, '1 Main St')",
                t,
                site,
                site,
                region);
    }

    private static void asset(Connection c, String t, String asset, String kind, String site, String profile)
            throws SQLException {
        exec(
                c,
                "INSERT INTO assets (tenant, asset, name, kind, site, profile) VALUES (?, ?, ?, ?, ?, ?)",
                t,
                asset,
                asset,
                kind,
                site,
                profile);
    }

    private static void product(Connection c, String t, String sku, String name, String profile) throws SQLException {
        exec(c, "INSERT INTO products (tenant, sku, name, profile) VALUES (?, ?, ?, ?)", t, sku, name, profile);
    }

    private static void batch(Connection c, String t, String lot, String sku) throws SQLException {
        exec(
                c,
                "INSERT INTO batches (tenant, lot, sku, produced_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                t,
                lot,
                sku,
                h(-48),
                h(24 * 30));
    }

    private static void shipment(
            Connection c, String t, String id, String asset, Instant departed, Instant arrived, String... lots)
            throws SQLException {
        exec(
                c,
                "INSERT INTO shipments (tenant, shipment, asset, origin, destination, departed_at, arrived_at) "
                        + "VALUES (?, ?, ?, 'plant-1', 'store-1', ?, ?)",
                t,
                id,
                asset,
                departed,
                arrived);
        for (int i = 0; i < lots.length; i++) {
            exec(c, "INSERT INTO shipment_batches (tenant, shipment, lot, ord) VALUES (?, ?, ?, ?)", t, id, lots[i], i);
        }
    }

    private static void placement(Connection c, String t, String lot, String asset, Instant from, Instant to)
            throws SQLException {
        exec(
                c,
                "INSERT INTO placements (tenant, lot, asset, from_ts, to_ts) VALUES (?, ?, ?, ?, ?)",
                t,
                lot,
                asset,
                from,
                to);
    }

    /** Registers (or re-registers) a sensor on an asset through the registry, as the sensor PUT does. */
    private static void sensor(Connection c, String t, String sensor, String asset) throws SQLException {
        registry.put(c, Entity.SENSOR, t, sensor, sensorBody(asset), ADMIN);
    }

    private static JsonObject sensorBody(String asset) {
        return new JsonObject()
                .put("gateway", "gw-1")
                .put("asset", asset)
                .put("expected_interval_s", null)
                .put("calibration_due", null);
    }

    private static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                if (a instanceof Instant t) {
                    ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC), Types.TIMESTAMP_WITH_TIMEZONE);
                } else if (a == null) {
                    ps.setNull(i + 1, Types.OTHER); // untyped: the column decides
                } else {
                    ps.setObject(i + 1, a);
                }
            }
            ps.executeUpdate();
        }
    }

    /** A sensor's assignment rows as "asset valid_from valid_to" ("open" for a null end), oldest first. */
    private static List<String> assignments(Connection c, String t, String sensor) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT asset, CAST(valid_from AS text), "
                + "coalesce(CAST(valid_to AS text), 'open') FROM sensor_assignments WHERE tenant = ? AND sensor = ? "
                + "ORDER BY valid_from")) {
            ps.setString(1, t);
            ps.setString(2, sensor);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
        }
        return out;
    }

    /** When the sensor's current assignment began (the end of the previous one). */
    private static Instant moveTime(Connection c, String t, String sensor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.valid_to, n.valid_from FROM sensor_assignments p "
                + "JOIN sensor_assignments n ON n.tenant = p.tenant AND n.sensor = p.sensor AND n.valid_to IS NULL "
                + "WHERE p.tenant = ? AND p.sensor = ? AND p.valid_to IS NOT NULL")) {
            ps.setString(1, t);
            ps.setString(2, sensor);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                Instant closed = rs.getObject(1, OffsetDateTime.class).toInstant();
                Instant opened = rs.getObject(2, OffsetDateTime.class).toInstant();
                assertThat(closed).isEqualTo(opened); // no gap, no overlap
                return opened;
            }
        }
    }

    private static String placementId(Connection c, String t, String asset) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM placements WHERE tenant = ? AND asset = ?")) {
            ps.setString(1, t);
            ps.setString(2, asset);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return Long.toString(rs.getLong(1));
            }
        }
    }

    private static Profile defaultProfile(String id) {
        return DefaultProfiles.all().stream()
                .filter(p -> p.id().equals(id))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> lots(Segment s) {
        return s.batches().stream().map(Stay::lot).toList();
    }

    private static List<String> ids(Segment s) {
        return s.profiles().stream().map(Profile::id).toList();
    }
}

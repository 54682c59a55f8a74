package io.coldchain.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.coldchain.records.excursion.ExcursionRecord;
import io.coldchain.records.export.TraceJson;
import io.coldchain.records.log.SeriesStore;
import io.coldchain.records.trace.BatchTrace;
import io.coldchain.records.trace.BatchTrace.Leg;
import io.coldchain.records.trace.BatchTraceService;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.calibration.CalibrationStore;
import io.coldchain.registry.profile.ProfileStore;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A dairy lot trucked from the plant to a store (an excursion on the truck) and then put in a
 * display case (a gap in the case's record), traced and checked value by value.
 */
class BatchTraceTest {
    static final String T = "dairy";
    static final Instant DEPART = Instant.parse("2026-11-05T06:00:00Z");
    static final Instant ARRIVE = Instant.parse("2026-11-05T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-05T16:00:00Z");
    static final ExcursionRecord TRUCK_ALERT = new ExcursionRecord(
            "al-1",
            "above 6 °C for 30 min",
            "above",
            "warning",
            "truck-1-p1",
            "truck-1",
            Instant.parse("2026-11-05T07:00:00Z"),
            Instant.parse("2026-11-05T07:30:00Z"),
            7.0,
            Duration.ofMinutes(30),
            "resolved",
            new ExcursionRecord.Ack("qa-zhao", Instant.parse("2026-11-05T07:20:00Z"), "reefer restarted"),
            "Reefer unit serviced; lot held for QA",
            InMemoryExcursions.dispositions("LOT-A", "hold"));

    static RecordsFixture db;
    static BatchTraceService service;

    @BeforeAll
    static void setUp() throws Exception {
        db = new RecordsFixture("trace");
        db.site(T, "plant-1", "320100");
        db.site(T, "store-7", "320300");
        db.asset(T, "truck-1", "truck", null, null);
        db.asset(T, "case-7", "display_case", "store-7", "dairy-chilled");
        db.sensor(T, "truck-1-p1", "truck-1", 60);
        db.sensor(T, "case-7-p1", "case-7", 300);
        db.exec(
                "INSERT INTO products (tenant, sku, name, profile) VALUES (?, 'milk-1l', 'Fresh milk 1 l', 'dairy-chilled')",
                T);
        db.exec(
                "INSERT INTO batches (tenant, lot, sku, produced_at, expires_at) VALUES (?, 'LOT-A', 'milk-1l', ?, ?)",
                T,
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-15T00:00:00Z"));
        db.exec(
                "INSERT INTO shipments (tenant, shipment, asset, origin, destination, departed_at, arrived_at) "
                        + "VALUES (?, 'S1', 'truck-1', 'plant-1', 'store-7', ?, ?)",
                T,
                DEPART,
                ARRIVE);
        db.exec("INSERT INTO shipment_batches (tenant, shipment, lot, ord) VALUES (?, 'S1', 'LOT-A', 0)", T);
        db.exec("INSERT INTO placements (tenant, lot, asset, from_ts) VALUES (?, 'LOT-A', 'case-7', ?)", T, ARRIVE);

        // Truck: a reading a minute, 4.0 °C, except 7.0 °C from 07:00 to 07:29.
        List<double[]> truck = new ArrayList<>();
        for (int m = 0; m < 240; m++) {
            truck.add(new double[] {DEPART.getEpochSecond() + m * 60L, m >= 60 && m < 90 ? 7.0 : 4.0});
        }
        db.store(T, "truck-1-p1", ARRIVE, truck);
        // Case: every 5 minutes at 3.0 °C from 10:00, nothing between 12:00 and 13:00.
        List<double[]> caseRows = new ArrayList<>();
        for (int m = 0; m < 360; m += 5) {
            if (m > 120 && m < 180) {
                continue;
            }
            caseRows.add(new double[] {ARRIVE.getEpochSecond() + m * 60L, 3.0});
        }
        db.store(T, "case-7-p1", NOW, caseRows);
        service = new BatchTraceService(
                new RegistryView(),
                new AttributionStore(),
                new ProfileStore(),
                new SeriesStore(),
                new CalibrationStore(),
                new InMemoryExcursions().add(TRUCK_ALERT, "LOT-A"));
    }

    @AfterAll
    static void tearDown() {
        db.close();
    }

    @Test
    void every_leg_with_its_figures_excursion_gap_exposure_mkt_and_where_the_batch_is() throws Exception {
        BatchTrace t;
        try (Connection c = db.connection()) {
            t = service.trace(c, service.batch(c, T, "LOT-A"), NOW);
        }
        assertThat(t.minC()).isEqualTo(2.0);
        assertThat(t.maxC()).isEqualTo(6.0);
        assertThat(t.legs()).hasSize(2);

        Leg truck = t.legs().get(0);
        assertThat(truck.asset()).isEqualTo("truck-1");
        assertThat(truck.assetKind()).isEqualTo("truck");
        assertThat(truck.site()).isNull();
        assertThat(truck.via()).isEqualTo("shipment");
        assertThat(truck.ref()).isEqualTo("S1");
        assertThat(truck.from()).isEqualTo(DEPART);
        assertThat(truck.to()).isEqualTo(ARRIVE);
        assertThat(truck.readings()).isEqualTo(240);
        assertThat(truck.minC()).isEqualTo(4.0);
        assertThat(truck.maxC()).isEqualTo(7.0);
        assertThat(truck.meanC()).isCloseTo((210 * 4.0 + 30 * 7.0) / 240, within(1e-9));
        assertThat(truck.exposure().outOfRange()).isEqualTo(Duration.ofMinutes(30));
        assertThat(truck.exposure().aboveMax()).isEqualTo(Duration.ofMinutes(30));
        assertThat(truck.exposure().belowMin()).isEqualTo(Duration.ZERO);
        assertThat(truck.gaps()).isEmpty();
        assertThat(truck.excursions()).containsExactly(TRUCK_ALERT);

        Leg display = t.legs().get(1);
        assertThat(display.asset()).isEqualTo("case-7");
        assertThat(display.site()).isEqualTo("store-7");
        assertThat(display.via()).isEqualTo("placement");
        assertThat(display.from()).isEqualTo(ARRIVE);
        assertThat(display.to()).isNull();
        assertThat(display.readings()).isEqualTo(61);
        assertThat(display.minC()).isEqualTo(3.0);
        assertThat(display.maxC()).isEqualTo(3.0);
        assertThat(display.meanC()).isEqualTo(3.0);
        assertThat(display.exposure().outOfRange()).isEqualTo(Duration.ZERO);
        assertThat(display.excursions()).isEmpty();
        assertThat(display.gaps()).singleElement().satisfies(g -> {
            assertThat(g.sensor()).isEqualTo("case-7-p1");
            assertThat(g.gap().from()).isEqualTo(Instant.parse("2026-11-05T12:00:00Z"));
            assertThat(g.gap().to()).isEqualTo(Instant.parse("2026-11-05T13:00:00Z"));
        });

        assertThat(t.exposure().outOfRange()).isEqualTo(Duration.ofMinutes(30));
        assertThat(t.excursions()).containsExactly(TRUCK_ALERT);
        // MKT by hand: 210 min at 4 °C, 30 min at 7 °C, 360 min at 3 °C (the 12:00 reading stands for the gap).
        double num = 210 * Math.exp(-10000 / 277.15) + 30 * Math.exp(-10000 / 280.15) + 360 * Math.exp(-10000 / 276.15);
        double mkt = 10000 / -Math.log(num / 600) - 273.15;
        assertThat(t.mktC()).isCloseTo(mkt, within(1e-9));
        assertThat(t.now().asset()).isEqualTo("case-7");
        assertThat(t.now().site()).isEqualTo("store-7");
        assertThat(t.now().current()).isTrue();

        JsonObject json = new JsonObject(TraceJson.render(t));
        assertThat(json.getJsonObject("cumulative").getLong("time_out_of_range_s"))
                .isEqualTo(1800);
        assertThat(json.getString("records_kept_until"))
                .isEqualTo("2028-11-01T00:00:00Z"); // 2 years beat expiry + 6 months
        assertThat(json.getJsonArray("legs")
                        .getJsonObject(0)
                        .getJsonArray("excursions")
                        .getJsonObject(0)
                        .getJsonObject("dispositions")
                        .getString("LOT-A"))
                .isEqualTo("hold");
        assertThat(json.getJsonArray("legs")
                        .getJsonObject(1)
                        .getJsonArray("gaps")
                        .getJsonObject(0)
                        .getLong("duration_s"))
                .isEqualTo(3600);
    }
}

package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.alerting.store.AlertRecord.AlertBatch;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.alerting.store.NewAlert;
import io.coldchain.records.excursion.ExcursionRecord;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records' view of the alerts table (real PostgreSQL): a site's batch-level alerts (no sensor) are
 * found by the site or by one of its assets, and every excursion carries its kind so that records
 * print the peak in the right unit.
 */
class AlertExcursionsTest {
    private static final Instant FROM = Instant.parse("2026-11-21T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-22T00:00:00Z");
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi("alert_excursions");
        try (Connection c = api.pool.getConnection()) {
            AlertStore alerts = new AlertStore();
            // Batch-level, named by the site only: listed.
            alerts.open(c, alert("acme", "not_cooled_within", null, null, "store-9", "LOT-1", "2026-11-21T03:00:00Z"));
            // Batch-level on one of the site's assets, reached elsewhere (site of another record): listed.
            alerts.open(
                    c, alert("acme", "cumulative_above", null, "case-9", "elsewhere", "LOT-2", "2026-11-21T04:00:00Z"));
            // On a sensor: the sensor's own list shows it, not the site's.
            alerts.open(
                    c, alert("acme", "humidity_above", "case-9-p1", "case-9", "store-9", null, "2026-11-21T05:00:00Z"));
            // Another site, another tenant, another day: not listed.
            alerts.open(c, alert("acme", "age_above", null, "case-1", "store-1", "LOT-3", "2026-11-21T06:00:00Z"));
            alerts.open(c, alert("other", "age_above", null, "case-9", "store-9", "LOT-4", "2026-11-21T07:00:00Z"));
            alerts.open(c, alert("acme", "age_above", null, "case-9", "store-9", "LOT-5", "2026-11-23T07:00:00Z"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    private static NewAlert alert(
            String tenant, String kind, String sensor, String asset, String site, String lot, String start) {
        Instant t = Instant.parse(start);
        return new NewAlert(
                tenant,
                kind + ":critical",
                kind,
                "critical",
                kind.equals("humidity_above") ? 70.0 : 8.0,
                0,
                null,
                List.of("dairy-chilled"),
                null,
                sensor,
                asset,
                site,
                lot,
                t,
                t.plusSeconds(1800),
                t.plusSeconds(1800),
                t,
                kind.equals("humidity_above") ? 78.0 : 9.5,
                t.plusSeconds(600),
                null,
                lot == null ? List.of() : List.of(new AlertBatch(lot, "milk", "Milk", null, null, null)));
    }

    @Test
    void a_sites_batch_level_alerts_by_site_or_asset_oldest_first() throws Exception {
        List<ExcursionRecord> site;
        List<ExcursionRecord> sensor;
        try (Connection c = api.pool.getConnection()) {
            site = new AlertExcursions().ofSite(c, "acme", "store-9", List.of("case-9"), FROM, TO);
            sensor = new AlertExcursions().ofSensor(c, "acme", "case-9-p1", FROM, TO);
        }
        assertThat(site).extracting(ExcursionRecord::kind).containsExactly("not_cooled_within", "cumulative_above");
        assertThat(site).allSatisfy(e -> {
            assertThat(e.sensor()).isNull();
            assertThat(e.peakC()).isEqualTo(9.5);
        });
        assertThat(sensor).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("humidity_above");
            assertThat(e.peakC()).isNull();
            assertThat(e.peakValue()).isEqualTo(78.0);
            assertThat(e.unit()).isEqualTo("%RH");
        });
    }
}

package io.coldchain.alerting.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.core.config.AlertingOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * humidity_above (the default infant-formula profile, 65 % RH for 4 h) and door_open (a tenant's
 * own profile on a display case, 10 min) end to end below the edges: readings with {@code rh} and
 * {@code door_open} through ingest's writer into a real PostgreSQL, alerts read back. Just short of
 * each delay raises nothing, exactly the delay raises one alert, whatever the arrival order, and a
 * redelivery changes nothing.
 */
class HumidityDoorIT {
    private static final AlertingOptions OPTIONS = AlertingOptions.defaults();

    private static String humid(int minute, double rh) {
        return String.format(
                Locale.ROOT, "{\"sensor\":\"room-1-p1\",\"ts\":%d,\"temp_c\":4.0,\"rh\":%.1f}", minute, rh);
    }

    private static String door(int minute, boolean open) {
        return String.format(
                Locale.ROOT, "{\"sensor\":\"case-1-p1\",\"ts\":%d,\"temp_c\":4.0,\"door_open\":%s}", minute, open);
    }

    /** 239 min above 65 % RH (nothing), a dry hour, then exactly 240 min above (one warning). */
    private static List<String> humidity() {
        List<String> out = new ArrayList<>();
        for (int m = 0; m < 600; m++) {
            boolean humid = m < 239 || m >= 300 && m < 540;
            out.add(humid(m, humid ? 70.0 : 60.0));
        }
        return out;
    }

    /** Open 9 min (nothing), shut, then open exactly 10 min (one warning), shut. */
    private static List<String> doors() {
        List<String> out = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            out.add(door(m, m < 9 || m >= 20 && m < 30));
        }
        return out;
    }

    private static void setUp(AlertFixture f) throws Exception {
        f.sql(
                "INSERT INTO products (tenant, sku, name, profile) VALUES "
                        + "('acme', 'formula-800', 'Infant formula 800 g', 'infant-formula')",
                "INSERT INTO batches (tenant, lot, sku, produced_at, expires_at) VALUES "
                        + "('acme', 'F1', 'formula-800', now() - interval '30 days', now() + interval '300 days')",
                "INSERT INTO profiles (tenant, profile, name, rules) VALUES ('acme', 'door-watch', 'Door watch', "
                        + "'[{\"kind\": \"door_open\", \"delay_min\": 10, \"severity\": \"warning\"}]')",
                "UPDATE assets SET profile = 'door-watch' WHERE tenant = 'acme' AND asset = 'case-1'");
        f.place("F1", "room-1", 0, null);
    }

    private static List<String> liveAlerts(AlertFixture f) throws Exception {
        return f.strings("SELECT kind || ':' || sensor || ':' || coalesce(threshold::text, '-') || ':' || delay_min "
                + "|| ':' || started_at || ':' || coalesce(ended_at::text, '-') || ':' || coalesce(peak::text, '-') "
                + "FROM alerts WHERE status NOT IN ('merged', 'retracted') ORDER BY kind");
    }

    @Test
    void justShortOfEachDelayRaisesNothingExactlyTheDelayRaisesOneAlertAndRedeliveryChangesNothing() throws Exception {
        try (AlertFixture f = new AlertFixture("humid_door", start())) {
            setUp(f);
            AlertingVerticle v = f.verticle(OPTIONS);
            f.message("gw-store", humidity());
            f.message("gw-store", doors());
            f.evaluate(v);
            assertThat(liveAlerts(f))
                    .containsExactly(
                            "door_open:case-1-p1:-:10:" + pg(f, 20) + ":" + pg(f, 30) + ":1",
                            "humidity_above:room-1-p1:65:240:" + pg(f, 300) + ":" + pg(f, 540) + ":70");
            assertThat(f.strings(
                            "SELECT a.kind || ':' || b.lot FROM alert_batches b JOIN alerts a ON a.id = b.alert_id"))
                    .as("the humidity alert names the formula batch in the room; the case holds none")
                    .containsExactly("humidity_above:F1");
            List<String> events = f.events();

            f.message("gw-store", humidity());
            f.message("gw-store", doors());
            f.evaluate(v);
            assertThat(f.count("SELECT count(*) FROM alerts")).isEqualTo(2);
            assertThat(f.events()).isEqualTo(events);
        }
    }

    @Test
    void readingsArrivingShuffledInSmallMessagesGiveTheInOrderAlerts() throws Exception {
        List<String> inOrder;
        java.time.Instant t0;
        try (AlertFixture f = new AlertFixture("humid_door_order", start())) {
            setUp(f);
            f.message("gw-store", humidity());
            f.message("gw-store", doors());
            f.evaluate(f.verticle(OPTIONS));
            inOrder = liveAlerts(f);
            t0 = f.t0;
        }
        try (AlertFixture f = new AlertFixture("humid_door_shuffled", t0)) {
            setUp(f);
            AlertingVerticle v = f.verticle(OPTIONS);
            List<String> all = new ArrayList<>(humidity());
            all.addAll(doors());
            Collections.shuffle(all, new java.util.Random(11));
            for (int i = 0; i < all.size(); i += 25) {
                f.message("gw-store", all.subList(i, Math.min(all.size(), i + 25)));
                f.evaluate(v);
            }
            assertThat(liveAlerts(f)).isEqualTo(inOrder).hasSize(2);
        }
    }

    /** Twelve hours ago on the minute: the ten hours of humidity readings all lie in the past. */
    private static java.time.Instant start() {
        return java.time.Instant.now()
                .minus(java.time.Duration.ofHours(12))
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    }

    /** A time as PostgreSQL prints a timestamptz in this session. */
    private static String pg(AlertFixture f, int minute) throws Exception {
        return f.strings("SELECT '" + f.at(minute) + "'::timestamptz::text").get(0);
    }
}

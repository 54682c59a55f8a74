package io.coldchain.alerting.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.core.config.AlertingOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The raw-milk rules of the default profile on a tanker leg from a farm to a plant, end to end
 * below the edges: readings through ingest's writer into a real PostgreSQL, the batch's produced_at
 * and its delivery from the registry's tables, alerts read back from theirs. Each rule fires only
 * once event time has passed its deadline, once per batch, whatever the order the readings came in.
 */
class RawMilkIT {
    private static final AlertingOptions OPTIONS = AlertingOptions.defaults();
    private static final String LIVE = "status NOT IN ('merged', 'retracted')";

    /** Readings a minute apart on a tanker's probe, minutes {@code from} to {@code to} - 1, temperature by minute. */
    private static void readings(AlertFixture f, String tanker, int from, int to, IntToDoubleFunction temp)
            throws Exception {
        List<String> items = new ArrayList<>();
        for (int m = from; m < to; m++) {
            items.add(AlertFixture.reading(tanker + "-p1", m, temp.applyAsDouble(m)));
        }
        f.message("gw-" + tanker, items);
    }

    /** 5.5 °C at milking, cooling linearly to {@code at120} at minute 120, then holding 3.5 °C. */
    private static double cooling(int minute, double at120) {
        if (minute > 120) {
            return 3.5;
        }
        return Math.round((5.5 - (5.5 - at120) * minute / 120.0) * 100) / 100.0;
    }

    @Test
    void milkNotAtFourDegreesWithinTwoHoursOfMilkingRaisesOneWarningOnlyOnceTheTwoHoursHavePassed() throws Exception {
        try (AlertFixture f = new AlertFixture("raw_cooling")) {
            f.rawMilkChain();
            f.rawMilkBatch("M1", f.at(0)); // cooled to 4.1 °C by minute 120: too slow
            f.rawMilkBatch("M2", f.at(0)); // cooled to 4.0 °C at minute 120: in time
            f.haul("H1", "tanker-1", 0, null, "M1");
            f.haul("H2", "tanker-2", 0, null, "M2");
            AlertingVerticle v = f.verticle(OPTIONS);

            readings(f, "tanker-1", 0, 120, m -> cooling(m, 4.1));
            readings(f, "tanker-2", 0, 120, m -> cooling(m, 4.0));
            f.evaluate(v);
            assertThat(f.count("SELECT count(*) FROM alerts"))
                    .as("not due before minute 120")
                    .isZero();

            readings(f, "tanker-1", 120, 150, m -> cooling(m, 4.1));
            readings(f, "tanker-2", 120, 150, m -> cooling(m, 4.0));
            f.evaluate(v);
            assertThat(f.strings("SELECT kind || ':' || severity || ':' || lot || ':' || threshold || ':' || delay_min "
                            + "|| ':' || started_at || ':' || fired_at FROM alerts WHERE " + LIVE))
                    .containsExactly("not_cooled_within:warning:M1:4:120:" + pg(f, f.at(0)) + ":" + pg(f, f.at(120)));
            assertThat(f.strings("SELECT lot || '/' || shipment FROM alert_batches"))
                    .containsExactly("M1/H1");
            assertThat(f.strings("SELECT profiles[1] || ':' || peak FROM alerts"))
                    .containsExactly("raw-milk:5.5");
            assertThat(f.count("SELECT count(*) FROM batch_holds"))
                    .as("a warning holds nothing")
                    .isZero();
            assertThat(f.events()).containsExactly("opened");

            // The gateways redeliver everything: nothing changes.
            readings(f, "tanker-1", 0, 150, m -> cooling(m, 4.1));
            readings(f, "tanker-2", 0, 150, m -> cooling(m, 4.0));
            f.evaluate(v);
            assertThat(f.count("SELECT count(*) FROM alerts")).isEqualTo(1);
            assertThat(f.strings("SELECT version FROM alerts")).containsExactly("1");
            assertThat(f.events()).containsExactly("opened");
        }
    }

    @Test
    void aBacklogArrivingBackwardsEndsWithTheAlertsOfInOrderDelivery() throws Exception {
        try (AlertFixture f = new AlertFixture("raw_backlog")) {
            f.rawMilkChain();
            f.rawMilkBatch("M1", f.at(0));
            f.rawMilkBatch("M2", f.at(0));
            f.haul("H1", "tanker-1", 0, null, "M1");
            f.haul("H2", "tanker-2", 0, null, "M2");
            AlertingVerticle v = f.verticle(OPTIONS);
            // Newest chunk first, each evaluated before the next arrives.
            for (int from = 140; from >= 0; from -= 20) {
                int chunk = from;
                readings(f, "tanker-1", chunk, chunk + 20, m -> cooling(m, 4.1));
                readings(f, "tanker-2", chunk, chunk + 20, m -> cooling(m, 4.0));
                f.evaluate(v);
            }
            // While only the later readings were stored, nothing showed M2 cooled in time, so it was
            // raised; the backlog showed it was, and retracted it. M1's alert stays.
            assertThat(f.strings("SELECT lot || ':' || kind || ':' || fired_at FROM alerts WHERE " + LIVE))
                    .containsExactly("M1:not_cooled_within:" + pg(f, f.at(120)));
            assertThat(f.strings("SELECT lot || ':' || status FROM alerts ORDER BY lot"))
                    .containsExactly("M1:open", "M2:retracted");
        }
    }

    @Test
    void aBatchNotAtThePlantFortyEightHoursAfterMilkingIsCriticalOnlyOnceEventTimePassesThem() throws Exception {
        try (AlertFixture f = new AlertFixture("raw_age")) {
            f.rawMilkChain();
            // Milked 47 h before t0: 48 h old at minute 60. A1 is still on the road; A2 arrives at the
            // plant at exactly minute 60, which is in time.
            Instant milked = f.at(60).minus(Duration.ofHours(48));
            f.rawMilkBatch("A1", milked);
            f.rawMilkBatch("A2", milked);
            f.haul("H1", "tanker-1", 0, null, "A1");
            f.haul("H2", "tanker-2", 0, 60, "A2");
            AlertingVerticle v = f.verticle(OPTIONS);

            readings(f, "tanker-1", 0, 61, m -> 3.0);
            readings(f, "tanker-2", 0, 61, m -> 3.0);
            f.evaluate(v);
            // Both were due for cooling long ago and no reading shows they were cooled within 2 h of
            // milking; neither is older than 48 h yet (minute 60 is exactly 48 h).
            assertThat(f.strings("SELECT lot || ':' || kind FROM alerts WHERE " + LIVE + " ORDER BY lot"))
                    .containsExactly("A1:not_cooled_within", "A2:not_cooled_within");

            readings(f, "tanker-1", 61, 70, m -> 3.0);
            readings(f, "tanker-2", 61, 70, m -> 3.0); // after its arrival: not A2's readings any more
            f.evaluate(v);
            assertThat(f.strings("SELECT lot || ':' || severity || ':' || delay_min || ':' || started_at || ':' "
                            + "|| fired_at FROM alerts WHERE kind = 'age_above' AND " + LIVE))
                    .containsExactly("A1:critical:2880:" + pg(f, milked) + ":" + pg(f, f.at(60)));
            assertThat(f.strings("SELECT lot FROM batch_holds WHERE decided_at IS NULL"))
                    .as("a critical alert holds the batch")
                    .containsExactly("A1");

            readings(f, "tanker-1", 0, 70, m -> 3.0); // redelivered
            f.evaluate(v);
            assertThat(f.count("SELECT count(*) FROM alerts WHERE kind = 'age_above'"))
                    .isEqualTo(1);
            assertThat(f.count("SELECT count(*) FROM alerts")).isEqualTo(3);
        }
    }

    @Test
    void aPreCooledTankReadingColdAtMilkingTimeDoesNotHideMilkNotCooledInTime() throws Exception {
        try (AlertFixture f = new AlertFixture("raw_precooled")) {
            f.rawMilkChain();
            f.rawMilkBatch("M1", f.at(0));
            f.haul("H1", "tanker-1", 0, null, "M1");
            AlertingVerticle v = f.verticle(OPTIONS);
            // 4.0 °C at milking (the empty tank was pre-cooled), then the warm milk: 4.3 °C at minute 120.
            readings(f, "tanker-1", 0, 150, m -> m == 0 ? 4.0 : cooling(m, 4.3));
            f.evaluate(v);
            assertThat(f.strings("SELECT lot || ':' || kind || ':' || fired_at FROM alerts WHERE " + LIVE))
                    .containsExactly("M1:not_cooled_within:" + pg(f, f.at(120)));
        }
    }

    @Test
    void theAlertNamesWhereTheBatchWasAtTheDeadlineNotTheAssetWhoseReadingsMadeItDue() throws Exception {
        try (AlertFixture f = new AlertFixture("raw_where")) {
            f.rawMilkChain();
            f.sql("INSERT INTO assets (tenant, asset, name, kind, site, profile) VALUES "
                    + "('acme', 'farm-tank-1', 'Farm tank', 'cold_room', 'farm-1', NULL)");
            f.rawMilkBatch("M1", f.at(0));
            f.place("M1", "farm-tank-1", 0, 130); // the farm tank has no probe: nothing shows it cooled
            f.haul("H1", "tanker-1", 130, null, "M1");
            AlertingVerticle v = f.verticle(OPTIONS);
            readings(f, "tanker-1", 130, 150, m -> 3.0);
            f.evaluate(v);
            assertThat(f.strings("SELECT lot || ':' || kind || ':' || asset || ':' || coalesce(site, '-') "
                            + "FROM alerts WHERE " + LIVE))
                    .containsExactly("M1:not_cooled_within:farm-tank-1:farm-1");
        }
    }

    /** A time as PostgreSQL prints a timestamptz in this session. */
    private static String pg(AlertFixture f, Instant t) throws Exception {
        return f.strings("SELECT '" + t + "'::timestamptz::text").get(0);
    }
}

package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.core.model.Reading;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.SensorKeyStore;
import io.coldchain.ingest.store.SensorKeyStore.SensorKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET reading-conflicts}: the second value beside the stored one, newest first, per tenant. */
class ReadingConflictsEndpointTest {
    private static TestApi api;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi("conflicts");
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aConflictIsListedBesideTheStoredValue() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant ts = now.minus(Duration.ofMinutes(30));
        store(new Reading("acme", "gw-1", "sen-1", ts, 4.5, 80.0, null, null, 7L, now.minusSeconds(60)));
        store(new Reading("acme", "gw-2", "sen-1", ts, 9.5, null, null, true, 8L, now.minusSeconds(30)));
        store(new Reading("acme", "gw-1", "sen-1", ts, 4.5, 80.0, null, null, 7L, now.minusSeconds(20))); // a duplicate
        store(new Reading("globex", "gw-9", "sen-1", ts, 1.0, null, null, null, null, now.minusSeconds(60)));
        store(new Reading("globex", "gw-9", "sen-1", ts, 2.0, null, null, null, null, now.minusSeconds(10)));

        String qa = api.tokens.issue("acme", "qa", Optional.empty(), Duration.ofHours(1));
        JsonObject body = api.require(200, "GET", "/api/v1/tenants/acme/reading-conflicts", qa, null);
        JsonArray conflicts = body.getJsonArray("conflicts");
        assertThat(conflicts).hasSize(1);
        JsonObject c = conflicts.getJsonObject(0);
        assertThat(c.getString("sensor")).isEqualTo("sen-1");
        assertThat(c.getString("ts")).isEqualTo(ts.toString());
        assertThat(c.getJsonObject("conflicting").getMap())
                .containsAllEntriesOf(Map.of("gateway", "gw-2", "temp_c", 9.5, "door_open", true, "seq", 8));
        assertThat(c.getJsonObject("stored").getMap())
                .containsAllEntriesOf(Map.of("gateway", "gw-1", "temp_c", 4.5, "rh", 80.0));
        assertThat(body.getBoolean("truncated")).isFalse();

        // A window that ends before the conflict arrived holds nothing.
        String before =
                java.net.URLEncoder.encode(now.minusSeconds(40).toString(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(api.require(200, "GET", "/api/v1/tenants/acme/reading-conflicts?to=" + before, qa, null)
                        .getJsonArray("conflicts"))
                .isEmpty();
    }

    private static void store(Reading r) throws Exception {
        try (Connection c = api.pool.getConnection()) {
            Map<SensorKey, Integer> keys = new SensorKeyStore().keys(c, List.of(new SensorKey(r.tenant(), r.sensor())));
            c.setAutoCommit(false);
            new ReadingStore().insert(c, List.of(r), new int[] {keys.get(new SensorKey(r.tenant(), r.sensor()))});
            c.commit();
        }
    }
}

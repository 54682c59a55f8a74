package io.coldchain.ingest.codec;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.StringJoiner;

/** Shared clock, topics and payload builders for the codec tests. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");
    static final Instant RECEIVED = Instant.parse("2026-11-21T08:00:01.5Z");
    static final MessageDecoder DECODER = new MessageDecoder(Clock.fixed(NOW, ZoneOffset.UTC));
    static final String TENANT = "acme";
    static final String GATEWAY = "truck-017";
    static final String JSON_TOPIC = "coldchain/v1/acme/truck-017/readings";
    static final String SENML_TOPIC = "coldchain/v1/acme/truck-017/senml";
    /** NOW in SenML seconds. */
    static final long NOW_S = NOW.getEpochSecond();

    private Fixtures() {}

    static DecodeResult json(String payload) {
        return DECODER.decode(JSON_TOPIC, payload.getBytes(UTF_8), RECEIVED);
    }

    static DecodeResult senml(String payload) {
        return DECODER.decode(SENML_TOPIC, payload.getBytes(UTF_8), RECEIVED);
    }

    /** A JSON-form message around the given reading objects. */
    static String message(String... readings) {
        StringJoiner joined = new StringJoiner(",", "{\"gateway\":\"truck-017\",\"seq\":7,\"readings\":[", "]}");
        for (String reading : readings) {
            joined.add(reading);
        }
        return joined.toString();
    }

    /** A valid reading object for sensor s with the given temperature. */
    static String reading(String sensor, double tempC) {
        return "{\"sensor\":\"" + sensor + "\",\"ts\":\"2026-11-21T07:59:30Z\",\"temp_c\":" + tempC + "}";
    }

    static String readings(int count) {
        String[] all = new String[count];
        for (int i = 0; i < count; i++) {
            all[i] = "{\"sensor\":\"s" + i + "\",\"ts\":" + (NOW.toEpochMilli() - i * 1000L) + ",\"temp_c\":4.5}";
        }
        return message(all);
    }

    /** A SenML pack of the given records. */
    static String pack(String... records) {
        return "[" + String.join(",", records) + "]";
    }
}

package io.coldchain.ingest.codec;

import static io.coldchain.ingest.codec.Fixtures.DECODER;
import static io.coldchain.ingest.codec.Fixtures.JSON_TOPIC;
import static io.coldchain.ingest.codec.Fixtures.NOW_S;
import static io.coldchain.ingest.codec.Fixtures.RECEIVED;
import static io.coldchain.ingest.codec.Fixtures.SENML_TOPIC;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.coldchain.core.model.Reading;
import io.coldchain.core.model.RejectedReading;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of valid payloads (fixed seed, so failures reproduce): decode() must never
 * throw, and every reading or record must be accounted for, either accepted or rejected with a
 * reason, unless the whole message is refused with one.
 */
class DecoderFuzzTest {
    private static final int ROUNDS = 4000;
    private static final byte[] INTERESTING = "{}[],:\"\\-+.eE0123456789 \ntruefalsenullNaN_/".getBytes(UTF_8);
    private static final JsonFactory ORACLE = new JsonFactory();

    static final List<String> JSON_SEEDS = List.of(
            Fixtures.message(Fixtures.reading("p1", 4.2), Fixtures.reading("p2", -18.5)),
            "{\"gateway\":\"truck-017\",\"seq\":1042,\"readings\":[{\"sensor\":\"truck-017-p1\","
                    + "\"ts\":\"2026-11-21T07:59:30Z\",\"temp_c\":4.2,\"rh\":81.0,\"battery_v\":3.01,"
                    + "\"door_open\":false},{\"sensor\":\"truck-017-p2\",\"ts\":1763711970000,\"temp_c\":5,"
                    + "\"x\":[1,{\"y\":null}]},{\"sensor\":\"p3\",\"ts\":\"2026-11-21T15:59:30.5+08:00\","
                    + "\"temp_c\":-80,\"door_open\":true,\"rh\":null}]}",
            Fixtures.readings(20));

    static final List<String> SENML_SEEDS = List.of(
            "[{\"bn\":\"truck-017-p1/\",\"bt\":" + (NOW_S - 30) + ",\"bu\":\"Cel\",\"n\":\"temp\",\"v\":4.2},"
                    + "{\"n\":\"rh\",\"u\":\"%RH\",\"v\":81},{\"n\":\"battery\",\"u\":\"V\",\"v\":3.01},"
                    + "{\"n\":\"door\",\"vb\":false},{\"n\":\"temp\",\"t\":-60,\"v\":4.0},"
                    + "{\"bn\":\"p2/\",\"n\":\"temp\",\"t\":-0.5,\"v\":-18}]",
            "[{\"bn\":\"p1/\",\"bt\":1.7637119701234e9},{\"n\":\"temp\",\"u\":\"Cel\",\"v\":1,\"ut\":5},"
                    + "{\"n\":\"p9/rh\",\"bn\":\"\",\"u\":\"%RH\",\"v\":50,\"vendor\":{\"a\":[1,2]}}]");

    @Test
    void mutatedJsonPayloadsNeverThrowAndAreFullyAccountedFor() throws IOException {
        fuzz(JSON_TOPIC, JSON_SEEDS, new Random(20261121L));
    }

    @Test
    void mutatedSenmlPayloadsNeverThrowAndAreFullyAccountedFor() throws IOException {
        fuzz(SENML_TOPIC, SENML_SEEDS, new Random(8428L));
    }

    @Test
    void randomBytesAndTopicsNeverThrow() {
        Random random = new Random(1L);
        String[] topics = {JSON_TOPIC, SENML_TOPIC, "coldchain/v1/acme/truck-017/status", "x", null};
        for (int i = 0; i < ROUNDS; i++) {
            byte[] bytes = new byte[random.nextInt(200)];
            random.nextBytes(bytes);
            DecodeResult result = DECODER.decode(topics[i % topics.length], bytes, RECEIVED);
            assertThat(result.refused()).isTrue();
        }
    }

    private static void fuzz(String topic, List<String> seeds, Random random) throws IOException {
        int accepted = 0;
        int partial = 0;
        int refused = 0;
        for (int i = 0; i < ROUNDS; i++) {
            byte[] payload = mutate(seeds.get(random.nextInt(seeds.size())).getBytes(UTF_8), random);
            DecodeResult result = DECODER.decode(topic, payload, RECEIVED);
            String context = new String(payload, UTF_8);
            checkInvariants(result, payload, topic.equals(JSON_TOPIC), context);
            if (result.refused()) {
                refused++;
            } else if (result.clean()) {
                accepted++;
            } else {
                partial++;
            }
        }
        // The mutations must exercise all three outcomes, or the test proves little.
        assertThat(accepted).isPositive();
        assertThat(partial).isPositive();
        assertThat(refused).isPositive();
    }

    static void checkInvariants(DecodeResult result, byte[] payload, boolean jsonForm, String context)
            throws IOException {
        assertThat(result).as(context).isNotNull();
        if (result.refused()) {
            assertThat(result.accepted()).as(context).isEmpty();
            assertThat(result.rejected()).as(context).isEmpty();
            assertThat(result.messageRejection().detail()).as(context).doesNotContain("unexpected decoder failure");
            return;
        }
        assertThat(result.accepted().size() + result.rejected().size())
                .as(context)
                .isPositive();
        Set<Integer> indexes = new HashSet<>();
        for (RejectedReading rejected : result.rejected()) {
            assertThat(indexes.add(rejected.index()))
                    .as("index once: %s", context)
                    .isTrue();
            assertThat(rejected.rejection().field())
                    .as(context)
                    .startsWith((jsonForm ? "readings[" : "records[") + rejected.index() + "]");
            assertThat(rejected.raw()).as(context).isNotNull();
        }
        for (Reading reading : result.accepted()) {
            assertThat(reading.tempC()).as(context).isBetween(-80.0, 80.0);
            assertThat(reading.ts()).as(context).isBeforeOrEqualTo(Fixtures.NOW.plusSeconds(300));
        }
        int[] counts = oracleCounts(payload, jsonForm);
        if (jsonForm) {
            assertThat(result.accepted().size() + result.rejected().size())
                    .as(context)
                    .isEqualTo(counts[0]);
        } else {
            int contributing = 0;
            for (Reading r : result.accepted()) {
                contributing +=
                        1 + (r.rh() != null ? 1 : 0) + (r.batteryV() != null ? 1 : 0) + (r.doorOpen() != null ? 1 : 0);
            }
            assertThat(contributing + result.rejected().size() + counts[1])
                    .as(context)
                    .isEqualTo(counts[0]);
        }
    }

    /**
     * Independently counts what the decoder must account for: JSON readings entries, or SenML
     * records and how many of them hold only base fields.
     */
    static int[] oracleCounts(byte[] payload, boolean jsonForm) throws IOException {
        try (JsonParser parser = ORACLE.createParser(payload)) {
            JsonToken token = parser.nextToken();
            if (jsonForm) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    if (name.equals("readings")) {
                        int count = 0;
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            parser.skipChildren();
                            count++;
                        }
                        return new int[] {count};
                    }
                    parser.skipChildren();
                }
                throw new AssertionError("accepted a message without readings");
            }
            assertThat(token).isEqualTo(JsonToken.START_ARRAY);
            Set<String> base = Set.of("bn", "bt", "bu", "bv", "bs", "bver");
            Set<String> measurement = Set.of("n", "u", "v", "vs", "vb", "vd", "s", "t", "ut");
            int records = 0;
            int baseOnly = 0;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                records++;
                if (token != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    continue;
                }
                boolean anyBase = false;
                boolean anyMeasurement = false;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (value != JsonToken.VALUE_NULL) {
                        anyBase |= base.contains(name);
                        anyMeasurement |= measurement.contains(name);
                    }
                    parser.skipChildren();
                }
                if (anyBase && !anyMeasurement) {
                    baseOnly++;
                }
            }
            return new int[] {records, baseOnly};
        }
    }

    /** One to three random edits: flip, insert, delete, truncate, duplicate or splice in a token. */
    static byte[] mutate(byte[] seed, Random random) {
        byte[] bytes = seed;
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && bytes.length > 0; e++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(7)) {
                case 0: // random byte
                    bytes = bytes.clone();
                    bytes[at] = (byte) random.nextInt(256);
                    break;
                case 1: // structural or numeric character
                    bytes = bytes.clone();
                    bytes[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                    break;
                case 2: // insert
                    bytes = splice(bytes, at, 0, new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]});
                    break;
                case 3: // delete a range
                    bytes = splice(bytes, at, Math.min(bytes.length - at, 1 + random.nextInt(8)), new byte[0]);
                    break;
                case 4: // truncate
                    bytes = Arrays.copyOf(bytes, at);
                    break;
                case 5: // duplicate a range
                    int length = Math.min(bytes.length - at, 1 + random.nextInt(40));
                    bytes = splice(bytes, at, 0, Arrays.copyOfRange(bytes, at, at + length));
                    break;
                default: // swap two bytes
                    bytes = bytes.clone();
                    int other = random.nextInt(bytes.length);
                    byte b = bytes[at];
                    bytes[at] = bytes[other];
                    bytes[other] = b;
            }
        }
        return bytes;
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        byte[] out = new byte[bytes.length - remove + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at + remove, out, at + insert.length, bytes.length - at - remove);
        return out;
    }
}

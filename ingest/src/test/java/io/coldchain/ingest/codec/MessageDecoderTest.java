package io.coldchain.ingest.codec;

import static io.coldchain.ingest.codec.Fixtures.DECODER;
import static io.coldchain.ingest.codec.Fixtures.JSON_TOPIC;
import static io.coldchain.ingest.codec.Fixtures.NOW;
import static io.coldchain.ingest.codec.Fixtures.RECEIVED;
import static io.coldchain.ingest.codec.Fixtures.SENML_TOPIC;
import static io.coldchain.ingest.codec.Fixtures.message;
import static io.coldchain.ingest.codec.Fixtures.reading;
import static io.coldchain.ingest.codec.JsonReadingsDecoderTest.assertRefused;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.core.config.IngestOptions;
import io.coldchain.core.model.RejectReason;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageDecoderTest {
    static final String SENML_ONE =
            "[{\"n\":\"p1/temp\",\"u\":\"Cel\",\"t\":" + (NOW.getEpochSecond() - 30) + ",\"v\":1}]";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "coldchain/v1/acme/truck-017/status",
                "coldchain/v1/acme/truck-017",
                "coldchain/v2/acme/truck-017/readings",
                "coldchain/v1/ac me/truck-017/readings",
                "coldchain/v1/acme/+/readings",
                "coldchain/v1/acme/truck-017/readings/extra",
                "",
                "coldchain/v1//truck-017/senml"
            })
    void refusesAnInvalidTopicForBothForms(String topic) {
        for (String payload : new String[] {message(reading("p1", 1)), SENML_ONE}) {
            DecodeResult result = DECODER.decode(topic, payload.getBytes(UTF_8), RECEIVED);
            assertRefused(result, RejectReason.INVALID_TOPIC, null);
            assertThat(result.topic() == null || result.topic().kind() == GatewayTopic.Kind.STATUS)
                    .isTrue();
        }
    }

    @Test
    void aStatusTopicKeepsItsParsedTopicInTheRefusal() {
        DecodeResult result =
                DECODER.decode("coldchain/v1/acme/truck-017/status", "{\"online\":true}".getBytes(UTF_8), RECEIVED);

        assertThat(result.topic().gateway()).isEqualTo("truck-017");
        assertThat(result.messageRejection().reason()).isEqualTo(RejectReason.INVALID_TOPIC);
    }

    @Test
    void aNullTopicOrPayloadDoesNotThrow() {
        assertRefused(DECODER.decode(null, new byte[0], RECEIVED), RejectReason.INVALID_TOPIC, null);
        assertRefused(DECODER.decode(JSON_TOPIC, null, RECEIVED), RejectReason.INVALID_JSON, null);
        assertRefused(DECODER.decode(SENML_TOPIC, null, null), RejectReason.INVALID_JSON, null);
    }

    @Test
    void receivedAtDefaultsToTheClock() {
        DecodeResult result =
                DECODER.decode(JSON_TOPIC, message(reading("p1", 1)).getBytes(UTF_8), null);

        assertThat(result.accepted().get(0).receivedAt()).isEqualTo(NOW);
    }

    @Test
    void payloadsUpTo256KiBAreDecodedAndLargerOnesRefusedForBothForms() {
        int max = IngestOptions.MAX_PAYLOAD_BYTES;
        assertThat(max).isEqualTo(262_144);
        String json = message(reading("p1", 1));
        String senml = SENML_ONE;

        assertThat(DECODER.decode(JSON_TOPIC, padded(json, max), RECEIVED).clean())
                .isTrue();
        assertThat(DECODER.decode(SENML_TOPIC, padded(senml, max), RECEIVED).clean())
                .isTrue();
        assertRefused(
                DECODER.decode(JSON_TOPIC, padded(json, max + 1), RECEIVED), RejectReason.PAYLOAD_TOO_LARGE, null);
        assertRefused(
                DECODER.decode(SENML_TOPIC, padded(senml, max + 1), RECEIVED), RejectReason.PAYLOAD_TOO_LARGE, null);
    }

    /** The payload followed by whitespace up to exactly size bytes (whitespace is valid JSON). */
    private static byte[] padded(String payload, int size) {
        byte[] bytes = payload.getBytes(UTF_8);
        byte[] out = new byte[size];
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        java.util.Arrays.fill(out, bytes.length, size, (byte) ' ');
        return out;
    }

    @Test
    void invalidUtf8NanAndTruncationAreInvalidJsonForSenmlToo() {
        byte[] bytes = SENML_ONE.getBytes(UTF_8);
        bytes[5] = (byte) 0xFE;
        assertRefused(DECODER.decode(SENML_TOPIC, bytes, RECEIVED), RejectReason.INVALID_JSON, null);
        assertRefused(Fixtures.senml(SENML_ONE.substring(0, SENML_ONE.length() - 3)), RejectReason.INVALID_JSON, null);
        assertRefused(Fixtures.senml(SENML_ONE.replace("\"v\":1", "\"v\":Infinity")), RejectReason.INVALID_JSON, null);
    }

    @Test
    void decodesStatus() {
        assertThat(MessageDecoder.decodeStatus("{\"online\":true}".getBytes(UTF_8)))
                .contains(true);
        assertThat(MessageDecoder.decodeStatus(" {\"fw\":\"1.2\",\"online\" : false} ".getBytes(UTF_8)))
                .contains(false);
        for (String bad : new String[] {
            "",
            "{}",
            "{\"online\":\"true\"}",
            "{\"online\":1}",
            "[true]",
            "{\"online\":true,\"online\":false}",
            "{\"online\":true} x",
            "{\"online\":tru",
            "{\"online\":null}",
            "true"
        }) {
            assertThat(MessageDecoder.decodeStatus(bad.getBytes(UTF_8))).as(bad).isEqualTo(Optional.empty());
        }
        assertThat(MessageDecoder.decodeStatus(null)).isEmpty();
        assertThat(MessageDecoder.decodeStatus(new byte[] {'{', (byte) 0xC0, '}'}))
                .isEmpty();
    }

    @Test
    void isUsableFromManyThreadsAtOnce() throws Exception {
        byte[] payload = Fixtures.readings(200).getBytes(UTF_8);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> {
                    int total = 0;
                    for (int k = 0; k < 50; k++) {
                        total += DECODER.decode(JSON_TOPIC, payload, RECEIVED)
                                .accepted()
                                .size();
                    }
                    return total;
                }));
            }
            for (java.util.concurrent.Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(200 * 50);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

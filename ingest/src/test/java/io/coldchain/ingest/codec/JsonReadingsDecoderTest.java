package io.coldchain.ingest.codec;

import static io.coldchain.ingest.codec.Fixtures.GATEWAY;
import static io.coldchain.ingest.codec.Fixtures.NOW;
import static io.coldchain.ingest.codec.Fixtures.RECEIVED;
import static io.coldchain.ingest.codec.Fixtures.TENANT;
import static io.coldchain.ingest.codec.Fixtures.json;
import static io.coldchain.ingest.codec.Fixtures.message;
import static io.coldchain.ingest.codec.Fixtures.reading;
import static io.coldchain.ingest.codec.Fixtures.readings;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.core.config.IngestOptions;
import io.coldchain.core.model.Reading;
import io.coldchain.core.model.RejectReason;
import io.coldchain.core.model.RejectedReading;
import io.coldchain.core.model.Rejection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonReadingsDecoderTest {

    @Test
    void decodesTheContractExampleWithAllOptionalFields() {
        DecodeResult result = json("{\"gateway\":\"truck-017\",\"seq\":1042,\"readings\":["
                + "{\"sensor\":\"truck-017-p1\",\"ts\":\"2026-11-21T07:59:30Z\",\"temp_c\":4.2,"
                + "\"rh\":81.0,\"battery_v\":3.01,\"door_open\":false}]}");

        assertThat(result.refused()).isFalse();
        assertThat(result.clean()).isTrue();
        assertThat(result.seq()).isEqualTo(1042L);
        assertThat(result.topic()).isEqualTo(new GatewayTopic(TENANT, GATEWAY, GatewayTopic.Kind.READINGS));
        assertThat(result.accepted())
                .containsExactly(new Reading(
                        TENANT,
                        GATEWAY,
                        "truck-017-p1",
                        Instant.parse("2026-11-21T07:59:30Z"),
                        4.2,
                        81.0,
                        3.01,
                        false,
                        1042L,
                        RECEIVED));
    }

    @Test
    void requiredFieldsAloneAndNullOptionalsMeanAbsent() {
        DecodeResult result = json("{\"readings\":[{\"sensor\":\"p1\",\"ts\":\"2026-11-21T07:59:30Z\","
                + "\"temp_c\":-18,\"rh\":null,\"battery_v\":null,\"door_open\":null}]}");

        Reading r = result.accepted().get(0);
        assertThat(r.tempC()).isEqualTo(-18.0);
        assertThat(r.rh()).isNull();
        assertThat(r.batteryV()).isNull();
        assertThat(r.doorOpen()).isNull();
        assertThat(r.seq()).isNull();
        assertThat(result.seq()).isNull();
    }

    @Test
    void unknownFieldsAreIgnoredAtEveryLevel() {
        DecodeResult result = json("{\"fw\":{\"v\":[1,2,{\"x\":null}]},\"readings\":[{\"sensor\":\"p1\","
                + "\"probe\":{\"model\":\"T9\",\"cal\":[1.0,2.0]},\"ts\":1763711970000,\"temp_c\":3,"
                + "\"extra\":\"x\"}],\"v2\":true}");

        assertThat(result.clean()).isTrue();
        assertThat(result.accepted()).hasSize(1);
    }

    @Test
    void seqAndGatewayMayFollowTheReadings() {
        DecodeResult result = json("{\"readings\":[" + reading("p1", 1) + "," + reading("p2", 2)
                + "],\"gateway\":\"truck-017\",\"seq\":99}");

        assertThat(result.accepted()).extracting(Reading::seq).containsExactly(99L, 99L);
        assertThat(result.seq()).isEqualTo(99L);
    }

    @Test
    void seqZeroAndMaxLongAreValid() {
        assertThat(json("{\"seq\":0,\"readings\":[" + reading("p1", 1) + "]}").seq())
                .isZero();
        assertThat(json("{\"seq\":9223372036854775807,\"readings\":[" + reading("p1", 1) + "]}")
                        .seq())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void splitsGoodAndBadReadingsWithExactFieldsAndRawText() {
        String bad1 = "{\"sensor\":\"p2\",\"ts\":\"2026-11-21T07:59:30Z\",\"temp_c\":95.5}";
        String bad3 = "{ \"sensor\" : \"p4\", \"ts\": \"yesterday\", \"temp_c\": 4 }";
        DecodeResult result = json(message(reading("p1", 4), bad1, reading("p3", 5), bad3));

        assertThat(result.refused()).isFalse();
        assertThat(result.accepted()).extracting(Reading::sensor).containsExactly("p1", "p3");
        assertThat(result.accepted()).extracting(Reading::seq).containsOnly(7L);
        assertThat(result.rejected()).hasSize(2);
        RejectedReading first = result.rejected().get(0);
        assertThat(first.index()).isEqualTo(1);
        assertThat(first.sensor()).isEqualTo("p2");
        assertThat(first.rejection().reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(first.rejection().field()).isEqualTo("readings[1].temp_c");
        assertThat(first.raw()).isEqualTo(bad1);
        RejectedReading second = result.rejected().get(1);
        assertThat(second.index()).isEqualTo(3);
        assertThat(second.rejection().reason()).isEqualTo(RejectReason.INVALID_TIMESTAMP);
        assertThat(second.rejection().field()).isEqualTo("readings[3].ts");
        assertThat(second.raw()).isEqualTo(bad3);
    }

    @Test
    void aReadingThatIsNotAnObjectIsRejectedAlone() {
        DecodeResult result = json(message(reading("p1", 4), "[1, 2]", "\"text\"", "12.5", "null"));

        assertThat(result.accepted()).hasSize(1);
        assertThat(result.rejected()).extracting(r -> r.rejection().reason()).containsOnly(RejectReason.INVALID_FIELD);
        assertThat(result.rejected())
                .extracting(r -> r.rejection().field())
                .containsExactly("readings[1]", "readings[2]", "readings[3]", "readings[4]");
        assertThat(result.rejected())
                .extracting(RejectedReading::raw)
                .containsExactly("[1, 2]", "\"text\"", "12.5", "null");
    }

    @Test
    void epochMillisecondsAndOffsetsConvertToTheSameInstant() {
        Instant expected = Instant.parse("2026-11-21T07:59:30.250Z");
        DecodeResult result = json(message(
                "{\"sensor\":\"a\",\"ts\":" + expected.toEpochMilli() + ",\"temp_c\":1}",
                "{\"sensor\":\"b\",\"ts\":\"2026-11-21T15:59:30.25+08:00\",\"temp_c\":1}",
                "{\"sensor\":\"c\",\"ts\":\"2026-11-21T02:29:30.250-05:30\",\"temp_c\":1}",
                "{\"sensor\":\"d\",\"ts\":\"2026-11-21t07:59:30.250000000z\",\"temp_c\":1}",
                "{\"sensor\":\"e\",\"ts\":\"2026-11-22T00:59:30.2500001+17:00\",\"temp_c\":1}"));

        assertThat(result.clean()).isTrue();
        assertThat(result.accepted())
                .extracting(Reading::ts)
                .containsExactly(expected, expected, expected, expected, expected.plusNanos(100));
    }

    @Test
    void exactlyFiveMinutesAheadIsAcceptedAndOneMillisecondMoreIsNot() {
        Instant edge = NOW.plus(IngestOptions.FUTURE_TOLERANCE);
        DecodeResult result = json(message(
                "{\"sensor\":\"a\",\"ts\":\"" + edge + "\",\"temp_c\":1}",
                "{\"sensor\":\"b\",\"ts\":" + edge.toEpochMilli() + ",\"temp_c\":1}",
                "{\"sensor\":\"c\",\"ts\":\"2026-11-21T08:05:00.001Z\",\"temp_c\":1}",
                "{\"sensor\":\"d\",\"ts\":" + (edge.toEpochMilli() + 1) + ",\"temp_c\":1}"));

        assertThat(result.accepted()).extracting(Reading::sensor).containsExactly("a", "b");
        assertThat(result.rejected())
                .extracting(r -> r.rejection().reason())
                .containsOnly(RejectReason.FUTURE_TIMESTAMP);
        assertThat(result.rejected())
                .extracting(r -> r.rejection().field())
                .containsExactly("readings[2].ts", "readings[3].ts");
    }

    @Test
    void oldReadingsAreAcceptedDownToThePlausibilityFloor() {
        DecodeResult result = json(message(
                "{\"sensor\":\"a\",\"ts\":\"2019-01-01T00:00:00Z\",\"temp_c\":1}",
                "{\"sensor\":\"b\",\"ts\":\"1978-07-04T21:24:16Z\",\"temp_c\":1}",
                "{\"sensor\":\"c\",\"ts\":\"1978-07-04T21:24:15.999Z\",\"temp_c\":1}",
                "{\"sensor\":\"d\",\"ts\":1763711970,\"temp_c\":1}"));

        assertThat(result.accepted()).extracting(Reading::sensor).containsExactly("a", "b");
        assertThat(result.rejected())
                .extracting(r -> r.rejection().reason())
                .containsOnly(RejectReason.INVALID_TIMESTAMP);
    }

    @Test
    void temperatureBoundariesAreInclusive() {
        DecodeResult result = json(message(
                reading("a", -80),
                reading("b", 80),
                reading("c", -80.01),
                reading("d", 80.01),
                "{\"sensor\":\"e\",\"ts\":1763711970000,\"temp_c\":1e400}"));

        assertThat(result.accepted()).extracting(Reading::tempC).containsExactly(-80.0, 80.0);
        assertThat(result.rejected()).extracting(r -> r.rejection().reason()).containsOnly(RejectReason.OUT_OF_RANGE);
        assertThat(result.rejected())
                .extracting(r -> r.rejection().field())
                .containsExactly("readings[2].temp_c", "readings[3].temp_c", "readings[4].temp_c");
    }

    @Test
    void aThousandReadingsAreAcceptedAndOneMoreRefusesTheMessage() {
        assertThat(json(readings(1000)).accepted()).hasSize(1000);

        DecodeResult tooMany = json(readings(1001));
        assertRefused(tooMany, RejectReason.TOO_MANY_READINGS, "readings");
    }

    static Stream<Arguments> badReadings() {
        String ts = "\"ts\":\"2026-11-21T07:59:30Z\"";
        return Stream.of(
                bad("{" + ts + ",\"temp_c\":4}", RejectReason.MISSING_FIELD, "sensor"),
                bad("{\"sensor\":null," + ts + ",\"temp_c\":4}", RejectReason.MISSING_FIELD, "sensor"),
                bad("{\"sensor\":\"p1\",\"temp_c\":4}", RejectReason.MISSING_FIELD, "ts"),
                bad("{\"sensor\":\"p1\"," + ts + "}", RejectReason.MISSING_FIELD, "temp_c"),
                bad("{\"sensor\":\"p1\"," + ts + ",\"temp_c\":null}", RejectReason.MISSING_FIELD, "temp_c"),
                bad("{\"sensor\":\"p 1\"," + ts + ",\"temp_c\":4}", RejectReason.INVALID_SENSOR, "sensor"),
                bad("{\"sensor\":\"\"," + ts + ",\"temp_c\":4}", RejectReason.INVALID_SENSOR, "sensor"),
                bad(
                        "{\"sensor\":\"" + "x".repeat(65) + "\"," + ts + ",\"temp_c\":4}",
                        RejectReason.INVALID_SENSOR,
                        "sensor"),
                bad("{\"sensor\":17," + ts + ",\"temp_c\":4}", RejectReason.INVALID_SENSOR, "sensor"),
                bad("{\"sensor\":\"a/b\"," + ts + ",\"temp_c\":4}", RejectReason.INVALID_SENSOR, "sensor"),
                badTs("\"2026-11-21T07:59:30\""),
                badTs("\"2026-11-21T07:59Z\""),
                badTs("\"2026-11-21\""),
                badTs("\"2026-11-21 07:59:30Z\""),
                badTs("\"2026-02-30T07:59:30Z\""),
                badTs("\"2026-11-21T23:59:60Z\""),
                badTs("\"2026-11-21T07:59:30+0800\""),
                badTs("\"2026-11-21T07:59:30.Z\""),
                badTs("\"1763711970000\""),
                badTs("1763711970000.5"),
                badTs("-1"),
                badTs("99999999999999999999999"),
                badTs("true"),
                badTs("{\"ms\":1}"),
                bad("{\"sensor\":\"p1\"," + ts + ",\"temp_c\":\"4.2\"}", RejectReason.INVALID_FIELD, "temp_c"),
                bad("{\"sensor\":\"p1\"," + ts + ",\"temp_c\":[4.2]}", RejectReason.INVALID_FIELD, "temp_c"),
                bad("{\"sensor\":\"p1\"," + ts + ",\"temp_c\":4,\"temp_c\":5}", RejectReason.INVALID_FIELD, "temp_c"),
                bad("{\"sensor\":\"p1\"," + ts + ",\"temp_c\":-80.01}", RejectReason.OUT_OF_RANGE, "temp_c"),
                bad("{\"sensor\":\"p1\"," + ts + ",\"temp_c\":4,\"rh\":100.01}", RejectReason.OUT_OF_RANGE, "rh"),
                bad("{\"sensor\":\"p1\"," + ts + ",\"temp_c\":4,\"rh\":-0.5}", RejectReason.OUT_OF_RANGE, "rh"),
                bad("{\"sensor\":\"p1\"," + ts + ",\"temp_c\":4,\"rh\":\"81\"}", RejectReason.INVALID_FIELD, "rh"),
                bad(
                        "{\"sensor\":\"p1\"," + ts + ",\"temp_c\":4,\"battery_v\":-0.1}",
                        RejectReason.OUT_OF_RANGE,
                        "battery_v"),
                bad(
                        "{\"sensor\":\"p1\"," + ts + ",\"temp_c\":4,\"battery_v\":false}",
                        RejectReason.INVALID_FIELD,
                        "battery_v"),
                bad(
                        "{\"sensor\":\"p1\"," + ts + ",\"temp_c\":4,\"door_open\":\"yes\"}",
                        RejectReason.INVALID_FIELD,
                        "door_open"),
                bad(
                        "{\"sensor\":\"p1\"," + ts + ",\"temp_c\":4,\"door_open\":1}",
                        RejectReason.INVALID_FIELD,
                        "door_open"),
                bad(
                        "{\"sensor\":\"p1\",\"ts\":\"2026-11-21T08:05:01Z\",\"temp_c\":4}",
                        RejectReason.FUTURE_TIMESTAMP,
                        "ts"),
                // Several problems: the reported one does not depend on field order.
                bad("{\"temp_c\":99,\"ts\":\"x\",\"sensor\":\"bad id\"}", RejectReason.INVALID_SENSOR, "sensor"),
                bad("{\"temp_c\":99,\"rh\":500,\"ts\":\"x\",\"sensor\":\"ok\"}", RejectReason.INVALID_TIMESTAMP, "ts"),
                bad("{\"rh\":500,\"temp_c\":99,\"sensor\":\"ok\"," + ts + "}", RejectReason.OUT_OF_RANGE, "temp_c"));
    }

    private static Arguments bad(String reading, RejectReason reason, String field) {
        return Arguments.of(reading, reason, field);
    }

    private static Arguments badTs(String ts) {
        return bad("{\"sensor\":\"p1\",\"ts\":" + ts + ",\"temp_c\":4}", RejectReason.INVALID_TIMESTAMP, "ts");
    }

    @ParameterizedTest(name = "{1} at {2}: {0}")
    @MethodSource("badReadings")
    void rejectsABadReadingWithItsReasonAndField(String reading, RejectReason reason, String field) {
        DecodeResult result = json(message(reading("p0", 4), reading));

        assertThat(result.refused())
                .as("message refused: %s", result.messageRejection())
                .isFalse();
        assertThat(result.accepted()).extracting(Reading::sensor).containsExactly("p0");
        assertThat(result.rejected()).hasSize(1);
        RejectedReading rejected = result.rejected().get(0);
        assertThat(rejected.index()).isEqualTo(1);
        assertThat(rejected.rejection().reason()).isEqualTo(reason);
        assertThat(rejected.rejection().field()).isEqualTo("readings[1]." + field);
        assertThat(rejected.rejection().detail()).isNotBlank();
        assertThat(rejected.raw()).isEqualTo(reading);
    }

    @Test
    void anInvalidSensorIsEchoedAsSent() {
        DecodeResult result = json(message("{\"sensor\":\"bad id\",\"ts\":1763711970000,\"temp_c\":1}"));

        assertThat(result.rejected().get(0).sensor()).isEqualTo("bad id");
    }

    static Stream<Arguments> refusedMessages() {
        String one = reading("p1", 4);
        return Stream.of(
                Arguments.of("[" + one + "]", RejectReason.INVALID_SHAPE, null),
                Arguments.of("\"readings\"", RejectReason.INVALID_SHAPE, null),
                Arguments.of("42", RejectReason.INVALID_SHAPE, null),
                Arguments.of("{}", RejectReason.INVALID_SHAPE, "readings"),
                Arguments.of("{\"reading\":[" + one + "]}", RejectReason.INVALID_SHAPE, "readings"),
                Arguments.of("{\"readings\":" + one + "}", RejectReason.INVALID_SHAPE, "readings"),
                Arguments.of("{\"readings\":null}", RejectReason.INVALID_SHAPE, "readings"),
                Arguments.of("{\"readings\":[" + one + "],\"readings\":[]}", RejectReason.INVALID_SHAPE, "readings"),
                Arguments.of("{\"seq\":-1,\"readings\":[" + one + "]}", RejectReason.INVALID_SHAPE, "seq"),
                Arguments.of("{\"seq\":1.5,\"readings\":[" + one + "]}", RejectReason.INVALID_SHAPE, "seq"),
                Arguments.of("{\"seq\":\"7\",\"readings\":[" + one + "]}", RejectReason.INVALID_SHAPE, "seq"),
                Arguments.of(
                        "{\"readings\":[" + one + "],\"seq\":18446744073709551616}", RejectReason.INVALID_SHAPE, "seq"),
                Arguments.of("{\"gateway\":17,\"readings\":[" + one + "]}", RejectReason.INVALID_SHAPE, "gateway"),
                Arguments.of(
                        "{\"gateway\":\"truck-018\",\"readings\":[" + one + "]}",
                        RejectReason.GATEWAY_MISMATCH,
                        "gateway"),
                Arguments.of(
                        "{\"readings\":[" + one + "],\"gateway\":\"TRUCK-017\"}",
                        RejectReason.GATEWAY_MISMATCH,
                        "gateway"),
                Arguments.of("{\"readings\":[]}", RejectReason.NO_READINGS, "readings"),
                Arguments.of("", RejectReason.INVALID_JSON, null),
                Arguments.of("   \n", RejectReason.INVALID_JSON, null),
                Arguments.of("{\"readings\":[" + one, RejectReason.INVALID_JSON, null),
                Arguments.of(
                        "{\"readings\":[{\"sensor\":\"p1\",\"ts\":1763711970000,\"temp_c\":NaN}]}",
                        RejectReason.INVALID_JSON,
                        null),
                Arguments.of(
                        "{\"readings\":[{\"sensor\":\"p1\",\"ts\":1763711970000,\"temp_c\":Infinity}]}",
                        RejectReason.INVALID_JSON,
                        null),
                Arguments.of(
                        "{\"readings\":[{\"sensor\":\"p1\",\"ts\":1763711970000,\"temp_c\":-Infinity}]}",
                        RejectReason.INVALID_JSON,
                        null),
                Arguments.of("{\"readings\":[" + one + "]} {}", RejectReason.INVALID_JSON, null),
                Arguments.of("{\"readings\":[" + one + "]}x", RejectReason.INVALID_JSON, null),
                Arguments.of("{'readings':[" + one + "]}", RejectReason.INVALID_JSON, null),
                Arguments.of("{\"readings\":[" + one + ",]}", RejectReason.INVALID_JSON, null),
                Arguments.of("{\"readings\":[" + one + "]} // comment", RejectReason.INVALID_JSON, null));
    }

    @ParameterizedTest(name = "{1} at {2}: {0}")
    @MethodSource("refusedMessages")
    void refusesTheWholeMessage(String payload, RejectReason reason, String field) {
        assertRefused(json(payload), reason, field);
    }

    @Test
    void invalidUtf8AnywhereRefusesTheMessage() {
        byte[] good = message(reading("p1", 4)).getBytes(StandardCharsets.UTF_8);
        for (byte[] bad : new byte[][] {
            {(byte) 0xC3, 0x28}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xFF}
        }) {
            // Inside the sensor string, and inside a field the decoder would skip.
            String text = new String(good, StandardCharsets.ISO_8859_1);
            byte[] inSensor = splice(good, text.indexOf("p1") + 1, bad);
            byte[] inIgnored = splice(
                    "{\"note\":\"xx\",\"readings\":[{\"sensor\":\"p1\",\"ts\":1763711970000,\"temp_c\":1}]}"
                            .getBytes(StandardCharsets.UTF_8),
                    10,
                    bad);
            for (byte[] payload : new byte[][] {inSensor, inIgnored}) {
                DecodeResult result = Fixtures.DECODER.decode(Fixtures.JSON_TOPIC, payload, RECEIVED);
                assertRefused(result, RejectReason.INVALID_JSON, null);
                assertThat(result.messageRejection().detail()).contains("UTF-8");
            }
        }
    }

    @Test
    void multiByteTextAndAByteOrderMarkAreFine() {
        String bad =
                "{\"sensor\":\"capteur-\u00e9\",\"ts\":1763711970000,\"temp_c\":1,\"note\":\"\u51b7\u94fe \ud83e\uddca\"}";
        byte[] body = message(reading("p1", 4), bad).getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[body.length + 3];
        payload[0] = (byte) 0xEF;
        payload[1] = (byte) 0xBB;
        payload[2] = (byte) 0xBF;
        System.arraycopy(body, 0, payload, 3, body.length);

        DecodeResult result = Fixtures.DECODER.decode(Fixtures.JSON_TOPIC, payload, RECEIVED);

        assertThat(result.accepted()).hasSize(1);
        assertThat(result.rejected().get(0).rejection().reason()).isEqualTo(RejectReason.INVALID_SENSOR);
        assertThat(result.rejected().get(0).raw()).isEqualTo(bad);
        assertThat(result.rejected().get(0).sensor()).isEqualTo("capteur-\u00e9");
    }

    @Test
    void deepNestingIsRefusedCleanly() {
        assertRefused(json("[".repeat(100_000)), RejectReason.INVALID_SHAPE, null);
        assertRefused(json("{\"readings\":" + "[".repeat(100_000)), RejectReason.INVALID_SHAPE, null);
        assertRefused(json("{\"x\":" + "{\"a\":".repeat(40_000)), RejectReason.INVALID_SHAPE, null);
        // Nesting within the limit inside an ignored field is fine.
        String nested = "[".repeat(50) + "]".repeat(50);
        assertThat(json("{\"x\":" + nested + ",\"readings\":[" + reading("p1", 1) + "]}")
                        .clean())
                .isTrue();
    }

    @Test
    void theRawTextOfAHugeBadReadingIsCappedAt64KiB() {
        String huge = "{\"sensor\":\"p1\",\"ts\":\"bad\",\"temp_c\":1,\"pad\":\"" + "\u00e9".repeat(40_000) + "\"}";
        DecodeResult result = json(message(huge));

        String raw = result.rejected().get(0).raw();
        assertThat(raw.getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(IngestOptions.MAX_KEPT_PAYLOAD_BYTES)
                .isGreaterThan(IngestOptions.MAX_KEPT_PAYLOAD_BYTES - 2);
        assertThat(huge).startsWith(raw);
    }

    static void assertRefused(DecodeResult result, RejectReason reason, String field) {
        assertThat(result.refused()).as("refused: %s", result).isTrue();
        assertThat(result.accepted()).isEmpty();
        assertThat(result.rejected()).isEmpty();
        Rejection why = result.messageRejection();
        assertThat(why.reason()).as("reason of %s", why).isEqualTo(reason);
        assertThat(why.field()).as("field of %s", why).isEqualTo(field);
        assertThat(why.detail()).isNotBlank().doesNotContain("unexpected decoder failure");
    }

    private static byte[] splice(byte[] into, int at, byte[] insert) {
        byte[] out = new byte[into.length + insert.length];
        System.arraycopy(into, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(into, at, out, at + insert.length, into.length - at);
        return out;
    }
}

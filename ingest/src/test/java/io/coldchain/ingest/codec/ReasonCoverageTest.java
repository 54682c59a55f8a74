package io.coldchain.ingest.codec;

import static io.coldchain.ingest.codec.Fixtures.DECODER;
import static io.coldchain.ingest.codec.Fixtures.JSON_TOPIC;
import static io.coldchain.ingest.codec.Fixtures.NOW_S;
import static io.coldchain.ingest.codec.Fixtures.RECEIVED;
import static io.coldchain.ingest.codec.Fixtures.SENML_TOPIC;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.core.model.RejectReason;
import io.coldchain.core.model.Rejection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One minimal example per rejection reason and payload form, asserting the exact code and field,
 * and a check that the table covers every reason the decoder is responsible for. Other stages
 * (binding checks, the store) own the remaining {@link RejectReason} constants.
 */
class ReasonCoverageTest {
    static final long T = NOW_S - 30;
    static final String TS = "\"ts\":\"2026-11-21T07:59:30Z\"";

    /** The reasons payload decoding can give; the others belong to later stages. */
    static final Set<RejectReason> DECODER_REASONS = EnumSet.of(
            RejectReason.INVALID_TOPIC,
            RejectReason.PAYLOAD_TOO_LARGE,
            RejectReason.INVALID_JSON,
            RejectReason.INVALID_SHAPE,
            RejectReason.TOO_MANY_READINGS,
            RejectReason.NO_READINGS,
            RejectReason.GATEWAY_MISMATCH,
            RejectReason.MISSING_FIELD,
            RejectReason.INVALID_FIELD,
            RejectReason.INVALID_SENSOR,
            RejectReason.INVALID_TIMESTAMP,
            RejectReason.FUTURE_TIMESTAMP,
            RejectReason.OUT_OF_RANGE,
            RejectReason.UNKNOWN_UNIT);
    /** SenML has no gateway field; the JSON form has no units. */
    static final Set<RejectReason> NOT_JSON = EnumSet.of(RejectReason.UNKNOWN_UNIT);

    static final Set<RejectReason> NOT_SENML = EnumSet.of(RejectReason.GATEWAY_MISMATCH);

    record Case(String form, RejectReason reason, String field, String topic, String payload) {
        @Override
        public String toString() {
            return form + ": " + reason.code() + " at " + field;
        }
    }

    static Case json(RejectReason reason, String field, String payload) {
        return new Case("json", reason, field, JSON_TOPIC, payload);
    }

    static Case senml(RejectReason reason, String field, String payload) {
        return new Case("senml", reason, field, SENML_TOPIC, payload);
    }

    static String reading(String body) {
        return "{\"readings\":[{" + body + "}]}";
    }

    static String record(String body) {
        return "[{" + body + "}]";
    }

    static List<Case> cases() {
        String big = " ".repeat(256 * 1024);
        return List.of(
                new Case(
                        "json",
                        RejectReason.INVALID_TOPIC,
                        null,
                        "coldchain/v1/acme/truck-017/status",
                        reading("\"sensor\":\"p1\"," + TS + ",\"temp_c\":1")),
                new Case(
                        "senml",
                        RejectReason.INVALID_TOPIC,
                        null,
                        "coldchain/v1/acme/truck 017/senml",
                        record("\"n\":\"p1/temp\",\"u\":\"Cel\",\"t\":" + T + ",\"v\":1")),
                json(RejectReason.PAYLOAD_TOO_LARGE, null, reading("\"sensor\":\"p1\"," + TS + ",\"temp_c\":1") + big),
                senml(
                        RejectReason.PAYLOAD_TOO_LARGE,
                        null,
                        record("\"n\":\"p1/temp\",\"u\":\"Cel\",\"t\":" + T + ",\"v\":1") + big),
                json(RejectReason.INVALID_JSON, null, "{\"readings\":[{\"sensor\":\"p1\""),
                senml(RejectReason.INVALID_JSON, null, "[{\"n\":\"p1/temp\",\"v\":NaN}]"),
                json(RejectReason.INVALID_SHAPE, "readings", "{\"readings\":{}}"),
                senml(RejectReason.INVALID_SHAPE, null, "{\"n\":\"p1/temp\"}"),
                json(RejectReason.TOO_MANY_READINGS, "readings", Fixtures.readings(1001)),
                senml(RejectReason.TOO_MANY_READINGS, null, SenmlDecoderTest.temps(1001)),
                json(RejectReason.NO_READINGS, "readings", "{\"readings\":[]}"),
                senml(RejectReason.NO_READINGS, null, "[]"),
                json(
                        RejectReason.GATEWAY_MISMATCH,
                        "gateway",
                        "{\"gateway\":\"truck-99\","
                                + reading("\"sensor\":\"p1\"," + TS + ",\"temp_c\":1")
                                        .substring(1)),
                json(RejectReason.MISSING_FIELD, "readings[0].temp_c", reading("\"sensor\":\"p1\"," + TS)),
                senml(
                        RejectReason.MISSING_FIELD,
                        "records[0].temp",
                        record("\"n\":\"p1/rh\",\"u\":\"%RH\",\"t\":" + T + ",\"v\":50")),
                json(
                        RejectReason.INVALID_FIELD,
                        "readings[0].door_open",
                        reading("\"sensor\":\"p1\"," + TS + ",\"temp_c\":1,\"door_open\":\"no\"")),
                senml(
                        RejectReason.INVALID_FIELD,
                        "records[0].v",
                        record("\"n\":\"p1/temp\",\"u\":\"Cel\",\"t\":" + T + ",\"v\":\"1\"")),
                json(
                        RejectReason.INVALID_SENSOR,
                        "readings[0].sensor",
                        reading("\"sensor\":\"p#1\"," + TS + ",\"temp_c\":1")),
                senml(
                        RejectReason.INVALID_SENSOR,
                        "records[0].n",
                        record("\"n\":\"p#1/temp\",\"u\":\"Cel\",\"t\":" + T + ",\"v\":1")),
                json(
                        RejectReason.INVALID_TIMESTAMP,
                        "readings[0].ts",
                        reading("\"sensor\":\"p1\",\"ts\":\"2026-11-21T07:59:30\",\"temp_c\":1")),
                senml(
                        RejectReason.INVALID_TIMESTAMP,
                        "records[0].t",
                        record("\"n\":\"p1/temp\",\"u\":\"Cel\",\"t\":-30,\"v\":1")),
                json(
                        RejectReason.FUTURE_TIMESTAMP,
                        "readings[0].ts",
                        reading("\"sensor\":\"p1\",\"ts\":\"2026-11-21T08:05:00.001Z\",\"temp_c\":1")),
                senml(
                        RejectReason.FUTURE_TIMESTAMP,
                        "records[0].t",
                        record("\"n\":\"p1/temp\",\"u\":\"Cel\",\"t\":" + (NOW_S + 300) + ".001,\"v\":1")),
                json(
                        RejectReason.OUT_OF_RANGE,
                        "readings[0].temp_c",
                        reading("\"sensor\":\"p1\"," + TS + ",\"temp_c\":-80.01")),
                senml(
                        RejectReason.OUT_OF_RANGE,
                        "records[0].v",
                        record("\"n\":\"p1/temp\",\"u\":\"Cel\",\"t\":" + T + ",\"v\":80.01")),
                senml(
                        RejectReason.UNKNOWN_UNIT,
                        "records[0].u",
                        record("\"n\":\"p1/temp\",\"u\":\"degC\",\"t\":" + T + ",\"v\":4")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsTheExactReasonAndField(Case c) {
        DecodeResult result = DECODER.decode(c.topic(), c.payload().getBytes(UTF_8), RECEIVED);

        Rejection why = result.refused()
                ? result.messageRejection()
                : result.rejected().isEmpty() ? null : result.rejected().get(0).rejection();
        assertThat(why).as("%s gave %s", c, result).isNotNull();
        assertThat(why.reason()).as("%s gave %s", c, why).isEqualTo(c.reason());
        assertThat(why.field()).as("%s gave %s", c, why).isEqualTo(c.field());
        assertThat(result.accepted()).isEmpty();
    }

    @Test
    void everyDecoderReasonHasAnExampleInBothForms() {
        for (String form : List.of("json", "senml")) {
            Set<RejectReason> expected = EnumSet.copyOf(DECODER_REASONS);
            expected.removeAll(form.equals("json") ? NOT_JSON : NOT_SENML);
            Set<RejectReason> covered = cases().stream()
                    .filter(c -> c.form().equals(form))
                    .map(Case::reason)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(RejectReason.class)));
            assertThat(covered).as(form).isEqualTo(expected);
        }
    }
}

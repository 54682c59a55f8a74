package io.coldchain.ingest.codec;

import static io.coldchain.ingest.codec.Fixtures.GATEWAY;
import static io.coldchain.ingest.codec.Fixtures.NOW;
import static io.coldchain.ingest.codec.Fixtures.NOW_S;
import static io.coldchain.ingest.codec.Fixtures.RECEIVED;
import static io.coldchain.ingest.codec.Fixtures.TENANT;
import static io.coldchain.ingest.codec.Fixtures.pack;
import static io.coldchain.ingest.codec.Fixtures.senml;
import static io.coldchain.ingest.codec.JsonReadingsDecoderTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.coldchain.core.model.Reading;
import io.coldchain.core.model.RejectReason;
import io.coldchain.core.model.RejectedReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SenmlDecoderTest {
    /** 2026-11-21T07:59:30Z */
    static final long T0 = NOW_S - 30;

    static String temp(String sensor, double v) {
        return "{\"n\":\"" + sensor + "/temp\",\"u\":\"Cel\",\"t\":" + T0 + ",\"v\":" + v + "}";
    }

    @Test
    void combinesTheRecordsOfOneSensorAndTimeIntoOneReading() {
        DecodeResult result = senml(pack(
                "{\"bn\":\"truck-017-p1/\",\"bt\":" + T0 + ",\"n\":\"temp\",\"u\":\"Cel\",\"v\":4.2}",
                "{\"n\":\"rh\",\"u\":\"%RH\",\"v\":81}",
                "{\"n\":\"battery\",\"u\":\"V\",\"v\":3.01}",
                "{\"n\":\"door\",\"vb\":false}"));

        assertThat(result.clean()).isTrue();
        assertThat(result.seq()).isNull();
        assertThat(result.topic().kind()).isEqualTo(GatewayTopic.Kind.SENML);
        assertThat(result.accepted())
                .containsExactly(new Reading(
                        TENANT,
                        GATEWAY,
                        "truck-017-p1",
                        Instant.ofEpochSecond(T0),
                        4.2,
                        81.0,
                        3.01,
                        false,
                        null,
                        RECEIVED));
    }

    @Test
    void resolvesBaseNameTimeUnitAndValueAcrossRecords() {
        DecodeResult result = senml(pack(
                "{\"bn\":\"p1/\",\"bt\":" + NOW_S + ",\"bu\":\"Cel\",\"bv\":4,\"n\":\"temp\",\"t\":-60,\"v\":0.5}",
                "{\"n\":\"temp\",\"t\":-30,\"v\":-0.25}",
                "{\"bn\":\"p2/\",\"n\":\"temp\",\"t\":-60,\"v\":1}",
                "{\"n\":\"rh\",\"u\":\"%RH\",\"t\":-60,\"v\":50}",
                "{\"bn\":\"\",\"bv\":0,\"n\":\"p3/temp\",\"t\":-60,\"v\":-20}"));

        assertThat(result.clean()).isTrue();
        assertThat(result.accepted())
                .extracting(Reading::sensor, Reading::ts, Reading::tempC, Reading::rh)
                .containsExactly(
                        tuple("p1", NOW.minusSeconds(60), 4.5, null),
                        tuple("p1", NOW.minusSeconds(30), 3.75, null),
                        // bv still 4 for p2: base values last until replaced; rh takes its own unit and bv.
                        tuple("p2", NOW.minusSeconds(60), 5.0, 54.0),
                        tuple("p3", NOW.minusSeconds(60), -20.0, null));
    }

    @Test
    void timeIsExactDecimalSeconds() {
        DecodeResult result = senml(pack(
                "{\"bn\":\"p1/\",\"bt\":1.7637119701234e9,\"n\":\"temp\",\"u\":\"Cel\",\"v\":1}",
                "{\"bt\":" + T0 + ",\"n\":\"temp\",\"u\":\"Cel\",\"t\":0.123456789,\"v\":1}",
                "{\"n\":\"temp\",\"u\":\"Cel\",\"t\":-0.001,\"v\":1}",
                "{\"bt\":" + T0 + ".5,\"n\":\"temp\",\"u\":\"Cel\",\"t\":25E-2,\"v\":1}"));

        assertThat(result.accepted())
                .extracting(Reading::ts)
                .containsExactly(
                        Instant.parse("2025-11-21T07:59:30.1234Z"),
                        Instant.ofEpochSecond(T0, 123_456_789),
                        Instant.ofEpochSecond(T0 - 1, 999_000_000),
                        Instant.ofEpochSecond(T0, 750_000_000));
    }

    @Test
    void aReadingWithoutAValidTempRejectsEachOfItsRecords() {
        String rh = "{\"n\":\"p2/rh\",\"u\":\"%RH\",\"t\":" + T0 + ",\"v\":60}";
        String door = "{\"n\":\"p2/door\",\"t\":" + T0 + ",\"vb\":true}";
        DecodeResult result = senml(pack(temp("p1", 3), rh, temp("p3", 3), door));

        assertThat(result.accepted()).extracting(Reading::sensor).containsExactly("p1", "p3");
        assertThat(result.rejected()).extracting(RejectedReading::index).containsExactly(1, 3);
        assertThat(result.rejected()).extracting(r -> r.rejection().reason()).containsOnly(RejectReason.MISSING_FIELD);
        assertThat(result.rejected())
                .extracting(r -> r.rejection().field())
                .containsExactly("records[1].temp", "records[3].temp");
        assertThat(result.rejected()).extracting(RejectedReading::raw).containsExactly(rh, door);
        assertThat(result.rejected()).extracting(RejectedReading::sensor).containsOnly("p2");
    }

    @Test
    void anOutOfRangeTempTakesItsCompanionRecordsWithIt() {
        String hot = "{\"bn\":\"p1/\",\"bt\":" + T0 + ",\"n\":\"temp\",\"u\":\"Cel\",\"v\":80.01}";
        DecodeResult result = senml(pack(hot, "{\"n\":\"rh\",\"u\":\"%RH\",\"v\":50}"));

        assertThat(result.accepted()).isEmpty();
        assertThat(result.rejected())
                .extracting(r -> r.rejection().reason(), r -> r.rejection().field())
                .containsExactly(
                        tuple(RejectReason.OUT_OF_RANGE, "records[0].v"),
                        tuple(RejectReason.MISSING_FIELD, "records[1].temp"));
        assertThat(result.rejected().get(0).raw()).isEqualTo(hot);
    }

    @Test
    void aBadOptionalRecordIsRejectedAloneAndTheReadingKeepsTheRest() {
        DecodeResult result = senml(pack(
                "{\"bn\":\"p1/\",\"bt\":" + T0 + ",\"n\":\"temp\",\"u\":\"Cel\",\"v\":2}",
                "{\"n\":\"rh\",\"u\":\"%\",\"v\":50}",
                "{\"n\":\"battery\",\"u\":\"V\",\"v\":3.3}",
                "{\"n\":\"door\",\"vb\":\"open\"}",
                "{\"n\":\"pressure\",\"u\":\"Pa\",\"v\":101325}"));

        assertThat(result.accepted()).singleElement().satisfies(r -> {
            assertThat(r.tempC()).isEqualTo(2.0);
            assertThat(r.batteryV()).isEqualTo(3.3);
            assertThat(r.rh()).isNull();
            assertThat(r.doorOpen()).isNull();
        });
        assertThat(result.rejected())
                .extracting(r -> r.rejection().reason(), r -> r.rejection().field())
                .containsExactly(
                        tuple(RejectReason.UNKNOWN_UNIT, "records[1].u"),
                        tuple(RejectReason.INVALID_FIELD, "records[3].vb"),
                        tuple(RejectReason.UNKNOWN_UNIT, "records[4].n"));
    }

    @Test
    void aRepeatedFieldForTheSameKeyStartsASecondReading() {
        DecodeResult result = senml(pack(temp("p1", 3), temp("p1", 3.5)));

        assertThat(result.accepted()).extracting(Reading::tempC).containsExactly(3.0, 3.5);
        assertThat(result.accepted())
                .extracting(Reading::key)
                .containsOnly(result.accepted().get(0).key());
    }

    @Test
    void exactlyFiveMinutesAheadIsAcceptedAndAnyMoreIsNot() {
        long edge = NOW_S + 300;
        DecodeResult result = senml(pack(
                "{\"bn\":\"a/\",\"bu\":\"Cel\",\"bt\":" + edge + ",\"n\":\"temp\",\"v\":1}",
                "{\"bn\":\"b/\",\"n\":\"temp\",\"t\":0.000000001,\"v\":1}",
                "{\"bn\":\"c/\",\"n\":\"temp\",\"t\":1,\"v\":1}"));

        assertThat(result.accepted()).extracting(Reading::sensor).containsExactly("a");
        assertThat(result.rejected())
                .extracting(r -> r.rejection().reason(), r -> r.rejection().field())
                .containsExactly(
                        tuple(RejectReason.FUTURE_TIMESTAMP, "records[1].t"),
                        tuple(RejectReason.FUTURE_TIMESTAMP, "records[2].t"));
    }

    @Test
    void temperatureBoundariesAreInclusive() {
        DecodeResult result = senml(pack(temp("a", -80), temp("b", 80), temp("c", -80.01)));

        assertThat(result.accepted()).extracting(Reading::tempC).containsExactly(-80.0, 80.0);
        assertThat(result.rejected())
                .extracting(r -> r.rejection().reason(), r -> r.rejection().field())
                .containsExactly(tuple(RejectReason.OUT_OF_RANGE, "records[2].v"));
    }

    @Test
    void aThousandReadingsAreAcceptedAndOneMoreRefusesTheMessage() {
        assertThat(senml(temps(1000)).accepted()).hasSize(1000);
        assertRefused(senml(temps(1001)), RejectReason.TOO_MANY_READINGS, null);
    }

    @Test
    void moreThan4000RecordsRefuseTheMessage() {
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String base = "{\"bn\":\"s" + i + "/\",\"bt\":" + T0 + ",";
            records.add(base + "\"n\":\"temp\",\"u\":\"Cel\",\"v\":1}");
            records.add("{\"n\":\"rh\",\"u\":\"%RH\",\"v\":1}");
            records.add("{\"n\":\"battery\",\"u\":\"V\",\"v\":1}");
            records.add("{\"n\":\"door\",\"vb\":true}");
        }
        DecodeResult full = senml(pack(records.toArray(String[]::new)));
        assertThat(full.clean()).isTrue();
        assertThat(full.accepted()).hasSize(1000);

        records.add("{\"bn\":\"x/\"}");
        assertRefused(senml(pack(records.toArray(String[]::new))), RejectReason.TOO_MANY_READINGS, null);
    }

    static String temps(int count) {
        String[] records = new String[count];
        for (int i = 0; i < count; i++) {
            records[i] = "{\"n\":\"s" + i + "/temp\",\"u\":\"Cel\",\"t\":" + (T0 - i) + ",\"v\":4}";
        }
        return pack(records);
    }

    static Stream<Arguments> badRecords() {
        String t = ",\"t\":" + T0;
        return Stream.of(
                bad("{\"u\":\"Cel\",\"v\":1" + t + "}", RejectReason.MISSING_FIELD, "n"),
                bad("{\"n\":\"temp\",\"u\":\"Cel\",\"v\":1" + t + "}", RejectReason.INVALID_FIELD, "n"),
                bad("{\"n\":7,\"u\":\"Cel\",\"v\":1" + t + "}", RejectReason.INVALID_FIELD, "n"),
                bad("{\"n\":\"bad id/temp\",\"u\":\"Cel\",\"v\":1" + t + "}", RejectReason.INVALID_SENSOR, "n"),
                bad("{\"n\":\"/temp\",\"u\":\"Cel\",\"v\":1" + t + "}", RejectReason.INVALID_SENSOR, "n"),
                bad("{\"n\":\"a/b/temp\",\"u\":\"Cel\",\"v\":1" + t + "}", RejectReason.INVALID_SENSOR, "n"),
                bad("{\"n\":\"p1/temperature\",\"u\":\"Cel\",\"v\":1" + t + "}", RejectReason.UNKNOWN_UNIT, "n"),
                bad("{\"n\":\"p1/temp\",\"u\":\"K\",\"v\":277" + t + "}", RejectReason.UNKNOWN_UNIT, "u"),
                bad("{\"n\":\"p1/temp\",\"v\":4" + t + "}", RejectReason.UNKNOWN_UNIT, "u"),
                bad("{\"n\":\"p1/temp\",\"u\":\"Cel\",\"v\":1}", RejectReason.INVALID_TIMESTAMP, "t"),
                bad("{\"n\":\"p1/temp\",\"u\":\"Cel\",\"v\":1,\"t\":-60}", RejectReason.INVALID_TIMESTAMP, "t"),
                bad(
                        "{\"n\":\"p1/temp\",\"u\":\"Cel\",\"v\":1,\"t\":268435455.999}",
                        RejectReason.INVALID_TIMESTAMP,
                        "t"),
                bad(
                        "{\"n\":\"p1/temp\",\"u\":\"Cel\",\"v\":1,\"t\":\"" + T0 + "\"}",
                        RejectReason.INVALID_TIMESTAMP,
                        "t"),
                bad("{\"n\":\"p1/temp\",\"u\":\"Cel\",\"v\":1,\"t\":1e300}", RejectReason.INVALID_TIMESTAMP, "t"),
                bad(
                        "{\"n\":\"p1/temp\",\"u\":\"Cel\",\"v\":1,\"t\":" + (NOW_S + 301) + "}",
                        RejectReason.FUTURE_TIMESTAMP,
                        "t"),
                bad("{\"n\":\"p1/temp\",\"u\":\"Cel\"" + t + "}", RejectReason.MISSING_FIELD, "v"),
                bad("{\"n\":\"p1/temp\",\"u\":\"Cel\",\"vs\":\"4.2\"" + t + "}", RejectReason.INVALID_FIELD, "v"),
                bad("{\"n\":\"p1/temp\",\"u\":\"Cel\",\"v\":\"4.2\"" + t + "}", RejectReason.INVALID_FIELD, "v"),
                bad("{\"n\":\"p1/temp\",\"u\":\"Cel\",\"v\":1,\"v\":2" + t + "}", RejectReason.INVALID_FIELD, "v"),
                bad("{\"n\":\"p1/temp\",\"u\":\"Cel\",\"v\":-80.01" + t + "}", RejectReason.OUT_OF_RANGE, "v"),
                bad("{\"n\":\"p1/temp\",\"u\":\"Cel\",\"v\":1e999" + t + "}", RejectReason.OUT_OF_RANGE, "v"),
                bad("{\"n\":\"p1/door\",\"v\":1" + t + "}", RejectReason.INVALID_FIELD, "vb"),
                bad("{\"n\":\"p1/door\"" + t + "}", RejectReason.MISSING_FIELD, "vb"),
                // Several problems: name first, then time, unit, value, whatever the field order.
                bad("{\"v\":900,\"u\":\"F\",\"n\":\"x y/temp\"}", RejectReason.INVALID_SENSOR, "n"),
                bad("{\"v\":900,\"u\":\"F\",\"n\":\"p1/temp\"}", RejectReason.INVALID_TIMESTAMP, "t"),
                bad("{\"v\":900,\"u\":\"F\",\"n\":\"p1/temp\"" + t + "}", RejectReason.UNKNOWN_UNIT, "u"));
    }

    private static Arguments bad(String record, RejectReason reason, String field) {
        return Arguments.of(record, reason, field);
    }

    @ParameterizedTest(name = "{1} at {2}: {0}")
    @MethodSource("badRecords")
    void rejectsABadRecordWithItsReasonAndField(String record, RejectReason reason, String field) {
        DecodeResult result = senml(pack(temp("p0", 4), record));

        assertThat(result.refused())
                .as("message refused: %s", result.messageRejection())
                .isFalse();
        assertThat(result.accepted()).extracting(Reading::sensor).containsExactly("p0");
        assertThat(result.rejected()).hasSize(1);
        RejectedReading rejected = result.rejected().get(0);
        assertThat(rejected.index()).isEqualTo(1);
        assertThat(rejected.rejection().reason()).isEqualTo(reason);
        assertThat(rejected.rejection().field()).isEqualTo("records[1]." + field);
        assertThat(rejected.rejection().detail()).isNotBlank();
        assertThat(rejected.raw()).isEqualTo(record);
    }

    @Test
    void aRecordThatIsNotAnObjectIsRejectedAlone() {
        DecodeResult result = senml(pack(temp("p0", 4), "[1]", "7"));

        assertThat(result.accepted()).hasSize(1);
        assertThat(result.rejected())
                .extracting(r -> r.rejection().reason(), r -> r.rejection().field(), RejectedReading::raw)
                .containsExactly(
                        tuple(RejectReason.INVALID_FIELD, "records[1]", "[1]"),
                        tuple(RejectReason.INVALID_FIELD, "records[2]", "7"));
    }

    @Test
    void extensionFieldsAreIgnoredButMustUnderstandOnesRefuse() {
        String ok = "{\"bver\":10,\"n\":\"p1/temp\",\"u\":\"Cel\",\"t\":" + T0
                + ",\"v\":1,\"ut\":60,\"s\":3,\"vendor\":{\"x\":[1]}}";
        assertThat(senml(pack(ok)).clean()).isTrue();

        String mustUnderstand = "{\"n\":\"p1/temp\",\"u\":\"Cel\",\"t\":" + T0 + ",\"v\":1,\"ext_\":1}";
        assertRefused(senml(pack(mustUnderstand)), RejectReason.INVALID_SHAPE, "records[0].ext_");
    }

    static Stream<Arguments> refusedPacks() {
        String one = "{\"n\":\"p1/temp\",\"u\":\"Cel\",\"t\":" + T0 + ",\"v\":1}";
        return Stream.of(
                Arguments.of("{\"readings\":[" + one + "]}", RejectReason.INVALID_SHAPE, null),
                Arguments.of(one, RejectReason.INVALID_SHAPE, null),
                Arguments.of("\"x\"", RejectReason.INVALID_SHAPE, null),
                Arguments.of("[{\"bn\":5}," + one + "]", RejectReason.INVALID_SHAPE, "records[0].bn"),
                Arguments.of("[{\"bt\":\"now\"}," + one + "]", RejectReason.INVALID_SHAPE, "records[0].bt"),
                Arguments.of("[{\"bu\":true}," + one + "]", RejectReason.INVALID_SHAPE, "records[0].bu"),
                Arguments.of("[" + one + ",{\"bv\":[1]}]", RejectReason.INVALID_SHAPE, "records[1].bv"),
                Arguments.of(
                        "[{\"bn\":\"a/\",\"bn\":\"b/\"}," + one + "]", RejectReason.INVALID_SHAPE, "records[0].bn"),
                Arguments.of("[]", RejectReason.NO_READINGS, null),
                Arguments.of("[{\"bn\":\"p1/\",\"bt\":" + T0 + "}]", RejectReason.NO_READINGS, null),
                Arguments.of("", RejectReason.INVALID_JSON, null),
                Arguments.of("[" + one, RejectReason.INVALID_JSON, null),
                Arguments.of("[" + one.replace("\"v\":1", "\"v\":NaN") + "]", RejectReason.INVALID_JSON, null),
                Arguments.of("[" + one + "]]", RejectReason.INVALID_JSON, null),
                Arguments.of("[" + one + ",]", RejectReason.INVALID_JSON, null),
                Arguments.of("[".repeat(100_000), RejectReason.INVALID_SHAPE, null));
    }

    @ParameterizedTest(name = "{1} at {2}: {0}")
    @MethodSource("refusedPacks")
    void refusesTheWholeMessage(String payload, RejectReason reason, String field) {
        assertRefused(senml(payload), reason, field);
    }

    @Test
    void baseOnlyRecordsSetContextWithoutCountingAsReadings() {
        DecodeResult result =
                senml(pack("{\"bn\":\"p1/\",\"bt\":" + T0 + ",\"bu\":\"Cel\"}", "{\"n\":\"temp\",\"v\":5}"));

        assertThat(result.clean()).isTrue();
        assertThat(result.accepted())
                .singleElement()
                .satisfies(r -> assertThat(r.ts()).isEqualTo(Instant.ofEpochSecond(T0)));
    }
}

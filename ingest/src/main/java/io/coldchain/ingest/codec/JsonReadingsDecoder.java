package io.coldchain.ingest.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.coldchain.core.model.Ids;
import io.coldchain.core.model.Reading;
import io.coldchain.core.model.RejectReason;
import io.coldchain.core.model.RejectedReading;
import io.coldchain.core.model.Rejection;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the JSON form, {@code {"gateway": ..., "seq": ..., "readings": [...]}}, in one pass of
 * the streaming parser. One instance per message; not thread-safe.
 *
 * <p>The top-level fields may come in any order: readings are built as they stream by, and a
 * {@code seq} or {@code gateway} met after them is applied (or refuses the message) at the end.
 */
final class JsonReadingsDecoder {
    private final GatewayTopic topic;
    private final byte[] payload;
    private final Instant receivedAt;
    private final Instant latestAllowed;

    private final ReadingDraft draft = new ReadingDraft();
    private final List<Reading> accepted = new ArrayList<>();
    private final List<RejectedReading> rejected = new ArrayList<>();
    private Long seq;
    private boolean readingsBuiltWithoutSeq;

    JsonReadingsDecoder(GatewayTopic topic, byte[] payload, Instant receivedAt, Instant latest) {
        this.topic = topic;
        this.payload = payload;
        this.receivedAt = receivedAt;
        this.latestAllowed = latest;
    }

    /** Decodes the message; whole-message problems surface as {@link Refusal} or parser errors. */
    DecodeResult decode() throws IOException {
        try (JsonParser parser = Json.FACTORY.createParser(payload)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new Refusal(RejectReason.INVALID_JSON, null, "empty payload");
            }
            if (token != JsonToken.START_OBJECT) {
                throw new Refusal(
                        RejectReason.INVALID_SHAPE,
                        null,
                        "the payload must be a JSON object with a readings array, not " + describe(token));
            }
            boolean sawReadings = false;
            boolean sawGateway = false;
            boolean sawSeq = false;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "readings":
                        sawReadings = once(sawReadings, name);
                        readings(parser, value);
                        break;
                    case "gateway":
                        sawGateway = once(sawGateway, name);
                        gateway(parser, value);
                        break;
                    case "seq":
                        sawSeq = once(sawSeq, name);
                        seq(parser, value);
                        break;
                    default:
                        Json.skip(parser, value); // forward compatibility: unknown fields are ignored
                }
            }
            Json.expectEnd(parser);
            if (!sawReadings) {
                throw new Refusal(RejectReason.INVALID_SHAPE, "readings", "the readings array is missing");
            }
        }
        return new DecodeResult(topic, withSeq(accepted), rejected, null, seq);
    }

    private static boolean once(boolean seen, String name) {
        if (seen) {
            throw new Refusal(RejectReason.INVALID_SHAPE, name, "the field " + name + " appears twice");
        }
        return true;
    }

    private void gateway(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return; // null means absent
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new Refusal(
                    RejectReason.INVALID_SHAPE, "gateway", "gateway must be a string, not " + describe(value));
        }
        String gateway = parser.getText();
        if (!gateway.equals(topic.gateway())) {
            throw new Refusal(
                    RejectReason.GATEWAY_MISMATCH,
                    "gateway",
                    "payload gateway " + Ids.describe(gateway) + " differs from the topic's '" + topic.gateway() + "'");
        }
    }

    private void seq(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new Refusal(
                    RejectReason.INVALID_SHAPE, "seq", "seq must be a non-negative integer, not " + describe(value));
        }
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER || parser.getLongValue() < 0) {
            throw new Refusal(
                    RejectReason.INVALID_SHAPE,
                    "seq",
                    "seq " + Ids.describe(parser.getText()) + " is not a non-negative 64-bit integer");
        }
        seq = parser.getLongValue();
    }

    private void readings(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new Refusal(
                    RejectReason.INVALID_SHAPE, "readings", "readings must be an array, not " + describe(value));
        }
        int count = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (count == Limits.MAX_READINGS) {
                throw new Refusal(
                        RejectReason.TOO_MANY_READINGS,
                        "readings",
                        "more than " + Limits.MAX_READINGS + " readings in one message");
            }
            if (token == JsonToken.START_OBJECT) {
                reading(parser, count);
            } else {
                notAnObject(parser, token, count);
            }
            count++;
        }
        if (count == 0) {
            throw new Refusal(RejectReason.NO_READINGS, "readings", "the readings array is empty");
        }
        readingsBuiltWithoutSeq |= seq == null;
    }

    private void notAnObject(JsonParser parser, JsonToken token, int index) throws IOException {
        long start = Json.tokenStart(parser);
        long end = Json.skipValue(parser, token);
        Rejection why = new Rejection(
                RejectReason.INVALID_FIELD,
                "readings[" + index + "]",
                "a reading must be a JSON object, not " + describe(token));
        rejected.add(new RejectedReading(index, null, why, raw(start, end)));
    }

    /** Streams one reading object into the draft, then accepts or rejects it. */
    private void reading(JsonParser parser, int index) throws IOException {
        ReadingDraft d = draft;
        d.reset(index, Json.tokenStart(parser));
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            int field = fieldOf(name);
            if (field < 0) {
                Json.skip(parser, value);
            } else if (!d.markSeen(field)) {
                d.problem(field, RejectReason.INVALID_FIELD, name + " appears twice in the reading");
                Json.skip(parser, value);
            } else {
                field(parser, value, field, d);
            }
        }
        long end = parser.currentTokenLocation().getByteOffset() + 1;
        if (d.sensor == null) {
            d.problem(ReadingDraft.SENSOR, RejectReason.MISSING_FIELD, "sensor is required");
        }
        if (d.ts == null) {
            d.problem(ReadingDraft.TS, RejectReason.MISSING_FIELD, "ts is required");
        }
        if (!d.hasTemp) {
            d.problem(ReadingDraft.TEMP_C, RejectReason.MISSING_FIELD, "temp_c is required");
        }
        if (d.hasProblem()) {
            rejected.add(new RejectedReading(index, d.sensorAsSent(), d.rejection(), raw(d.start, end)));
            return;
        }
        accepted.add(new Reading(
                topic.tenant(),
                topic.gateway(),
                d.sensor,
                d.ts,
                d.tempC,
                d.rh,
                d.batteryV,
                d.doorOpen,
                seq,
                receivedAt));
    }

    private static int fieldOf(String name) {
        switch (name) {
            case "sensor":
                return ReadingDraft.SENSOR;
            case "ts":
                return ReadingDraft.TS;
            case "temp_c":
                return ReadingDraft.TEMP_C;
            case "rh":
                return ReadingDraft.RH;
            case "battery_v":
                return ReadingDraft.BATTERY_V;
            case "door_open":
                return ReadingDraft.DOOR_OPEN;
            default:
                return -1;
        }
    }

    private void field(JsonParser parser, JsonToken value, int field, ReadingDraft d) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return; // null means absent; a required field is then reported missing
        }
        switch (field) {
            case ReadingDraft.SENSOR:
                sensor(parser, value, d);
                break;
            case ReadingDraft.TS:
                ts(parser, value, d);
                break;
            case ReadingDraft.TEMP_C:
                Double temp = number(parser, value, d, field, "temp_c", Limits.TEMP_MIN, Limits.TEMP_MAX);
                if (temp != null) {
                    d.hasTemp = true;
                    d.tempC = temp;
                }
                break;
            case ReadingDraft.RH:
                d.rh = number(parser, value, d, field, "rh", Limits.RH_MIN, Limits.RH_MAX);
                break;
            case ReadingDraft.BATTERY_V:
                d.batteryV = number(parser, value, d, field, "battery_v", Limits.BATTERY_MIN, Limits.BATTERY_MAX);
                break;
            default:
                if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                    d.doorOpen = value == JsonToken.VALUE_TRUE;
                } else {
                    d.problem(
                            field,
                            RejectReason.INVALID_FIELD,
                            "door_open must be true or false, not " + describe(value));
                    Json.skip(parser, value);
                }
        }
    }

    private static void sensor(JsonParser parser, JsonToken value, ReadingDraft d) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            d.problem(
                    ReadingDraft.SENSOR,
                    RejectReason.INVALID_SENSOR,
                    "sensor must be a string identifier, not " + describe(value));
            Json.skip(parser, value);
            return;
        }
        String sensor = parser.getText();
        if (Ids.isValid(sensor)) {
            d.sensor = sensor;
        } else {
            d.invalidSensor = sensor;
            d.problem(
                    ReadingDraft.SENSOR,
                    RejectReason.INVALID_SENSOR,
                    "sensor " + Ids.describe(sensor) + " is not 1-64 characters of A-Z a-z 0-9 _ . : -");
        }
    }

    private void ts(JsonParser parser, JsonToken value, ReadingDraft d) throws IOException {
        Instant ts = null;
        if (value == JsonToken.VALUE_STRING) {
            ts = Rfc3339.parse(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            if (ts == null) {
                d.problem(
                        ReadingDraft.TS,
                        RejectReason.INVALID_TIMESTAMP,
                        "ts " + Ids.describe(parser.getText()) + " is not RFC 3339 with an offset");
                return;
            }
        } else if (value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            ts = Instant.ofEpochMilli(parser.getLongValue());
        } else {
            d.problem(
                    ReadingDraft.TS,
                    RejectReason.INVALID_TIMESTAMP,
                    "ts must be an RFC 3339 string or integer epoch milliseconds, not " + describe(value));
            Json.skip(parser, value);
            return;
        }
        RejectReason wrong = EventTime.check(ts, latestAllowed);
        if (wrong != null) {
            d.problem(ReadingDraft.TS, wrong, EventTime.explain(wrong, ts, latestAllowed));
        } else {
            d.ts = ts;
        }
    }

    /** A bounded number field: null (after recording the problem) when absent-worthy or invalid. */
    private static Double number(
            JsonParser parser, JsonToken value, ReadingDraft d, int field, String name, double min, double max)
            throws IOException {
        if (!Json.isNumber(value)) {
            d.problem(field, RejectReason.INVALID_FIELD, name + " must be a number, not " + describe(value));
            Json.skip(parser, value);
            return null;
        }
        double number = parser.getDoubleValue();
        if (!Limits.within(number, min, max)) {
            d.problem(
                    field,
                    RejectReason.OUT_OF_RANGE,
                    name + " " + Limits.show(number) + " is outside " + Limits.show(min) + ".." + Limits.show(max));
            return null;
        }
        return number;
    }

    /** Readings built before a late {@code seq} was met get it now (rare: seq usually leads). */
    private List<Reading> withSeq(List<Reading> readings) {
        if (seq == null || !readingsBuiltWithoutSeq) {
            return readings;
        }
        List<Reading> fixed = new ArrayList<>(readings.size());
        for (Reading r : readings) {
            fixed.add(new Reading(
                    r.tenant(),
                    r.gateway(),
                    r.sensor(),
                    r.ts(),
                    r.tempC(),
                    r.rh(),
                    r.batteryV(),
                    r.doorOpen(),
                    seq,
                    r.receivedAt()));
        }
        return fixed;
    }

    private String raw(long start, long end) {
        return Utf8.slice(payload, start, end, Limits.MAX_RAW_BYTES);
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
                return "an integer";
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.name();
        }
    }
}

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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the SenML form (RFC 8428 JSON): an array of records whose resolved names are {@code
 * {sensor}/{field}}, combined per sensor and resolved time into readings. One instance per
 * message; not thread-safe.
 *
 * <p>Base fields ({@code bn}, {@code bt}, {@code bu}, {@code bv}) apply to their own record and
 * every later one until replaced, as RFC 8428 §4.5 resolves them. A base field of the wrong type
 * would taint all later records, so it refuses the whole message ({@code invalid_shape}), as does
 * an unknown "must-understand" field (label ending in {@code _}, RFC 8428 §4.4). {@code bs},
 * {@code bver}, {@code vs}, {@code vd}, {@code s} and {@code ut} are accepted and not used.
 */
final class SenmlDecoder {
    private final GatewayTopic topic;
    private final byte[] payload;
    private final Instant receivedAt;
    private final Instant latestAllowed;

    private final SenmlRecord record = new SenmlRecord();
    private final DecimalSeconds time = new DecimalSeconds();
    private final List<RejectedReading> rejected = new ArrayList<>();
    private final List<SenmlGroup> groups = new ArrayList<>();
    private final Map<GroupKey, SenmlGroup> latestGroup = new HashMap<>();
    private SenmlGroup lastGroup;

    // The base values in force (RFC 8428 §4.5): each applies until a later record replaces it.
    private String baseName = "";
    private final DecimalSeconds baseTime = new DecimalSeconds();
    private boolean baseTimeOutOfRange;
    private String baseUnit;
    private double baseValue;

    private record GroupKey(String sensor, Instant ts) {}

    SenmlDecoder(GatewayTopic topic, byte[] payload, Instant receivedAt, Instant latestAllowed) {
        this.topic = topic;
        this.payload = payload;
        this.receivedAt = receivedAt;
        this.latestAllowed = latestAllowed;
    }

    DecodeResult decode() throws IOException {
        int count = 0;
        try (JsonParser parser = Json.FACTORY.createParser(payload)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new Refusal(RejectReason.INVALID_JSON, null, "empty payload");
            }
            if (token != JsonToken.START_ARRAY) {
                throw new Refusal(
                        RejectReason.INVALID_SHAPE,
                        null,
                        "a SenML payload must be a JSON array of records, not " + JsonReadingsDecoder.describe(token));
            }
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (count == Limits.MAX_SENML_RECORDS) {
                    throw new Refusal(
                            RejectReason.TOO_MANY_READINGS,
                            null,
                            "more than " + Limits.MAX_SENML_RECORDS + " SenML records in one message");
                }
                if (token == JsonToken.START_OBJECT) {
                    record(parser, count);
                } else {
                    notAnObject(parser, token, count);
                }
                count++;
            }
            Json.expectEnd(parser);
        }
        if (count == 0) {
            throw new Refusal(RejectReason.NO_READINGS, null, "the SenML array is empty");
        }
        List<Reading> accepted = finish();
        if (accepted.isEmpty() && rejected.isEmpty()) {
            throw new Refusal(RejectReason.NO_READINGS, null, "the SenML pack holds only base fields");
        }
        rejected.sort(Comparator.comparingInt(RejectedReading::index));
        return new DecodeResult(topic, accepted, rejected, null, null);
    }

    private void notAnObject(JsonParser parser, JsonToken token, int index) throws IOException {
        long start = Json.tokenStart(parser);
        long end = Json.skipValue(parser, token);
        Rejection why = new Rejection(
                RejectReason.INVALID_FIELD,
                "records[" + index + "]",
                "a SenML record must be a JSON object, not " + JsonReadingsDecoder.describe(token));
        rejected.add(new RejectedReading(index, null, why, raw(start, end)));
    }

    /** Streams one record, applies its base fields, then rejects it or adds it to its reading. */
    private void record(JsonParser parser, int index) throws IOException {
        SenmlRecord r = record;
        r.reset(index, Json.tokenStart(parser));
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            int field = SenmlFieldReader.fieldOf(name);
            if (field < 0) {
                if (name.endsWith("_")) {
                    throw new Refusal(
                            RejectReason.INVALID_SHAPE,
                            "records[" + index + "]." + name,
                            "unknown must-understand SenML field " + Ids.describe(name));
                }
                Json.skip(parser, value);
            } else if (value != JsonToken.VALUE_NULL) { // null means absent
                if (!r.markSeen(field)) {
                    SenmlFieldReader.duplicate(parser, value, r, field, name);
                } else {
                    SenmlFieldReader.read(parser, value, r, field, name);
                }
            }
        }
        long end = parser.currentTokenLocation().getByteOffset() + 1;
        applyBase(r);
        if (!r.baseOnly()) {
            resolve(r, end);
        }
    }

    private void applyBase(SenmlRecord r) {
        if (r.has(SenmlRecord.BN)) {
            baseName = r.bn;
        }
        if (r.has(SenmlRecord.BT)) {
            baseTime.set(r.bt);
            baseTimeOutOfRange = r.btOutOfRange;
        }
        if (r.has(SenmlRecord.BU)) {
            baseUnit = r.bu;
        }
        if (r.has(SenmlRecord.BV)) {
            baseValue = r.bv;
        }
    }

    /** Validates a measurement record against the resolved base values and files it. */
    private void resolve(SenmlRecord r, long end) {
        String name = r.n == null ? baseName : baseName.isEmpty() ? r.n : baseName + r.n;
        String sensor = null;
        SenmlField field = null;
        int slash = name.lastIndexOf('/');
        if (name.isEmpty()) {
            r.problem(SenmlRecord.RANK_NAME, RejectReason.MISSING_FIELD, "n", "the record has no name (bn + n)");
        } else if (slash < 0) {
            r.problem(
                    SenmlRecord.RANK_NAME,
                    RejectReason.INVALID_FIELD,
                    "n",
                    "name " + Ids.describe(name) + " is not {sensor}/{field}");
        } else {
            sensor = name.substring(0, slash);
            field = SenmlField.of(name, slash + 1);
            if (!Ids.isValid(sensor)) {
                r.problem(
                        SenmlRecord.RANK_NAME,
                        RejectReason.INVALID_SENSOR,
                        "n",
                        "sensor " + Ids.describe(sensor) + " is not 1-64 characters of A-Z a-z 0-9 _ . : -");
            } else if (field == null) {
                r.problem(
                        SenmlRecord.RANK_NAME,
                        RejectReason.UNKNOWN_UNIT,
                        "n",
                        "field " + Ids.describe(name.substring(slash + 1)) + " is not temp, rh, battery or door");
            }
        }
        Instant ts = resolveTime(r);
        double value = field != null && field.numeric() ? resolveNumber(r, field) : 0;
        if (field == SenmlField.DOOR) {
            resolveBoolean(r);
        }
        if (r.hasProblem()) {
            rejected.add(new RejectedReading(r.index, Limits.echo(sensor), r.rejection(), raw(r.start, end)));
            return;
        }
        file(sensor, ts, field, value, r, end);
    }

    private Instant resolveTime(SenmlRecord r) {
        if (baseTimeOutOfRange || r.tOutOfRange) {
            r.problem(
                    SenmlRecord.RANK_TIME,
                    RejectReason.INVALID_TIMESTAMP,
                    "t",
                    "bt + t is out of range (over " + DecimalSeconds.MAX_SECONDS + " s)");
            return null;
        }
        time.set(baseTime);
        time.add(r.t);
        if (time.seconds < Limits.MIN_EPOCH_SECOND) {
            r.problem(
                    SenmlRecord.RANK_TIME,
                    RejectReason.INVALID_TIMESTAMP,
                    "t",
                    "bt + t = " + time.seconds + " s is a relative time (below 2^28); readings need"
                            + " absolute time in seconds since the epoch");
            return null;
        }
        Instant ts = Instant.ofEpochSecond(time.seconds, time.nanos);
        RejectReason wrong = EventTime.check(ts, latestAllowed);
        if (wrong != null) {
            r.problem(SenmlRecord.RANK_TIME, wrong, "t", EventTime.explain(wrong, ts, latestAllowed));
        }
        return ts;
    }

    private double resolveNumber(SenmlRecord r, SenmlField field) {
        String unit = r.u != null ? r.u : baseUnit;
        if (!field.unit.equals(unit)) {
            String detail = unit == null
                    ? field.label + " needs unit " + field.unit + " (u or bu); the record has none"
                    : "unit " + Ids.describe(unit) + " is not " + field.unit + " as " + field.label + " requires";
            r.problem(SenmlRecord.RANK_UNIT, RejectReason.UNKNOWN_UNIT, "u", detail);
        }
        if (!r.has(SenmlRecord.V)) {
            boolean otherValue = r.hasOtherValueThan(SenmlRecord.V);
            r.problem(
                    SenmlRecord.RANK_VALUE,
                    otherValue ? RejectReason.INVALID_FIELD : RejectReason.MISSING_FIELD,
                    "v",
                    field.label + (otherValue ? " needs a numeric v" : " record has no value v"));
            return 0;
        }
        double value = baseValue + r.v;
        if (!Limits.within(value, field.min, field.max)) {
            r.problem(
                    SenmlRecord.RANK_VALUE,
                    RejectReason.OUT_OF_RANGE,
                    "v",
                    field.label + " " + Limits.show(value) + " is outside " + Limits.show(field.min) + ".."
                            + Limits.show(field.max));
        }
        return value;
    }

    private static void resolveBoolean(SenmlRecord r) {
        if (!r.has(SenmlRecord.VB)) {
            boolean otherValue = r.hasOtherValueThan(SenmlRecord.VB);
            r.problem(
                    SenmlRecord.RANK_VALUE,
                    otherValue ? RejectReason.INVALID_FIELD : RejectReason.MISSING_FIELD,
                    "vb",
                    otherValue ? "door needs a boolean vb" : "door record has no value vb");
        }
    }

    /**
     * Adds a valid record to the reading of its sensor and time. A field that reading already has
     * starts a second reading with the same key rather than overwriting: the store keeps the first
     * and counts the conflict, as for JSON duplicates.
     */
    private void file(String sensor, Instant ts, SenmlField field, double value, SenmlRecord r, long end) {
        SenmlGroup group = lastGroup;
        if (group == null || !group.sensor.equals(sensor) || !group.ts.equals(ts)) {
            group = latestGroup.get(new GroupKey(sensor, ts));
        }
        if (group == null || group.has(field)) {
            if (groups.size() == Limits.MAX_READINGS) {
                throw new Refusal(
                        RejectReason.TOO_MANY_READINGS,
                        null,
                        "the SenML records make more than " + Limits.MAX_READINGS + " readings");
            }
            group = new SenmlGroup(sensor, ts);
            groups.add(group);
            latestGroup.put(new GroupKey(sensor, ts), group);
        }
        lastGroup = group;
        group.set(field, value, r.vb);
        group.addRecord(r.index, r.start, end);
    }

    /** Readings with a temp; the records of the others are rejected one by one. */
    private List<Reading> finish() {
        List<Reading> accepted = new ArrayList<>(groups.size());
        for (SenmlGroup g : groups) {
            if (g.temp != null) {
                accepted.add(new Reading(
                        topic.tenant(),
                        topic.gateway(),
                        g.sensor,
                        g.ts,
                        g.temp,
                        g.rh,
                        g.battery,
                        g.door,
                        null,
                        receivedAt));
                continue;
            }
            for (int i = 0; i < g.recordCount(); i++) {
                int index = g.recordIndex(i);
                Rejection why = new Rejection(
                        RejectReason.MISSING_FIELD,
                        "records[" + index + "].temp",
                        "no valid temp record for sensor " + g.sensor + " at " + g.ts + "; a reading needs one");
                rejected.add(new RejectedReading(index, g.sensor, why, raw(g.recordStart(i), g.recordEnd(i))));
            }
        }
        return accepted;
    }

    private String raw(long start, long end) {
        return Utf8.slice(payload, start, end, Limits.MAX_RAW_BYTES);
    }
}

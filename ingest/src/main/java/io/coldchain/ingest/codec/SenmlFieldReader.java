package io.coldchain.ingest.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.coldchain.core.model.RejectReason;
import java.io.IOException;

/**
 * The fields of one SenML record (RFC 8428 §4): which field a name is, and reading each field's
 * value into a {@link SenmlRecord}. A base field of the wrong type, or given twice, refuses the
 * whole message (it would taint every later record); any other bad field marks only its record.
 * Split from {@link SenmlDecoder}, which resolves the records into readings.
 */
final class SenmlFieldReader {
    private SenmlFieldReader() {}

    static int fieldOf(String name) {
        switch (name) {
            case "bn":
                return SenmlRecord.BN;
            case "bt":
                return SenmlRecord.BT;
            case "bu":
                return SenmlRecord.BU;
            case "bv":
                return SenmlRecord.BV;
            case "bs":
                return SenmlRecord.BS;
            case "bver":
                return SenmlRecord.BVER;
            case "n":
                return SenmlRecord.N;
            case "u":
                return SenmlRecord.U;
            case "v":
                return SenmlRecord.V;
            case "vs":
                return SenmlRecord.VS;
            case "vb":
                return SenmlRecord.VB;
            case "vd":
                return SenmlRecord.VD;
            case "s":
                return SenmlRecord.S;
            case "t":
                return SenmlRecord.T;
            case "ut":
                return SenmlRecord.UT;
            default:
                return -1;
        }
    }

    private static boolean isBase(int field) {
        return field <= SenmlRecord.BVER;
    }

    static void duplicate(JsonParser parser, JsonToken value, SenmlRecord r, int field, String name)
            throws IOException {
        if (isBase(field)) {
            throw new Refusal(
                    RejectReason.INVALID_SHAPE,
                    "records[" + r.index + "]." + name,
                    "the base field " + name + " appears twice in one record");
        }
        r.problem(rankOf(field), RejectReason.INVALID_FIELD, name, name + " appears twice in the record");
        Json.skip(parser, value);
    }

    private static int rankOf(int field) {
        switch (field) {
            case SenmlRecord.N:
                return SenmlRecord.RANK_NAME;
            case SenmlRecord.T:
                return SenmlRecord.RANK_TIME;
            case SenmlRecord.U:
                return SenmlRecord.RANK_UNIT;
            default:
                return SenmlRecord.RANK_VALUE;
        }
    }

    /** Reads one field's value into the record, or notes why it is invalid. */
    static void read(JsonParser parser, JsonToken value, SenmlRecord r, int field, String name) throws IOException {
        switch (field) {
            case SenmlRecord.BN:
                r.bn = baseString(parser, value, r, name);
                break;
            case SenmlRecord.BU:
                r.bu = baseString(parser, value, r, name);
                break;
            case SenmlRecord.BT:
                baseNumber(value, r, name);
                r.btOutOfRange =
                        !r.bt.parse(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                break;
            case SenmlRecord.BV:
                baseNumber(value, r, name);
                r.bv = parser.getDoubleValue();
                break;
            case SenmlRecord.BS:
            case SenmlRecord.BVER:
                baseNumber(value, r, name);
                break;
            case SenmlRecord.N:
            case SenmlRecord.U:
                if (value == JsonToken.VALUE_STRING) {
                    if (field == SenmlRecord.N) {
                        r.n = parser.getText();
                    } else {
                        r.u = parser.getText();
                    }
                } else {
                    r.problem(
                            rankOf(field),
                            RejectReason.INVALID_FIELD,
                            name,
                            name + " must be a string, not " + JsonReadingsDecoder.describe(value));
                    Json.skip(parser, value);
                }
                break;
            case SenmlRecord.V:
                if (Json.isNumber(value)) {
                    r.v = parser.getDoubleValue();
                } else {
                    r.problem(
                            SenmlRecord.RANK_VALUE,
                            RejectReason.INVALID_FIELD,
                            name,
                            "v must be a number, not " + JsonReadingsDecoder.describe(value));
                    Json.skip(parser, value);
                }
                break;
            case SenmlRecord.VB:
                if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                    r.vb = value == JsonToken.VALUE_TRUE;
                } else {
                    r.problem(
                            SenmlRecord.RANK_VALUE,
                            RejectReason.INVALID_FIELD,
                            name,
                            "vb must be true or false, not " + JsonReadingsDecoder.describe(value));
                    Json.skip(parser, value);
                }
                break;
            case SenmlRecord.T:
                if (Json.isNumber(value)) {
                    r.tOutOfRange =
                            !r.t.parse(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
                } else {
                    r.problem(
                            SenmlRecord.RANK_TIME,
                            RejectReason.INVALID_TIMESTAMP,
                            name,
                            "t must be a number of seconds, not " + JsonReadingsDecoder.describe(value));
                    Json.skip(parser, value);
                }
                break;
            default:
                Json.skip(parser, value); // vs, vd, s, ut: valid SenML this contract has no use for
        }
    }

    private static String baseString(JsonParser parser, JsonToken value, SenmlRecord r, String name)
            throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new Refusal(
                    RejectReason.INVALID_SHAPE,
                    "records[" + r.index + "]." + name,
                    name + " must be a string, not " + JsonReadingsDecoder.describe(value));
        }
        return parser.getText();
    }

    private static void baseNumber(JsonToken value, SenmlRecord r, String name) {
        if (!Json.isNumber(value)) {
            throw new Refusal(
                    RejectReason.INVALID_SHAPE,
                    "records[" + r.index + "]." + name,
                    name + " must be a number, not " + JsonReadingsDecoder.describe(value));
        }
    }
}

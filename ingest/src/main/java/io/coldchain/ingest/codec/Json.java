package io.coldchain.ingest.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.coldchain.core.model.RejectReason;
import io.coldchain.core.model.Rejection;
import java.io.IOException;

/** The shared streaming-parser setup and the token-level helpers both decoders need. */
final class Json {
    /**
     * One factory for the process: it is thread-safe and owns the symbol table that makes repeated
     * field names ("sensor", "temp_c") cheap. Field names are not interned, so hostile random names
     * cannot grow the JVM's string table; strict JSON stays the default (no NaN, comments, quotes).
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Limits.MAX_NESTING)
                    .build())
            .build();

    private static final int MAX_DETAIL = 200;

    private Json() {}

    /** Byte offset in the payload where the current token starts. */
    static long tokenStart(JsonParser parser) {
        return parser.currentTokenLocation().getByteOffset();
    }

    /**
     * Consumes the value whose first token is current and returns the payload offset just past it,
     * so the caller can keep the value's own text.
     */
    static long skipValue(JsonParser parser, JsonToken first) throws IOException {
        if (first == JsonToken.START_OBJECT || first == JsonToken.START_ARRAY) {
            parser.skipChildren();
            return parser.currentTokenLocation().getByteOffset() + 1;
        }
        parser.finishToken();
        return parser.currentLocation().getByteOffset();
    }

    /** Skips the value of a field this decoder does not read; scalars need nothing. */
    static void skip(JsonParser parser, JsonToken first) throws IOException {
        if (first == JsonToken.START_OBJECT || first == JsonToken.START_ARRAY) {
            parser.skipChildren();
        }
    }

    /** Refuses the message unless nothing but whitespace follows the root value. */
    static void expectEnd(JsonParser parser) throws IOException {
        if (parser.nextToken() != null) {
            throw new Refusal(RejectReason.INVALID_JSON, null, "more than one JSON value in the payload" + at(parser));
        }
    }

    static boolean isNumber(JsonToken token) {
        return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
    }

    /** A parser failure as a whole-message rejection, with the byte where it happened. */
    static Rejection rejection(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        message = firstLine(message);
        JsonLocation location = e.getLocation();
        String where = location == null || location.getByteOffset() < 0 ? "" : " at byte " + location.getByteOffset();
        if (e instanceof StreamConstraintsException) {
            // Valid JSON perhaps, but nested or sized beyond anything the contract's shapes need.
            return new Rejection(
                    RejectReason.INVALID_SHAPE, null, "payload exceeds decoder limits: " + message + where);
        }
        return new Rejection(RejectReason.INVALID_JSON, null, message + where);
    }

    private static String at(JsonParser parser) {
        return " at byte " + parser.currentTokenLocation().getByteOffset();
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "…" : line;
    }
}

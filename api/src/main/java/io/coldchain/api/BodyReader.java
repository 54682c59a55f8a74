package io.coldchain.api;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.coldchain.registry.RegistryStore.Entity;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one JSON request body field by field, the same way for every endpoint: each problem is a 400
 * {@code invalid_body} whose detail names the field and the rule, and unknown fields are refused (a
 * misspelt optional field would otherwise be dropped without a word). What was read is collected as
 * the columns to store ({@link #values}) and the references to other registry entries to check.
 */
final class BodyReader {
    static final String INVALID = "invalid_body";
    /** Times outside this are typos; the upper bound keeps them within what PostgreSQL stores. */
    private static final Instant MIN_TIME = Instant.parse("1970-01-01T00:00:00Z");

    private static final Instant MAX_TIME = Instant.parse("+10000-01-01T00:00:00Z");

    private final JsonObject body;
    private final JsonObject values = new JsonObject();
    private final List<RegistryBody.Reference> references = new ArrayList<>();

    BodyReader(JsonObject body) {
        this.body = body;
    }

    /** The body, which must be a JSON object. */
    static BodyReader of(Buffer raw) {
        return new BodyReader(object(raw, false));
    }

    /** The body, a JSON object or nothing at all (read as {@code {}}). */
    static BodyReader ofOptional(Buffer raw) {
        return new BodyReader(object(raw, true));
    }

    JsonObject body() {
        return body;
    }

    /** The columns read so far. */
    JsonObject values() {
        return values;
    }

    void reference(String field, Entity entity, String id) {
        references.add(new RegistryBody.Reference(field, entity, id));
    }

    RegistryBody.Parsed parsed() {
        return new RegistryBody.Parsed(values, List.copyOf(references));
    }

    void known(String... fields) {
        knownIn(null, fields);
    }

    /** Refuses fields not in {@code fields}; {@code at} prefixes the name of a nested object's field. */
    void knownIn(String at, String... fields) {
        Set<String> allowed = Set.of(fields);
        TreeSet<String> unknown = new TreeSet<>(body.fieldNames());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw invalid("unknown field " + (at == null ? "" : at + ".") + Ids.describe(unknown.first())
                    + "; allowed: " + new TreeSet<>(allowed));
        }
    }

    /** An optional string field of a nested object, named {@code prefix + field} in errors. */
    String string(String prefix, String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw invalid(prefix + field + " must be a string (got " + typeName(v) + ")");
        }
        return (String) v;
    }

    /** A string field; null when absent (or null) and not required. */
    String string(String field, boolean required) {
        Object v = body.getValue(field);
        if (v == null) {
            if (required) {
                throw invalid(field + " is required");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw invalid(field + " must be a string (got " + typeName(v) + ")");
        }
        return s;
    }

    /** Free text: 1..max characters, not blank, no control characters, well-formed Unicode. */
    String text(String field, int max) {
        String s = freeText(field, string(field, true), max);
        values.put(field, s);
        return s;
    }

    /**
     * Checks a free-text value the way every body does (required, not blank, at most {@code max}
     * characters, no control characters, well-formed Unicode) and returns it.
     */
    static String freeText(String field, String s, int max) {
        if (s == null) {
            throw invalid(field + " is required");
        }
        if (s.isBlank()) {
            throw invalid(field + " must not be blank");
        }
        if (s.codePointCount(0, s.length()) > max) {
            throw invalid(field + " must be at most " + max + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isISOControl(ch)) {
                throw invalid(field + " must not contain control characters");
            }
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                throw invalid(field + " must be well-formed Unicode (unpaired surrogate)");
            }
        }
        return s;
    }

    String oneOf(String field, Set<String> allowed) {
        return oneOf(field, allowed, null);
    }

    /** One of {@code allowed}; {@code dflt} when absent, required when {@code dflt} is null. */
    String oneOf(String field, Set<String> allowed, String dflt) {
        String s = string(field, dflt == null);
        if (s == null) {
            s = dflt;
        } else if (!allowed.contains(s)) {
            throw invalid(field + " must be one of " + new TreeSet<>(allowed) + " (got " + Ids.describe(s) + ")");
        }
        values.put(field, s);
        return s;
    }

    /**
     * A required array of 1..{@code max} distinct lots (identifiers), kept in {@code values} as a JSON
     * array in the order given.
     */
    List<String> lots(String field, int max) {
        Object raw = body.getValue(field);
        if (raw == null) {
            throw invalid(field + " is required");
        }
        if (!(raw instanceof JsonArray array)) {
            throw invalid(field + " must be an array of lots (got " + typeName(raw) + ")");
        }
        if (array.isEmpty() || array.size() > max) {
            throw invalid(field + " must have 1 to " + max + " lots (got " + array.size() + ")");
        }
        List<String> lots = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String at = field + "[" + i + "]";
            Object v = array.getValue(i);
            if (!(v instanceof String lot) || !Ids.isValid(lot)) {
                throw invalid(at + " must be a lot: 1-64 characters of A-Z a-z 0-9 _ . : - (got "
                        + (v instanceof String s ? Ids.describe(s) : typeName(v)) + ")");
            }
            if (lots.contains(lot)) {
                throw invalid(at + " repeats lot " + Ids.describe(lot));
            }
            lots.add(lot);
        }
        values.put(field, new JsonArray(lots));
        return lots;
    }

    /** An optional boolean; false when absent. */
    boolean flag(String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof Boolean)) {
            throw invalid(field + " must be a boolean (got " + typeName(v) + ")");
        }
        return Boolean.TRUE.equals(v);
    }

    /** An identifier (contract §1); null when absent and not required. */
    String id(String field, boolean required) {
        String s = string(field, required);
        if (s != null && !Ids.isValid(s)) {
            throw invalid(field + " must be 1-64 characters of A-Z a-z 0-9 _ . : - (got " + Ids.describe(s) + ")");
        }
        values.put(field, s);
        return s;
    }

    /** An optional integer from {@code min} to {@code max} (60.0 and "60" are refused). */
    Integer integer(String field, int min, int max) {
        Object v = body.getValue(field);
        Integer out = null;
        if (v != null) {
            if (!(v instanceof Integer || v instanceof Long || v instanceof BigInteger)) {
                throw invalid(field + " must be an integer (got " + typeName(v) + ")");
            }
            BigInteger n = new BigInteger(v.toString());
            if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
                throw invalid(field + " must be from " + min + " to " + max + " (got " + n + ")");
            }
            out = n.intValue();
        }
        values.put(field, out);
        return out;
    }

    /** An optional date {@code YYYY-MM-DD}. */
    void date(String field) {
        String s = string(field, false);
        if (s != null) {
            try {
                if (!s.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                    throw new DateTimeParseException("not YYYY-MM-DD", s, 0);
                }
                s = LocalDate.parse(s).toString();
            } catch (DateTimeParseException e) {
                throw invalid(field + " must be a date YYYY-MM-DD (got " + Ids.describe(s) + ")");
            }
        }
        values.put(field, s);
    }

    /** An RFC 3339 time with offset, required, stored to the microsecond as PostgreSQL keeps it. */
    Instant time(String field) {
        return time(field, true);
    }

    /** {@link #time(String)}, null (and stored as null) when absent and not required. */
    Instant time(String field, boolean required) {
        String s = string(field, required);
        if (s == null) {
            values.put(field, null);
            return null;
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid(field + " must be an RFC 3339 time with offset, e.g. 2026-11-21T07:59:30Z (got "
                    + Ids.describe(s) + ")");
        }
        if (t.getNano() % 1000 != 0) {
            throw invalid(field + " must have at most microsecond precision");
        }
        if (t.isBefore(MIN_TIME) || !t.isBefore(MAX_TIME)) {
            throw invalid(field + " must be within years 1970..9999 (got " + Ids.describe(s) + ")");
        }
        values.put(field, t.toString());
        return t;
    }

    static String typeName(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof JsonObject) {
            return "an object";
        }
        return "an array";
    }

    static ColdchainException invalid(String detail) {
        return ColdchainException.badRequest(INVALID, detail);
    }

    private static JsonObject object(Buffer raw, boolean mayBeEmpty) {
        if (raw == null || raw.length() == 0) {
            if (mayBeEmpty) {
                return new JsonObject();
            }
            throw invalid("the body must be a JSON object (got nothing)");
        }
        Object decoded;
        try {
            decoded = Json.decodeValue(raw);
        } catch (DecodeException e) {
            throw invalid("the body is not valid JSON");
        }
        if (!(decoded instanceof JsonObject o)) {
            throw invalid("the body must be a JSON object (got " + typeName(decoded) + ")");
        }
        return o;
    }
}

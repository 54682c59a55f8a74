package io.coldchain.api;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.coldchain.core.profile.Profile;
import io.coldchain.core.profile.Rule;
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
import java.util.regex.Pattern;

/**
 * Validates a registry PUT body and turns it into the columns the store writes. Every problem is a
 * 400 {@code invalid_body} whose detail names the field and the rule; nothing reaches the database
 * unchecked. Unknown fields are refused too: a misspelt optional field would otherwise be dropped
 * without a word.
 */
final class RegistryBody {
    static final String INVALID = "invalid_body";
    static final int MAX_NAME = 200;
    static final int MAX_ADDRESS = 500;
    static final Set<String> SITE_KINDS = Set.of("store", "warehouse", "plant", "farm", "depot");
    static final Set<String> ASSET_KINDS = Set.of("truck", "trailer", "tanker", "cold_room", "display_case", "freezer");
    private static final Pattern REGION = Pattern.compile("[0-9]{2,12}");
    /** Batch times outside this are typos; the upper bound keeps them within what PostgreSQL stores. */
    private static final Instant MIN_TIME = Instant.parse("1970-01-01T00:00:00Z");

    private static final Instant MAX_TIME = Instant.parse("+10000-01-01T00:00:00Z");

    /** A reference to another registry entry that must exist in the same tenant. */
    record Reference(String field, Entity entity, String id) {}

    /** The columns to store (every column of the entity, null where absent) and the references to check. */
    record Parsed(JsonObject values, List<Reference> references) {}

    private final JsonObject body;
    private final JsonObject values = new JsonObject();
    private final List<Reference> references = new ArrayList<>();

    private RegistryBody(JsonObject body) {
        this.body = body;
    }

    /** A site; without {@code timezone} it gets {@code defaultZone} (the {@code timezone} setting). */
    static Parsed site(Buffer raw, java.time.ZoneId defaultZone) {
        RegistryBody b = new RegistryBody(object(raw));
        b.known("name", "kind", "region", "address", "timezone");
        b.text("name", MAX_NAME);
        b.oneOf("kind", SITE_KINDS);
        String region = b.string("region", true);
        if (!REGION.matcher(region).matches()) {
            throw invalid("region must be 2-12 digits (got " + Ids.describe(region) + ")");
        }
        b.values.put("region", region);
        b.text("address", MAX_ADDRESS);
        String zone = b.string("timezone", false);
        if (zone != null && io.coldchain.core.model.TimeZones.parse(zone).isEmpty()) {
            throw invalid("timezone must be " + io.coldchain.core.model.TimeZones.expected() + " (got "
                    + Ids.describe(zone) + ")");
        }
        b.values.put("timezone", zone == null ? defaultZone.getId() : zone);
        return b.parsed();
    }

    static Parsed asset(Buffer raw) {
        RegistryBody b = new RegistryBody(object(raw));
        b.known("name", "kind", "site", "profile");
        b.text("name", MAX_NAME);
        b.oneOf("kind", ASSET_KINDS);
        String site = b.id("site", false);
        if (site != null) {
            b.references.add(new Reference("site", Entity.SITE, site));
        }
        String profile = b.id("profile", false);
        if (profile != null) {
            b.references.add(new Reference("profile", Entity.PROFILE, profile));
        }
        return b.parsed();
    }

    /**
     * A profile: checked field by field here (types, unknown fields), then by core's {@link Profile}
     * and {@link Rule#fromWire} (ranges, kinds, the delay/budget pairing), whose 400s name the entry,
     * e.g. {@code rules[2].delay_min}. The rules are stored in their canonical form ({@link #rules}).
     */
    static Parsed profile(String id, Buffer raw) {
        RegistryBody b = new RegistryBody(object(raw));
        b.known("name", "min_c", "max_c", "rules");
        b.text("name", MAX_NAME);
        Double minC = number(b.body, "min_c", "min_c");
        Double maxC = number(b.body, "max_c", "max_c");
        Object rawRules = b.body.getValue("rules");
        if (rawRules == null) {
            throw invalid("rules is required (may be empty)");
        }
        if (!(rawRules instanceof JsonArray array)) {
            throw invalid("rules must be an array (got " + typeName(rawRules) + ")");
        }
        if (array.size() > Profile.MAX_RULES) {
            throw invalid("rules must have at most " + Profile.MAX_RULES + " entries (got " + array.size() + ")");
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String at = "rules[" + i + "]";
            if (!(array.getValue(i) instanceof JsonObject r)) {
                throw invalid(at + " must be an object (got " + typeName(array.getValue(i)) + ")");
            }
            RegistryBody rb = new RegistryBody(r);
            rb.knownIn(at, "kind", "threshold_c", "delay_min", "budget_min", "severity");
            rules.add(Rule.fromWire(
                    at,
                    rb.string(at + ".", "kind"),
                    number(r, "threshold_c", at + ".threshold_c"),
                    minutes(r, "delay_min", at + ".delay_min"),
                    minutes(r, "budget_min", at + ".budget_min"),
                    rb.string(at + ".", "severity")));
        }
        Profile p = new Profile(id, b.values.getString("name"), minC, maxC, rules);
        b.values.put("min_c", p.minC()).put("max_c", p.maxC()).put("rules", rules(p.rules()));
        return b.parsed();
    }

    static Parsed product(Buffer raw) {
        RegistryBody b = new RegistryBody(object(raw));
        b.known("name", "profile");
        b.text("name", MAX_NAME);
        b.references.add(new Reference("profile", Entity.PROFILE, b.id("profile", true)));
        return b.parsed();
    }

    static Parsed batch(Buffer raw) {
        RegistryBody b = new RegistryBody(object(raw));
        b.known("sku", "produced_at", "expires_at", "quantity");
        b.references.add(new Reference("sku", Entity.PRODUCT, b.id("sku", true)));
        Instant produced = b.time("produced_at");
        Instant expires = b.time("expires_at");
        if (!expires.isAfter(produced)) {
            throw invalid("expires_at (" + expires + ") must be after produced_at (" + produced + ")");
        }
        b.integer("quantity", 1, Integer.MAX_VALUE);
        return b.parsed();
    }

    /** The contract's JSON of rules: kind, threshold_c, delay_min or budget_min (whichever applies), severity. */
    static JsonArray rules(List<Rule> rules) {
        JsonArray out = new JsonArray();
        for (Rule r : rules) {
            JsonObject o = new JsonObject().put("kind", r.kind().wire()).put("threshold_c", r.thresholdC());
            if (r.kind().cumulative()) {
                o.put("budget_min", r.budget().toMinutes());
            } else {
                o.put("delay_min", r.delay().toMinutes());
            }
            out.add(o.put("severity", r.severity().wire()));
        }
        return out;
    }

    /** A number field (null when absent); not range-checked here (core does that, naming {@code name}). */
    private static Double number(JsonObject o, String field, String name) {
        Object v = o.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n)) {
            throw invalid(name + " must be a number (got " + typeName(v) + ")");
        }
        return n.doubleValue();
    }

    /** A whole number of minutes (null when absent); the range is core's to check. */
    private static Long minutes(JsonObject o, String field, String name) {
        Object v = o.getValue(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Integer || v instanceof Long || v instanceof BigInteger)) {
            throw invalid(name + " must be an integer (got " + typeName(v) + ")");
        }
        BigInteger n = new BigInteger(v.toString());
        if (n.bitLength() > 63) {
            throw invalid(name + " is out of range (got " + n + ")");
        }
        return n.longValue();
    }

    /** An RFC 3339 time with offset, required, stored to the microsecond as PostgreSQL keeps it. */
    private Instant time(String field) {
        return time(field, true);
    }

    /** {@link #time(String)}, null (and stored as null) when absent and not required. */
    private Instant time(String field, boolean required) {
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

    /** Most batches one shipment may carry. */
    static final int MAX_SHIPMENT_BATCHES = 500;

    static final Set<String> VEHICLE_KINDS = Set.of("truck", "trailer", "tanker");
    static final Set<String> PLACE_KINDS = Set.of("cold_room", "display_case", "freezer");

    /**
     * A shipment: {@code id}, {@code asset}, {@code batches} (1..500 distinct lots, in {@code values}
     * as a JSON array), {@code origin}, {@code destination}, {@code departed_at}. References are checked
     * by the endpoint, which also needs the asset's kind.
     */
    static Parsed shipment(Buffer raw) {
        RegistryBody b = new RegistryBody(object(raw));
        b.known("id", "asset", "batches", "origin", "destination", "departed_at");
        b.id("id", true);
        b.id("asset", true);
        Object rawLots = b.body.getValue("batches");
        if (rawLots == null) {
            throw invalid("batches is required");
        }
        if (!(rawLots instanceof JsonArray array)) {
            throw invalid("batches must be an array of lots (got " + typeName(rawLots) + ")");
        }
        if (array.isEmpty() || array.size() > MAX_SHIPMENT_BATCHES) {
            throw invalid("batches must have 1 to " + MAX_SHIPMENT_BATCHES + " lots (got " + array.size() + ")");
        }
        JsonArray lots = new JsonArray();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String at = "batches[" + i + "]";
            Object v = array.getValue(i);
            if (!(v instanceof String lot) || !Ids.isValid(lot)) {
                throw invalid(at + " must be a lot: 1-64 characters of A-Z a-z 0-9 _ . : - (got "
                        + (v instanceof String s ? Ids.describe(s) : typeName(v)) + ")");
            }
            if (!seen.add(lot)) {
                throw invalid(at + " repeats lot " + Ids.describe(lot));
            }
            lots.add(lot);
        }
        b.values.put("batches", lots);
        b.references.add(new Reference("origin", Entity.SITE, b.id("origin", true)));
        b.references.add(new Reference("destination", Entity.SITE, b.id("destination", true)));
        b.time("departed_at");
        return b.parsed();
    }

    /** The body of a delivery: {@code arrived_at}. */
    static Parsed delivery(Buffer raw) {
        RegistryBody b = new RegistryBody(object(raw));
        b.known("arrived_at");
        b.time("arrived_at");
        return b.parsed();
    }

    /** A placement: {@code lot}, {@code asset}, {@code from}, optional {@code to} after {@code from}. */
    static Parsed placement(Buffer raw) {
        RegistryBody b = new RegistryBody(object(raw));
        b.known("lot", "asset", "from", "to");
        b.id("lot", true);
        b.id("asset", true);
        Instant from = b.time("from");
        Instant to = b.time("to", false);
        if (to != null && !to.isAfter(from)) {
            throw invalid("to (" + to + ") must be after from (" + from + ")");
        }
        return b.parsed();
    }

    /** Acknowledging an alert: {@code note}, free text. */
    static Parsed alertAck(Buffer raw) {
        RegistryBody b = new RegistryBody(object(raw));
        b.known("note");
        b.text("note", 2000);
        return b.parsed();
    }

    /**
     * Resolving an alert: {@code corrective_action} (free text) and {@code dispositions}, an object
     * from lot to release, hold or discard (that it names exactly the alert's batches is checked
     * against the alert).
     */
    static Parsed alertResolve(Buffer raw) {
        RegistryBody b = new RegistryBody(object(raw));
        b.known("corrective_action", "dispositions");
        b.text("corrective_action", 4000);
        Object d = b.body.getValue("dispositions");
        if (!(d instanceof JsonObject dispositions)) {
            throw invalid("dispositions " + (d == null ? "is required" : "must be an object (got " + typeName(d) + ")")
                    + ": {\"LOT\": \"release\" | \"hold\" | \"discard\"}");
        }
        JsonObject out = new JsonObject();
        for (String lot : new TreeSet<>(dispositions.fieldNames())) {
            if (!Ids.isValid(lot)) {
                throw invalid("dispositions: " + Ids.describe(lot) + " is not a valid lot id");
            }
            Object v = dispositions.getValue(lot);
            if (!(v instanceof String s)
                    || !Set.of("release", "hold", "discard").contains(s)) {
                throw invalid("dispositions." + lot + " must be one of [discard, hold, release]");
            }
            out.put(lot, s);
        }
        b.values.put("dispositions", out);
        return b.parsed();
    }

    static Parsed sensor(Buffer raw) {
        RegistryBody b = new RegistryBody(object(raw));
        b.known("gateway", "asset", "expected_interval_s", "calibration_due");
        b.id("gateway", true);
        b.references.add(new Reference("asset", Entity.ASSET, b.id("asset", true)));
        b.integer("expected_interval_s", 1, 86_400);
        b.date("calibration_due");
        return b.parsed();
    }

    private Parsed parsed() {
        return new Parsed(values, List.copyOf(references));
    }

    private static JsonObject object(Buffer raw) {
        if (raw == null || raw.length() == 0) {
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

    private void known(String... fields) {
        knownIn(null, fields);
    }

    /** Refuses fields not in {@code fields}; {@code at} prefixes the name of a nested object's field. */
    private void knownIn(String at, String... fields) {
        Set<String> allowed = Set.of(fields);
        TreeSet<String> unknown = new TreeSet<>(body.fieldNames());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw invalid("unknown field " + (at == null ? "" : at + ".") + Ids.describe(unknown.first())
                    + "; allowed: " + new TreeSet<>(allowed));
        }
    }

    /** An optional string field of a nested object, named {@code prefix + field} in errors. */
    private String string(String prefix, String field) {
        Object v = body.getValue(field);
        if (v != null && !(v instanceof String)) {
            throw invalid(prefix + field + " must be a string (got " + typeName(v) + ")");
        }
        return (String) v;
    }

    /** A string field; null when absent (or null) and not required. */
    private String string(String field, boolean required) {
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
    private void text(String field, int max) {
        values.put(field, freeText(field, string(field, true), max));
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

    private void oneOf(String field, Set<String> allowed) {
        String s = string(field, true);
        if (!allowed.contains(s)) {
            throw invalid(field + " must be one of " + new TreeSet<>(allowed) + " (got " + Ids.describe(s) + ")");
        }
        values.put(field, s);
    }

    private String id(String field, boolean required) {
        String s = string(field, required);
        if (s != null && !Ids.isValid(s)) {
            throw invalid(field + " must be 1-64 characters of A-Z a-z 0-9 _ . : - (got " + Ids.describe(s) + ")");
        }
        values.put(field, s);
        return s;
    }

    private void integer(String field, int min, int max) {
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
    }

    private void date(String field) {
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

    private static String typeName(Object v) {
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
}

package io.coldchain.api;

import static io.coldchain.api.BodyReader.invalid;
import static io.coldchain.api.BodyReader.typeName;

import io.coldchain.core.model.Ids;
import io.coldchain.core.profile.Profile;
import io.coldchain.core.profile.Rule;
import io.coldchain.core.profile.RuleWire;
import io.coldchain.registry.RegistryStore.Entity;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a registry PUT body (site, asset, sensor, profile, product, batch) and turns it into the
 * columns the store writes, with {@link BodyReader}: every problem is a 400 {@code invalid_body}
 * whose detail names the field and the rule; nothing reaches the database unchecked.
 */
final class RegistryBody {
    static final int MAX_NAME = 200;
    static final int MAX_ADDRESS = 500;
    static final Set<String> SITE_KINDS = Set.of("store", "warehouse", "plant", "farm", "depot");
    static final Set<String> ASSET_KINDS = Set.of("truck", "trailer", "tanker", "cold_room", "display_case", "freezer");
    private static final Pattern REGION = Pattern.compile("[0-9]{2,12}");

    /** A reference to another registry entry that must exist in the same tenant. */
    record Reference(String field, Entity entity, String id) {}

    /** The columns to store (every column of the entity, null where absent) and the references to check. */
    record Parsed(JsonObject values, List<Reference> references) {}

    private RegistryBody() {}

    /** A site; without {@code timezone} it gets {@code defaultZone} (the {@code timezone} setting). */
    static Parsed site(Buffer raw, java.time.ZoneId defaultZone) {
        BodyReader b = BodyReader.of(raw);
        b.known("name", "kind", "region", "address", "timezone");
        b.text("name", MAX_NAME);
        b.oneOf("kind", SITE_KINDS);
        String region = b.string("region", true);
        if (!REGION.matcher(region).matches()) {
            throw invalid("region must be 2-12 digits (got " + Ids.describe(region) + ")");
        }
        b.values().put("region", region);
        b.text("address", MAX_ADDRESS);
        String zone = b.string("timezone", false);
        if (zone != null && io.coldchain.core.model.TimeZones.parse(zone).isEmpty()) {
            throw invalid("timezone must be " + io.coldchain.core.model.TimeZones.expected() + " (got "
                    + Ids.describe(zone) + ")");
        }
        b.values().put("timezone", zone == null ? defaultZone.getId() : zone);
        return b.parsed();
    }

    static Parsed asset(Buffer raw) {
        BodyReader b = BodyReader.of(raw);
        b.known("name", "kind", "site", "profile");
        b.text("name", MAX_NAME);
        b.oneOf("kind", ASSET_KINDS);
        String site = b.id("site", false);
        if (site != null) {
            b.reference("site", Entity.SITE, site);
        }
        String profile = b.id("profile", false);
        if (profile != null) {
            b.reference("profile", Entity.PROFILE, profile);
        }
        return b.parsed();
    }

    static Parsed sensor(Buffer raw) {
        BodyReader b = BodyReader.of(raw);
        b.known("gateway", "asset", "expected_interval_s", "calibration_due");
        b.id("gateway", true);
        b.reference("asset", Entity.ASSET, b.id("asset", true));
        b.integer("expected_interval_s", 1, 86_400);
        b.date("calibration_due");
        return b.parsed();
    }

    /**
     * A profile: checked field by field here (types, unknown fields), then by core's {@link Profile}
     * and {@link Rule#fromWire} (ranges, kinds, the delay/budget pairing), whose 400s name the entry,
     * e.g. {@code rules[2].delay_min}. The rules are stored in their canonical form ({@link #rules}).
     */
    static Parsed profile(String id, Buffer raw) {
        BodyReader b = BodyReader.of(raw);
        b.known("name", "min_c", "max_c", "rules");
        b.text("name", MAX_NAME);
        Double minC = number(b.body(), "min_c", "min_c");
        Double maxC = number(b.body(), "max_c", "max_c");
        Object rawRules = b.body().getValue("rules");
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
            BodyReader rb = new BodyReader(r);
            rb.knownIn(at, RuleWire.FIELDS);
            rules.add(Rule.fromWire(
                    at,
                    new RuleWire(
                            rb.string(at + ".", "kind"),
                            number(r, "threshold_c", at + ".threshold_c"),
                            number(r, "threshold_rh", at + ".threshold_rh"),
                            minutes(r, "delay_min", at + ".delay_min"),
                            minutes(r, "budget_min", at + ".budget_min"),
                            minutes(r, "within_min", at + ".within_min"),
                            minutes(r, "max_age_h", at + ".max_age_h"),
                            rb.string(at + ".", "severity"))));
        }
        Profile p = new Profile(id, b.values().getString("name"), minC, maxC, rules);
        b.values().put("min_c", p.minC()).put("max_c", p.maxC()).put("rules", rules(p.rules()));
        return b.parsed();
    }

    static Parsed product(Buffer raw) {
        BodyReader b = BodyReader.of(raw);
        b.known("name", "profile");
        b.text("name", MAX_NAME);
        b.reference("profile", Entity.PROFILE, b.id("profile", true));
        return b.parsed();
    }

    static Parsed batch(Buffer raw) {
        BodyReader b = BodyReader.of(raw);
        b.known("sku", "produced_at", "expires_at", "quantity");
        b.reference("sku", Entity.PRODUCT, b.id("sku", true));
        Instant produced = b.time("produced_at");
        Instant expires = b.time("expires_at");
        if (!expires.isAfter(produced)) {
            throw invalid("expires_at (" + expires + ") must be after produced_at (" + produced + ")");
        }
        b.integer("quantity", 1, Integer.MAX_VALUE);
        return b.parsed();
    }

    /** The contract's JSON of rules: exactly the fields of each rule's kind (kind, its threshold and span, severity). */
    static JsonArray rules(List<Rule> rules) {
        JsonArray out = new JsonArray();
        for (Rule r : rules) {
            RuleWire w = r.toWire();
            JsonObject o = new JsonObject().put("kind", w.kind());
            putIfPresent(o, "threshold_c", w.thresholdC());
            putIfPresent(o, "threshold_rh", w.thresholdRh());
            putIfPresent(o, "delay_min", w.delayMin());
            putIfPresent(o, "budget_min", w.budgetMin());
            putIfPresent(o, "within_min", w.withinMin());
            putIfPresent(o, "max_age_h", w.maxAgeH());
            out.add(o.put("severity", w.severity()));
        }
        return out;
    }

    private static void putIfPresent(JsonObject o, String field, Object value) {
        if (value != null) {
            o.put(field, value);
        }
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
}

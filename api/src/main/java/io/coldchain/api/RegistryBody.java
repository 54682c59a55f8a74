package io.coldchain.api;

import io.coldchain.api.registry.RegistryStore.Entity;
import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.time.LocalDate;
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

  static Parsed site(Buffer raw) {
    RegistryBody b = new RegistryBody(object(raw));
    b.known("name", "kind", "region", "address");
    b.text("name", MAX_NAME);
    b.oneOf("kind", SITE_KINDS);
    String region = b.string("region", true);
    if (!REGION.matcher(region).matches()) {
      throw invalid("region must be 2-12 digits (got " + Ids.describe(region) + ")");
    }
    b.values.put("region", region);
    b.text("address", MAX_ADDRESS);
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
    b.id("profile", false);
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
    Set<String> allowed = Set.of(fields);
    TreeSet<String> unknown = new TreeSet<>(body.fieldNames());
    unknown.removeAll(allowed);
    if (!unknown.isEmpty()) {
      throw invalid("unknown field " + Ids.describe(unknown.first()) + "; allowed: " + new TreeSet<>(allowed));
    }
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
    String s = string(field, true);
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
    values.put(field, s);
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

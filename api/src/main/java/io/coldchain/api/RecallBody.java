package io.coldchain.api;

import io.coldchain.core.model.Ids;
import io.coldchain.registry.recall.LocationStatus;
import io.coldchain.registry.recall.RecallService.NewRecall;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The bodies of the recall endpoints, checked field by field; 400 {@code invalid_body} otherwise. */
final class RecallBody {
    /** As many lots as a shipment may carry. */
    static final int MAX_LOTS = 500;

    /** A site's follow-up: its new status, and an optional note. */
    record SiteUpdate(LocationStatus status, String note) {}

    private RecallBody() {}

    /** {@code {"id", "lots": [1..500 distinct lots], "reason"}}. */
    static NewRecall create(Buffer raw) {
        JsonObject o = object(raw);
        known(o, "id", "lots", "reason");
        String id = string(o, "id", true);
        if (!Ids.isValid(id)) {
            throw RegistryBody.invalid(
                    "id must be 1-64 characters of A-Z a-z 0-9 _ . : - (got " + Ids.describe(id) + ")");
        }
        Object rawLots = o.getValue("lots");
        if (rawLots == null) {
            throw RegistryBody.invalid("lots is required");
        }
        if (!(rawLots instanceof JsonArray array)) {
            throw RegistryBody.invalid("lots must be an array of lots");
        }
        if (array.isEmpty() || array.size() > MAX_LOTS) {
            throw RegistryBody.invalid("lots must have 1 to " + MAX_LOTS + " lots (got " + array.size() + ")");
        }
        List<String> lots = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            Object v = array.getValue(i);
            if (!(v instanceof String lot) || !Ids.isValid(lot)) {
                throw RegistryBody.invalid("lots[" + i + "] must be a lot: 1-64 characters of A-Z a-z 0-9 _ . : -");
            }
            if (!seen.add(lot)) {
                throw RegistryBody.invalid("lots[" + i + "] repeats lot " + Ids.describe(lot));
            }
            lots.add(lot);
        }
        String reason = RegistryBody.freeText("reason", string(o, "reason", true), 2000);
        return new NewRecall(id, lots, reason);
    }

    /** {@code {"status": "notified"|"removed"|"confirmed", "note"?}}. */
    static SiteUpdate site(Buffer raw) {
        JsonObject o = object(raw);
        known(o, "status", "note");
        LocationStatus status = LocationStatus.parse("status", string(o, "status", true));
        return new SiteUpdate(status, note(o));
    }

    /** How a recall is closed: what came of it, and whether sites not yet confirmed may be left so. */
    record Closing(String note, boolean force) {}

    /** {@code {"note", "force"?}}: {@code force} closes it although some sites are not confirmed. */
    static Closing close(Buffer raw) {
        JsonObject o = object(raw);
        known(o, "note", "force");
        String note = RegistryBody.freeText("note", string(o, "note", true), 2000);
        Object force = o.getValue("force");
        if (force != null && !(force instanceof Boolean)) {
            throw RegistryBody.invalid("force must be a boolean");
        }
        return new Closing(note, Boolean.TRUE.equals(force));
    }

    private static String note(JsonObject o) {
        String note = string(o, "note", false);
        return note == null ? null : RegistryBody.freeText("note", note, 2000);
    }

    private static String string(JsonObject o, String field, boolean required) {
        Object v = o.getValue(field);
        if (v == null) {
            if (required) {
                throw RegistryBody.invalid(field + " is required");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            throw RegistryBody.invalid(field + " must be a string");
        }
        return s;
    }

    private static void known(JsonObject o, String... fields) {
        TreeSet<String> unknown = new TreeSet<>(o.fieldNames());
        unknown.removeAll(Set.of(fields));
        if (!unknown.isEmpty()) {
            throw RegistryBody.invalid(
                    "unknown field " + Ids.describe(unknown.first()) + "; allowed: " + new TreeSet<>(Set.of(fields)));
        }
    }

    private static JsonObject object(Buffer raw) {
        if (raw == null || raw.length() == 0) {
            throw RegistryBody.invalid("the body must be a JSON object (got nothing)");
        }
        Object decoded;
        try {
            decoded = Json.decodeValue(raw);
        } catch (DecodeException e) {
            throw RegistryBody.invalid("the body is not valid JSON");
        }
        if (!(decoded instanceof JsonObject o)) {
            throw RegistryBody.invalid("the body must be a JSON object");
        }
        return o;
    }
}

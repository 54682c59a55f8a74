package io.coldchain.api;

import static io.coldchain.api.BodyReader.invalid;
import static io.coldchain.api.BodyReader.typeName;

import io.coldchain.core.model.Ids;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;

/** The bodies of the alert actions, read with {@link BodyReader}. */
final class AlertBody {
    private static final Set<String> DISPOSITIONS = Set.of("release", "hold", "discard");

    private AlertBody() {}

    /** Acknowledging an alert: {@code note}, free text. */
    static RegistryBody.Parsed acknowledgement(Buffer raw) {
        BodyReader b = BodyReader.of(raw);
        b.known("note");
        b.text("note", 2000);
        return b.parsed();
    }

    /**
     * Resolving an alert: {@code corrective_action} (free text) and {@code dispositions}, an object
     * from lot to release, hold or discard (that it names exactly the alert's batches is checked
     * against the alert).
     */
    static RegistryBody.Parsed resolution(Buffer raw) {
        BodyReader b = BodyReader.of(raw);
        b.known("corrective_action", "dispositions");
        b.text("corrective_action", 4000);
        Object d = b.body().getValue("dispositions");
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
            if (!(v instanceof String s) || !DISPOSITIONS.contains(s)) {
                throw invalid("dispositions." + lot + " must be one of [discard, hold, release]");
            }
            out.put(lot, s);
        }
        b.values().put("dispositions", out);
        return b.parsed();
    }
}

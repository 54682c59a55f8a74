package io.coldchain.api;

import static io.coldchain.api.BodyReader.invalid;
import static io.coldchain.api.BodyReader.typeName;

import io.coldchain.core.model.Ids;
import io.coldchain.registry.RegistryStore.Entity;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** The bodies of shipments, deliveries and placements, read with {@link BodyReader}. */
final class ShipmentBody {
    /** Most batches one shipment may carry. */
    static final int MAX_SHIPMENT_BATCHES = 500;

    static final Set<String> VEHICLE_KINDS = Set.of("truck", "trailer", "tanker");
    static final Set<String> PLACE_KINDS = Set.of("cold_room", "display_case", "freezer");

    private ShipmentBody() {}

    /**
     * A shipment: {@code id}, {@code asset}, {@code batches} (1..500 distinct lots, in {@code values}
     * as a JSON array), {@code origin}, {@code destination}, {@code departed_at}. References are checked
     * by the endpoint, which also needs the asset's kind.
     */
    static RegistryBody.Parsed shipment(Buffer raw) {
        BodyReader b = BodyReader.of(raw);
        b.known("id", "asset", "batches", "origin", "destination", "departed_at");
        b.id("id", true);
        b.id("asset", true);
        Object rawLots = b.body().getValue("batches");
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
        Set<String> seen = new HashSet<>();
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
        b.values().put("batches", lots);
        b.reference("origin", Entity.SITE, b.id("origin", true));
        b.reference("destination", Entity.SITE, b.id("destination", true));
        b.time("departed_at");
        return b.parsed();
    }

    /** The body of a delivery: {@code arrived_at}. */
    static RegistryBody.Parsed delivery(Buffer raw) {
        BodyReader b = BodyReader.of(raw);
        b.known("arrived_at");
        b.time("arrived_at");
        return b.parsed();
    }

    /** A placement: {@code lot}, {@code asset}, {@code from}, optional {@code to} after {@code from}. */
    static RegistryBody.Parsed placement(Buffer raw) {
        BodyReader b = BodyReader.of(raw);
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
}

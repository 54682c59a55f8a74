package io.coldchain.api;

import static io.coldchain.api.BodyReader.invalid;

import io.coldchain.registry.RegistryStore.Entity;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
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
        b.lots("batches", MAX_SHIPMENT_BATCHES);
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

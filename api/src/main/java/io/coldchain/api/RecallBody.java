package io.coldchain.api;

import io.coldchain.registry.recall.LocationStatus;
import io.coldchain.registry.recall.RecallService.NewRecall;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** The bodies of the recall endpoints, checked field by field; 400 {@code invalid_body} otherwise. */
final class RecallBody {
    /** As many lots as a shipment may carry. */
    static final int MAX_LOTS = ShipmentBody.MAX_SHIPMENT_BATCHES;

    private static final int MAX_TEXT = 2000;

    /** A site's follow-up: its new status, and an optional note. */
    record SiteUpdate(LocationStatus status, String note) {}

    /** How a recall is closed: what came of it, and whether sites not yet confirmed may be left so. */
    record Closing(String note, boolean force) {}

    private RecallBody() {}

    /** {@code {"id", "lots": [1..500 distinct lots], "reason"}}. */
    static NewRecall create(Buffer raw) {
        BodyReader b = BodyReader.of(raw);
        b.known("id", "lots", "reason");
        String id = b.id("id", true);
        List<String> lots = b.lots("lots", MAX_LOTS);
        String reason = b.text("reason", MAX_TEXT);
        return new NewRecall(id, lots, reason);
    }

    /** {@code {"status": "notified"|"removed"|"confirmed", "note"?}}. */
    static SiteUpdate site(Buffer raw) {
        BodyReader b = BodyReader.of(raw);
        b.known("status", "note");
        LocationStatus status = LocationStatus.parse("status", b.string("status", true));
        String note = b.string("note", false);
        return new SiteUpdate(status, note == null ? null : BodyReader.freeText("note", note, MAX_TEXT));
    }

    /** {@code {"note", "force"?}}: {@code force} closes it although some sites are not confirmed. */
    static Closing close(Buffer raw) {
        BodyReader b = BodyReader.of(raw);
        b.known("note", "force");
        return new Closing(b.text("note", MAX_TEXT), b.flag("force"));
    }
}

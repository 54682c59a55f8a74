package io.coldchain.records.export;

import static io.coldchain.records.export.Json.seconds;
import static io.coldchain.records.export.Json.temp;
import static io.coldchain.records.export.Json.time;

import io.coldchain.records.retention.RetentionRule;
import io.coldchain.records.trace.BatchTrace;
import io.coldchain.records.trace.BatchTrace.Exposure;
import io.coldchain.records.trace.BatchTrace.Leg;
import io.coldchain.records.trace.BatchTrace.SensorLeg;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The batch trace as JSON: times RFC 3339 UTC, durations in seconds, temperatures in °C. */
public final class TraceJson {
    private TraceJson() {}

    public static Buffer render(BatchTrace t) {
        JsonArray legs = new JsonArray();
        for (Leg l : t.legs()) {
            JsonArray sensors = new JsonArray();
            for (SensorLeg s : l.sensors()) {
                sensors.add(new JsonObject()
                        .put("sensor", s.sensor())
                        .put("from", time(s.from()))
                        .put("to", time(s.to()))
                        .put("readings", s.readings())
                        .put("min_c", s.minC())
                        .put("max_c", s.maxC())
                        .put("mean_c", temp(s.meanC()))
                        .put("exposure", exposure(s.exposure()))
                        .put("readings_after_calibration_due", s.readingsAfterCalibrationDue()));
            }
            JsonArray gaps = new JsonArray();
            l.gaps()
                    .forEach(g -> gaps.add(new JsonObject()
                            .put("sensor", g.sensor())
                            .put("from", time(g.gap().from()))
                            .put("to", time(g.gap().to()))
                            .put("duration_s", seconds(g.gap().duration()))));
            legs.add(new JsonObject()
                    .put("asset", l.asset())
                    .put("kind", l.assetKind())
                    .put("site", l.site())
                    .put("via", l.via())
                    .put("ref", l.ref())
                    .put("from", time(l.from()))
                    .put("to", time(l.to()))
                    .put("readings", l.readings())
                    .put("min_c", l.minC())
                    .put("max_c", l.maxC())
                    .put("mean_c", temp(l.meanC()))
                    .put("exposure", exposure(l.exposure()))
                    .put("sensors", sensors)
                    .put("gaps", gaps)
                    .put("excursions", Json.excursions(l.excursions(), t.excursionsConnected())));
        }
        var b = t.batch();
        return new JsonObject()
                .put("tenant", b.tenant())
                .put("lot", b.lot())
                .put("sku", b.sku())
                .put("product", b.productName())
                .put("profile", b.profile())
                .put("limits", new JsonObject().put("min_c", t.minC()).put("max_c", t.maxC()))
                .put("produced_at", time(b.producedAt()))
                .put("expires_at", time(b.expiresAt()))
                .put("records_kept_until", time(RetentionRule.keepUntil(b.producedAt(), b.expiresAt())))
                .put("generated_at", time(t.generatedAt()))
                .put("legs", legs)
                .put("excursions_connected", t.excursionsConnected())
                .put("excursions", Json.excursions(t.excursions(), t.excursionsConnected()))
                .put("cumulative", exposure(t.exposure()))
                .put("mkt_c", temp(t.mktC()))
                .put(
                        "now",
                        t.now() == null
                                ? null
                                : new JsonObject()
                                        .put("asset", t.now().asset())
                                        .put("kind", t.now().assetKind())
                                        .put("site", t.now().site())
                                        .put("since", time(t.now().since()))
                                        .put("until", time(t.now().until()))
                                        .put("current", t.now().current()))
                .toBuffer();
    }

    private static JsonObject exposure(Exposure e) {
        return new JsonObject()
                .put("time_out_of_range_s", seconds(e.outOfRange()))
                .put("time_above_max_s", seconds(e.aboveMax()))
                .put("time_below_min_s", seconds(e.belowMin()));
    }
}

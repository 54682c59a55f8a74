package io.coldchain.records.export;

import static io.coldchain.records.export.Json.seconds;
import static io.coldchain.records.export.Json.temp;
import static io.coldchain.records.export.Json.time;

import io.coldchain.records.log.SeriesStore.Point;
import io.coldchain.records.log.TemperatureLog;
import io.coldchain.records.log.TemperatureLog.AssetLog;
import io.coldchain.records.log.TemperatureLog.SensorLog;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The temperature log as JSON. A raw curve is {@code [{ts, temp_c}]}; a rolled-up one
 * {@code [{ts, min_c, avg_c, max_c, readings}]} with {@code ts} the bucket's start. {@code excursions}
 * is null (not empty) when alerting is not connected. Times are RFC 3339 in UTC; {@code timezone} is
 * the site's zone, and {@code from_local}, {@code to_local} and the gaps' and excursions'
 * {@code *_local} fields give the same instants with the site's offset. Digests are per UTC day.
 */
public final class LogJson {
    private LogJson() {}

    public static Buffer render(TemperatureLog log) {
        JsonArray assets = new JsonArray();
        for (AssetLog a : log.assets()) {
            JsonArray sensors = new JsonArray();
            for (SensorLog s : a.sensors()) {
                JsonArray curve = new JsonArray();
                for (Point p : s.curve()) {
                    curve.add(
                            s.raw()
                                    ? new JsonObject().put("ts", time(p.ts())).put("temp_c", p.avgC())
                                    : new JsonObject()
                                            .put("ts", time(p.ts()))
                                            .put("min_c", p.minC())
                                            .put("avg_c", temp(p.avgC()))
                                            .put("max_c", p.maxC())
                                            .put("readings", p.count()));
                }
                sensors.add(Json.sensorFigures(s)
                        .put("expected_interval_s", seconds(s.expectedInterval()))
                        .put("resolution", s.raw() ? "raw" : "rollup")
                        .put("bucket_s", seconds(s.bucket()))
                        .put("curve", curve)
                        .put("gaps", Json.gaps(s.gaps(), log.zone()))
                        .put(
                                "calibration",
                                new JsonObject()
                                        .put(
                                                "due",
                                                s.calibration().due() == null
                                                        ? null
                                                        : s.calibration().due().toString())
                                        .put(
                                                "calibrated_at",
                                                s.calibration().calibratedAt() == null
                                                        ? null
                                                        : s.calibration()
                                                                .calibratedAt()
                                                                .toString())
                                        .put("certificate", s.calibration().certificate())
                                        .put("overdue", s.calibration().overdue())
                                        .put(
                                                "readings_after_due",
                                                s.calibration().readingsAfterDue()))
                        .put("excursions", Json.excursions(s.excursions(), log.excursionsConnected(), log.zone())));
            }
            assets.add(new JsonObject()
                    .put("asset", a.asset())
                    .put("name", a.name())
                    .put("kind", a.kind())
                    .put("profile", a.profile())
                    .put("limits", new JsonObject().put("min_c", a.minC()).put("max_c", a.maxC()))
                    .put("sensors", sensors));
        }
        return new JsonObject()
                .put("tenant", log.site().tenant())
                .put(
                        "site",
                        new JsonObject()
                                .put("site", log.site().site())
                                .put("name", log.site().name())
                                .put("kind", log.site().kind())
                                .put("region", log.site().region())
                                .put("address", log.site().address()))
                .put("timezone", log.zone().getId())
                .put("from", time(log.from()))
                .put("to", time(log.to()))
                .put("from_local", LocalTimes.rfc3339(log.from(), log.zone()))
                .put("to_local", LocalTimes.rfc3339(log.to(), log.zone()))
                .put("generated_at", time(log.generatedAt()))
                .put("generated_by", log.generatedBy())
                .put("excursions_connected", log.excursionsConnected())
                .put("assets", assets)
                .put("site_excursions", Json.excursions(log.siteExcursions(), log.excursionsConnected(), log.zone()))
                .put("digests", Json.digests(log.digests()))
                .put("digest_days", "UTC")
                .toBuffer();
    }
}

package io.coldchain.records.export;

import io.coldchain.records.digest.IntegrityCheck.DayDigest;
import io.coldchain.records.excursion.ExcursionRecord;
import io.coldchain.records.log.SeriesStore.Gap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.TreeMap;

/** JSON pieces shared by the log and the trace: times RFC 3339 (UTC), durations in seconds. */
public final class Json {
    private Json() {}

    public static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    public static Long seconds(Duration d) {
        return d == null ? null : d.toSeconds();
    }

    /** A temperature rounded to what a probe resolves (0.001 °C), so that means do not print 15 digits. */
    public static Double temp(Double v) {
        return v == null ? null : Math.round(v * 1000) / 1000.0;
    }

    /** A sensor's figures as every site document gives them (log, compliance report). */
    static JsonObject sensorFigures(io.coldchain.records.log.TemperatureLog.SensorLog s) {
        return new JsonObject()
                .put("sensor", s.sensor())
                .put("readings", s.count())
                .put("min_c", s.minC())
                .put("max_c", s.maxC())
                .put("mean_c", temp(s.meanC()))
                .put("required_interval_s", seconds(s.requiredInterval()))
                .put("interval_compliance", Math.round(s.compliance() * 10_000) / 10_000.0)
                .put("time_out_of_range_s", seconds(s.outOfRange()));
    }

    public static JsonArray gaps(List<Gap> gaps) {
        JsonArray out = new JsonArray();
        gaps.forEach(g -> out.add(new JsonObject()
                .put("from", time(g.from()))
                .put("to", time(g.to()))
                .put("duration_s", seconds(g.duration()))));
        return out;
    }

    /** The gaps with their local times too ({@code from_local}, {@code to_local}: RFC 3339, the site's offset). */
    public static JsonArray gaps(List<Gap> gaps, ZoneId zone) {
        JsonArray out = gaps(gaps);
        for (int i = 0; i < out.size(); i++) {
            Gap g = gaps.get(i);
            out.getJsonObject(i)
                    .put("from_local", LocalTimes.rfc3339(g.from(), zone))
                    .put("to_local", LocalTimes.rfc3339(g.to(), zone));
        }
        return out;
    }

    /** The excursions with {@code start_local} and {@code end_local}; null when alerting is not connected. */
    public static JsonArray excursions(List<ExcursionRecord> list, boolean connected, ZoneId zone) {
        JsonArray out = excursions(list, connected);
        for (int i = 0; out != null && i < out.size(); i++) {
            ExcursionRecord e = list.get(i);
            out.getJsonObject(i)
                    .put("start_local", LocalTimes.rfc3339(e.start(), zone))
                    .put("end_local", LocalTimes.rfc3339(e.end(), zone));
        }
        return out;
    }

    public static JsonObject excursion(ExcursionRecord e) {
        return new JsonObject()
                .put("alert", e.alertId())
                .put("rule", e.rule())
                .put("kind", e.kind())
                .put("severity", e.severity())
                .put("sensor", e.sensor())
                .put("asset", e.asset())
                .put("start", time(e.start()))
                .put("end", time(e.end()))
                .put("peak_c", e.peakC())
                .put("peak", e.peakValue())
                .put("unit", e.unit())
                .put("duration_s", seconds(e.duration()))
                .put("status", e.status())
                .put(
                        "ack",
                        e.ack() == null
                                ? null
                                : new JsonObject()
                                        .put("by", e.ack().by())
                                        .put("at", time(e.ack().at()))
                                        .put("note", e.ack().note()))
                .put("corrective_action", e.correctiveAction())
                .put("dispositions", dispositions(e));
    }

    private static JsonObject dispositions(ExcursionRecord e) {
        JsonObject out = new JsonObject();
        new TreeMap<>(e.dispositions()).forEach(out::put);
        return out;
    }

    public static JsonArray excursions(List<ExcursionRecord> list, boolean connected) {
        if (!connected) {
            return null;
        }
        JsonArray out = new JsonArray();
        list.forEach(e -> out.add(excursion(e)));
        return out;
    }

    public static JsonArray digests(List<DayDigest> digests) {
        JsonArray out = new JsonArray();
        digests.forEach(d -> out.add(new JsonObject()
                .put("sensor", d.sensor())
                .put("day", d.day().toString())
                .put("version", d.version())
                .put("row_count", d.rowCount())
                .put("digest", d.digest())));
        return out;
    }
}

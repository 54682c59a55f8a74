package io.coldchain.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coldchain.simulator.gateway.RecordingLinks;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decodes recorded publishes the way the contract reads them (JSON readings and SenML), keeping
 * the first value per (sensor, ts) as the backend does. Malformed messages are skipped; readings of
 * sensors not in {@code sensors} are ignored.
 */
final class PublishedReadings {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One stored value. */
    record Value(double tempC, Double batteryV, Double rh, Boolean doorOpen) {}

    private PublishedReadings() {}

    static Map<String, TreeMap<Instant, Value>> decode(Iterable<RecordingLinks.Event> published, Set<String> sensors) {
        Map<String, TreeMap<Instant, Value>> out = new TreeMap<>();
        for (RecordingLinks.Event e : published) {
            JsonNode root;
            try {
                root = JSON.readTree(e.payload());
            } catch (Exception bad) {
                continue; // invalid_json and payload_too_large kinds
            }
            if (e.topic().endsWith("/readings")
                    && root.isObject()
                    && root.path("readings").isArray()
                    && root.path("readings").size() <= 1000
                    && e.topic()
                            .split("/")[3]
                            .equals(root.path("gateway").asText(e.topic().split("/")[3]))) {
                for (JsonNode r : root.get("readings")) {
                    JsonNode ts = r.get("ts");
                    JsonNode temp = r.get("temp_c");
                    if (ts == null || temp == null || !temp.isNumber()) {
                        continue;
                    }
                    Instant t;
                    try {
                        t = ts.isNumber() ? Instant.ofEpochMilli(ts.asLong()) : Instant.parse(ts.asText());
                    } catch (Exception bad) {
                        continue;
                    }
                    add(
                            out,
                            sensors,
                            r.path("sensor").asText(),
                            t,
                            new Value(
                                    temp.asDouble(),
                                    r.has("battery_v") ? r.get("battery_v").asDouble() : null,
                                    r.has("rh") ? r.get("rh").asDouble() : null,
                                    r.has("door_open") ? r.get("door_open").asBoolean() : null));
                }
            } else if (e.topic().endsWith("/senml") && root.isArray()) {
                String bn = "";
                BigDecimal bt = BigDecimal.ZERO;
                for (JsonNode r : root) {
                    if (r.has("bn")) {
                        bn = r.get("bn").asText();
                    }
                    if (r.has("bt")) {
                        bt = r.get("bt").decimalValue();
                    }
                    String name = bn + r.path("n").asText();
                    if (name.endsWith("/rh") && "%RH".equals(r.path("u").asText())) {
                        // Follows the temperature record of the same reading (Payloads writes them in that order).
                        Instant t = Instant.ofEpochMilli(bt.movePointRight(3).longValue());
                        double rh = r.get("v").asDouble();
                        TreeMap<Instant, Value> series = out.get(name.substring(0, name.length() - 3));
                        if (series != null) {
                            series.computeIfPresent(
                                    t,
                                    (k, v) ->
                                            v.rh() != null ? v : new Value(v.tempC(), v.batteryV(), rh, v.doorOpen()));
                        }
                    }
                    if (name.endsWith("/door") && r.has("vb")) {
                        Instant t = Instant.ofEpochMilli(bt.movePointRight(3).longValue());
                        boolean open = r.get("vb").asBoolean();
                        TreeMap<Instant, Value> series = out.get(name.substring(0, name.length() - 5));
                        if (series != null) {
                            series.computeIfPresent(
                                    t,
                                    (k, v) -> v.doorOpen() != null
                                            ? v
                                            : new Value(v.tempC(), v.batteryV(), v.rh(), open));
                        }
                    }
                    if (name.endsWith("/temp") && "Cel".equals(r.path("u").asText())) {
                        Instant t = Instant.ofEpochMilli(bt.movePointRight(3).longValue());
                        add(
                                out,
                                sensors,
                                name.substring(0, name.length() - 5),
                                t,
                                new Value(r.get("v").asDouble(), null, null, null));
                    }
                }
            }
        }
        return out;
    }

    private static void add(
            Map<String, TreeMap<Instant, Value>> out, Set<String> sensors, String sensor, Instant t, Value value) {
        if (sensors.contains(sensor) && t.getEpochSecond() > 1_000_000_000L + 10 * 365 * 86400L) {
            out.computeIfAbsent(sensor, k -> new TreeMap<>()).putIfAbsent(t, value);
        }
    }
}

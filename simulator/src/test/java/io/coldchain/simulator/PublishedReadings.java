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
    record Value(double tempC, Double batteryV) {}

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
                            temp.asDouble(),
                            r.has("battery_v") ? r.get("battery_v").asDouble() : null);
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
                    if (name.endsWith("/temp") && "Cel".equals(r.path("u").asText())) {
                        Instant t = Instant.ofEpochMilli(bt.movePointRight(3).longValue());
                        add(
                                out,
                                sensors,
                                name.substring(0, name.length() - 5),
                                t,
                                r.get("v").asDouble(),
                                null);
                    }
                }
            }
        }
        return out;
    }

    private static void add(
            Map<String, TreeMap<Instant, Value>> out,
            Set<String> sensors,
            String sensor,
            Instant t,
            double temp,
            Double battery) {
        if (sensors.contains(sensor) && t.getEpochSecond() > 1_000_000_000L + 10 * 365 * 86400L) {
            out.computeIfAbsent(sensor, k -> new TreeMap<>()).putIfAbsent(t, new Value(temp, battery));
        }
    }
}

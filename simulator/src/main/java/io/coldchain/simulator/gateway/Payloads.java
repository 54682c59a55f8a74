package io.coldchain.simulator.gateway;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The two payload forms of contract §1: JSON readings and SenML (RFC 8428). */
public final class Payloads {
    private Payloads() {}

    public static String readingsTopic(String tenant, String gateway) {
        return "coldchain/v1/" + tenant + "/" + gateway + "/readings";
    }

    public static String senmlTopic(String tenant, String gateway) {
        return "coldchain/v1/" + tenant + "/" + gateway + "/senml";
    }

    /** {@code {"gateway", "seq", "readings": [...]}}; {@code epochMs} writes ts as epoch milliseconds instead of RFC 3339. */
    public static byte[] json(String gateway, long seq, List<SimReading> readings, boolean epochMs) {
        StringBuilder sb = new StringBuilder(64 + readings.size() * 110);
        sb.append("{\"gateway\":\"")
                .append(gateway)
                .append("\",\"seq\":")
                .append(seq)
                .append(",\"readings\":[");
        for (int i = 0; i < readings.size(); i++) {
            SimReading r = readings.get(i);
            sb.append(i == 0 ? "" : ",")
                    .append("{\"sensor\":\"")
                    .append(r.sensor())
                    .append("\",\"ts\":");
            if (epochMs) {
                sb.append(r.ts().toEpochMilli());
            } else {
                sb.append('"').append(r.ts()).append('"');
            }
            sb.append(",\"temp_c\":").append(r.tempC());
            if (r.rh() != null) {
                sb.append(",\"rh\":").append(r.rh());
            }
            if (r.batteryV() != null) {
                sb.append(",\"battery_v\":").append(r.batteryV());
            }
            if (r.doorOpen() != null) {
                sb.append(",\"door_open\":").append(r.doorOpen());
            }
            sb.append('}');
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** SenML pack: per reading a base name {@code sensor/} and base time, then temp, rh, battery, door records. */
    public static byte[] senml(List<SimReading> readings) {
        StringBuilder sb = new StringBuilder(32 + readings.size() * 160).append('[');
        boolean first = true;
        for (SimReading r : readings) {
            sb.append(first ? "" : ",")
                    .append("{\"bn\":\"")
                    .append(r.sensor())
                    .append("/\",\"bt\":")
                    .append(BigDecimal.valueOf(r.ts().toEpochMilli())
                            .movePointLeft(3)
                            .toPlainString())
                    .append(",\"n\":\"temp\",\"u\":\"Cel\",\"v\":")
                    .append(r.tempC())
                    .append('}');
            first = false;
            if (r.rh() != null) {
                sb.append(",{\"n\":\"rh\",\"u\":\"%RH\",\"v\":").append(r.rh()).append('}');
            }
            if (r.batteryV() != null) {
                sb.append(",{\"n\":\"battery\",\"u\":\"V\",\"v\":")
                        .append(r.batteryV())
                        .append('}');
            }
            if (r.doorOpen() != null) {
                sb.append(",{\"n\":\"door\",\"vb\":").append(r.doorOpen()).append('}');
            }
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }
}

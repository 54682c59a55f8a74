package io.coldchain.records.excursion;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One excursion alert as records show it: what happened (rule, severity, sensor, asset, start, end,
 * peak, duration), and what people did about it (status, acknowledgement, corrective action, a
 * disposition per affected lot).
 *
 * @param kind the rule's kind ({@code above}, {@code humidity_above}, {@code door_open}, ...): says
 *     what the peak measures
 * @param end null while the excursion lasts
 * @param peak the reading farthest beyond the threshold in the kind's unit ({@link #unit()}), or null
 *     when unknown (e.g. a data gap)
 * @param ack null until acknowledged
 * @param correctiveAction null until resolved
 * @param dispositions lot → release | hold | discard; empty until decided
 */
public record ExcursionRecord(
        String alertId,
        String rule,
        String kind,
        String severity,
        String sensor,
        String asset,
        Instant start,
        Instant end,
        Double peak,
        Duration duration,
        String status,
        Ack ack,
        String correctiveAction,
        Map<String, String> dispositions) {

    /** Who acknowledged, when, with what note. */
    public record Ack(String by, Instant at, String note) {}

    public ExcursionRecord {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(status, "status");
        dispositions = dispositions == null ? Map.of() : Map.copyOf(dispositions);
    }

    /**
     * The peak in °C, or null when the kind does not measure temperature: a humidity peak of 78 %RH
     * or a door contact (1 = open) printed as "78 °C" / "1 °C" would be a false record.
     */
    public Double peakC() {
        return celsius() ? peak : null;
    }

    /** The peak as a number in {@link #unit()}; null when unknown or when the kind has no numeric peak (a door). */
    public Double peakValue() {
        return DOOR_OPEN.equals(kind) ? null : peak;
    }

    /** "°C", "%RH", "V", or for a door "door open" (it was open; there is no number); null for a gap. */
    public String unit() {
        return switch (kind) {
            case "humidity_above" -> "%RH";
            case DOOR_OPEN -> "door open";
            case "battery" -> "V";
            case "gap" -> null;
            default -> "°C";
        };
    }

    /** Whether the peak is a temperature (every kind but humidity, door, battery and gap). */
    public boolean celsius() {
        return "°C".equals(unit());
    }

    private static final String DOOR_OPEN = "door_open";
}

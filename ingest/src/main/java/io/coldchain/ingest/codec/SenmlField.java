package io.coldchain.ingest.codec;

/**
 * The measurement a SenML record carries, from the last level of its name ({@code sensor/temp}),
 * with the unit and range the contract fixes for it.
 */
enum SenmlField {
    TEMP("temp", "Cel", Limits.TEMP_MIN, Limits.TEMP_MAX),
    RH("rh", "%RH", Limits.RH_MIN, Limits.RH_MAX),
    BATTERY("battery", "V", Limits.BATTERY_MIN, Limits.BATTERY_MAX),
    /** A boolean ({@code vb}): it has no unit, so a pack's base unit does not concern it. */
    DOOR("door", null, 0, 0);

    final String label;
    final String unit;
    final double min;
    final double max;

    SenmlField(String label, String unit, double min, double max) {
        this.label = label;
        this.unit = unit;
        this.min = min;
        this.max = max;
    }

    boolean numeric() {
        return unit != null;
    }

    /** The field named by the text of name after position from, or null. No substring needed. */
    static SenmlField of(String name, int from) {
        int length = name.length() - from;
        for (SenmlField field : values()) {
            if (field.label.length() == length && name.startsWith(field.label, from)) {
                return field;
            }
        }
        return null;
    }
}

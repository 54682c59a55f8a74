package io.coldchain.core.profile;

/**
 * A rule as the HTTP contract writes it: each JSON field, null when absent. Which fields a kind takes
 * is {@link Rule.Kind}'s business; {@link Rule#fromWire(String, RuleWire)} checks them and names the
 * offending field, {@link Rule#toWire()} gives back exactly the fields of the kind.
 */
public record RuleWire(
        String kind,
        Double thresholdC,
        Double thresholdRh,
        Long delayMin,
        Long budgetMin,
        Long withinMin,
        Long maxAgeH,
        String severity) {

    /** The contract's field names, in the order the JSON writes them. */
    public static final String KIND = "kind";

    public static final String THRESHOLD_C = "threshold_c";
    public static final String THRESHOLD_RH = "threshold_rh";
    public static final String DELAY_MIN = "delay_min";
    public static final String BUDGET_MIN = "budget_min";
    public static final String WITHIN_MIN = "within_min";
    public static final String MAX_AGE_H = "max_age_h";
    public static final String SEVERITY = "severity";

    /** Every field a rule object may carry, for "unknown field" checks. */
    public static final String[] FIELDS = {
        KIND, THRESHOLD_C, THRESHOLD_RH, DELAY_MIN, BUDGET_MIN, WITHIN_MIN, MAX_AGE_H, SEVERITY
    };

    /** The threshold written under {@code field}, null when absent. */
    Double threshold(String field) {
        return switch (field) {
            case THRESHOLD_C -> thresholdC;
            case THRESHOLD_RH -> thresholdRh;
            default -> throw new IllegalArgumentException(field);
        };
    }

    /** The duration written under {@code field}, in that field's unit, null when absent. */
    Long span(String field) {
        return switch (field) {
            case DELAY_MIN -> delayMin;
            case BUDGET_MIN -> budgetMin;
            case WITHIN_MIN -> withinMin;
            case MAX_AGE_H -> maxAgeH;
            default -> throw new IllegalArgumentException(field);
        };
    }
}

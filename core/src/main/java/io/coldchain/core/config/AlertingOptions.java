package io.coldchain.core.config;

import java.time.Duration;

/**
 * How alerts are raised, ended and escalated (see docs/alerting.md).
 *
 * @param hysteresisC how far back inside a threshold a reading must be to end an excursion
 * @param clear an excursion ends only when no reading goes beyond again within this time
 * @param lookback event time re-evaluated around changed readings (at least; the evaluator widens
 *     it to the longest delay of the rules that apply, plus the clear time)
 * @param gapVehicle allowed silence of a vehicle sensor without an expected interval
 * @param gapFixed allowed silence of a room's or case's sensor without an expected interval
 * @param gapTolerance added to a sensor's expected interval to give its allowed silence
 * @param gapSettle a hole between two readings is a gap only once the reading after it was
 *     received this long ago: until then readings still being committed elsewhere may fill it
 * @param batteryLowV low-battery threshold in volts; 0 turns the rule off
 * @param batteryDelay how long the battery must stay low
 * @param escalateCritical wait before an unacknowledged critical alert is escalated
 * @param escalateWarning the same for warnings
 * @param escalateMax highest escalation level
 */
public record AlertingOptions(
        double hysteresisC,
        Duration clear,
        Duration lookback,
        Duration gapVehicle,
        Duration gapFixed,
        Duration gapTolerance,
        Duration gapSettle,
        double batteryLowV,
        Duration batteryDelay,
        Duration escalateCritical,
        Duration escalateWarning,
        int escalateMax) {
    public static AlertingOptions defaults() {
        return new AlertingOptions(
                0.3,
                Duration.ofMinutes(5),
                Duration.ofHours(12),
                Duration.ofMinutes(10),
                Duration.ofMinutes(35),
                Duration.ofMinutes(5),
                Duration.ofMinutes(2),
                2.8,
                Duration.ofMinutes(30),
                Duration.ofMinutes(15),
                Duration.ofMinutes(60),
                3);
    }
}

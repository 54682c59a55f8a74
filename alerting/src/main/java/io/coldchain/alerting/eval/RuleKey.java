package io.coldchain.alerting.eval;

import io.coldchain.core.profile.Rule;

/**
 * A rule's identity by content: two profiles that carry the same rule (the asset's and a batch's
 * product profile, say) raise one alert per episode, not two.
 */
final class RuleKey {
    static final String GAP = "gap";
    static final String BATTERY = "battery";

    private RuleKey() {}

    static String of(Rule r) {
        String span = r.kind().cumulative()
                ? "b" + r.budget().toMinutes()
                : "d" + r.delay().toMinutes();
        return r.kind().wire() + ":" + r.thresholdC() + ":" + span + ":"
                + r.severity().wire();
    }
}

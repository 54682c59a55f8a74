package io.coldchain.alerting.eval;

/** What one evaluation did, for metrics: alerts opened, and alerts changed (updated, merged, retracted). */
record Outcome(int opened, int changed) {
    static final Outcome NONE = new Outcome(0, 0);

    Outcome plus(Outcome o) {
        return new Outcome(opened + o.opened, changed + o.changed);
    }
}

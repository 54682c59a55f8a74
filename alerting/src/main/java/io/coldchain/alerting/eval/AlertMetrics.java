package io.coldchain.alerting.eval;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicLong;

/** Alerting's meters: the evaluation queue, its work and every way it can fail. */
final class AlertMetrics {
    final AtomicLong queue = new AtomicLong();
    final Counter evaluations;
    final Counter quietPasses;
    final Counter quietPassesUnread;
    final Counter behindMark;
    final Counter ahead;
    final Counter unknownLeft;
    final Counter failures;
    final Counter escalations;
    final Counter opened;
    final Counter changed;
    final Timer evaluationTime;
    final Timer claimTime;

    AlertMetrics(MeterRegistry registry) {
        registry.gauge("coldchain.alert.queue.changes", queue);
        evaluations = Counter.builder("coldchain.alert.evaluations")
                .description("Sensor evaluations done")
                .register(registry);
        quietPasses = Counter.builder("coldchain.alert.quiet.passes")
                .description(
                        "Sensor changes passed without a full evaluation: in-range readings appended to a quiet sensor")
                .register(registry);
        quietPassesUnread = Counter.builder("coldchain.alert.quiet.passes.unread")
                .description("Of the quiet passes, those decided from what ingest queued about the readings (V25), "
                        + "without reading them back")
                .register(registry);
        behindMark = Counter.builder("coldchain.alert.quiet.behind.mark")
                .description("Changes of quiet sensors starting at or before the sensor's quiet mark (late or "
                        + "out-of-order readings, or batches committed out of order): evaluated in full")
                .register(registry);
        ahead = Counter.builder("coldchain.alert.evaluations.ahead")
                .description("Sensor changes evaluated ahead of their turn, between the chunks of a round: their batch "
                        + "was queued during the round and may start an excursion")
                .register(registry);
        unknownLeft = Counter.builder("coldchain.alert.lookahead.unknown.left")
                .description("Sensors of unknown limits a look left to their turn because it found more than 20 of "
                        + "them (after a start, or many sensors registered at once)")
                .register(registry);
        failures = Counter.builder("coldchain.alert.evaluation.failures")
                .description("Sensor evaluations that failed and will be retried")
                .register(registry);
        escalations = Counter.builder("coldchain.alert.escalations")
                .description("Alerts escalated")
                .register(registry);
        opened = Counter.builder("coldchain.alerts.opened")
                .description("Alerts opened")
                .register(registry);
        changed = Counter.builder("coldchain.alert.changes")
                .description("Alerts updated, ended, merged or retracted by late readings")
                .register(registry);
        claimTime = Timer.builder("coldchain.alert.claim")
                .description("Claiming and merging a round's queued changes, without the looks between its pieces")
                .register(registry);
        evaluationTime = Timer.builder("coldchain.alert.evaluation")
                .description("One claim-evaluate-commit round")
                .publishPercentileHistogram()
                .register(registry);
    }
}

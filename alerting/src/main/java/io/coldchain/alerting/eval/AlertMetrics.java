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
        evaluations = counter(registry, "coldchain.alert.evaluations", "Sensor evaluations done");
        quietPasses = counter(
                registry,
                "coldchain.alert.quiet.passes",
                "Sensor changes passed without a full evaluation: in-range readings appended to a quiet sensor");
        quietPassesUnread = counter(
                registry,
                "coldchain.alert.quiet.passes.unread",
                "Of the quiet passes, those decided from what ingest queued about the readings (V25), "
                        + "without reading them back");
        behindMark = counter(
                registry,
                "coldchain.alert.quiet.behind.mark",
                "Changes of quiet sensors starting at or before the sensor's quiet mark (late or "
                        + "out-of-order readings, or batches committed out of order): evaluated in full");
        ahead = counter(
                registry,
                "coldchain.alert.evaluations.ahead",
                "Sensor changes evaluated ahead of their turn, between the chunks of a round: their batch "
                        + "was queued during the round and may start an excursion");
        unknownLeft = counter(
                registry,
                "coldchain.alert.lookahead.unknown.left",
                "Sensors of unknown limits a look left to their turn because it found more than 20 of "
                        + "them (after a start, or many sensors registered at once)");
        failures = counter(
                registry, "coldchain.alert.evaluation.failures", "Sensor evaluations that failed and will be retried");
        escalations = counter(registry, "coldchain.alert.escalations", "Alerts escalated");
        opened = counter(registry, "coldchain.alerts.opened", "Alerts opened");
        changed = counter(
                registry, "coldchain.alert.changes", "Alerts updated, ended, merged or retracted by late readings");
        claimTime = Timer.builder("coldchain.alert.claim")
                .description("Claiming and merging a round's queued changes, without the looks between its pieces")
                .register(registry);
        evaluationTime = Timer.builder("coldchain.alert.evaluation")
                .description("One claim-evaluate-commit round")
                .publishPercentileHistogram()
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }
}

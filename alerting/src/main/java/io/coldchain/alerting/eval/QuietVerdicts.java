package io.coldchain.alerting.eval;

import io.coldchain.alerting.rules.EpisodeOptions;
import io.coldchain.alerting.rules.ExcursionEvaluator;
import io.coldchain.alerting.rules.Sample;
import io.coldchain.core.changes.ChangeSummary;
import io.coldchain.core.changes.ReadingChangeStore.Change;
import io.coldchain.core.config.AlertingOptions;
import io.coldchain.core.model.Reading;
import io.coldchain.core.profile.Profile;
import io.coldchain.core.profile.Rule;
import io.coldchain.registry.attribution.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The quiet path's decisions, without I/O: whether readings appended after a quiet sensor's mark
 * change no alert ({@link QuietPath} says why that is enough), judged from the readings themselves
 * or from what ingest queued about them.
 */
final class QuietVerdicts {
    private final AlertingOptions options;
    private final EpisodeOptions episodeOptions;

    QuietVerdicts(AlertingOptions options) {
        this.options = options;
        this.episodeOptions = new EpisodeOptions(options.hysteresisC(), options.clear());
    }

    /** What {@link #passes} found. */
    enum Verdict {
        PASS,
        /**
         * They change nothing, but were received longer ago than the sensor may be silent: they pass
         * only if the sensor's newest reading was received recently (the evaluator is behind, the sensor
         * is not silent).
         */
        RECEIVED_LONG_AGO,
        FULL_EVALUATION,
        /** Only from {@link #passesUnread}: the summary cannot decide, the readings must be read. */
        READ_BACK
    }

    /**
     * Whether these readings, all after a quiet reading at {@code q}, may pass: not more than one read
     * holds, changing nothing ({@link #changesNothing}), and received recently enough.
     */
    Verdict passes(List<Reading> rows, Segment where, Instant q, Duration allowed, Instant now) {
        if (rows.isEmpty() || rows.size() == BatchJourney.MAX_SAMPLES) {
            // more than one read holds: the full evaluation pages through them a day at a time
            return Verdict.FULL_EVALUATION;
        }
        List<Sample> samples = new ArrayList<>(rows.size());
        Instant received = null;
        for (Reading r : rows) {
            samples.add(SensorEvaluator.sample(r));
            if (r.receivedAt() != null && (received == null || r.receivedAt().isAfter(received))) {
                received = r.receivedAt();
            }
        }
        if (!changesNothing(where, q, allowed, samples)) {
            return Verdict.FULL_EVALUATION;
        }
        // Silent longer than allowed in wall-clock time since these: unless newer readings came, a gap goes
        // on now, and the full evaluation raises it.
        return received == null || receivedLongAgo(received, allowed, now) ? Verdict.RECEIVED_LONG_AGO : Verdict.PASS;
    }

    /**
     * {@link #passes} decided from what ingest queued about the change's readings ({@link ChangeSummary}),
     * without reading them: the same questions as {@link #changesNothing}, asked of the extremes. An
     * episode of a rule starts at a reading beyond its threshold ({@link ExcursionEvaluator}: above,
     * below, humidity, door, battery) and a budget counts exposure only from one ({@link
     * BudgetCheck#addsExposure}); if the highest and lowest values are not beyond, no reading is.
     * {@code QuietPathSummaryTest} checks that this never passes what {@link #changesNothing} would not.
     */
    Verdict passesUnread(Change ch, Segment where, Instant q, Duration allowed, Instant now) {
        ChangeSummary s = ch.summary();
        if (!Float.isFinite(ch.minC()) || !Float.isFinite(ch.maxC())) {
            return Verdict.FULL_EVALUATION; // a temperature the extremes cannot speak for
        }
        if (Duration.between(q, ch.from()).compareTo(allowed) > 0) {
            return Verdict.FULL_EVALUATION; // a data gap before the change
        }
        for (Profile p : where.profiles()) {
            for (Rule rule : p.rules()) {
                if (rule.kind().sinceProduced() || beyond(rule, ch, s)) {
                    return Verdict.FULL_EVALUATION;
                }
            }
        }
        if (options.batteryLowV() > 0 && s.minBatteryV() < options.batteryLowV()) {
            return Verdict.FULL_EVALUATION;
        }
        if (Duration.ofMillis(s.gapMillis()).compareTo(allowed) > 0) {
            // Maybe a data gap: the summary's silence is an upper bound once changes are merged (a
            // replayed backlog spread over many batches); the readings say exactly.
            return Verdict.READ_BACK;
        }
        return receivedLongAgo(s.received(), allowed, now) ? Verdict.RECEIVED_LONG_AGO : Verdict.PASS;
    }

    /** Whether any of the summarised readings is beyond {@code rule}'s threshold. */
    private static boolean beyond(Rule rule, Change ch, ChangeSummary s) {
        if (!rule.kind().sensorEpisodes() && !rule.kind().cumulative()) {
            return false;
        }
        return switch (rule.kind()) {
            case HUMIDITY_ABOVE -> s.maxRh() > rule.thresholdC();
            case DOOR_OPEN -> s.doorOpen();
            default -> rule.kind().upward() ? ch.maxC() > rule.thresholdC() : ch.minC() < rule.thresholdC();
        };
    }

    /** Whether {@code samples}, all after a quiet reading at {@code q}, leave every rule as it was. */
    boolean changesNothing(Segment where, Instant q, Duration allowedSilence, List<Sample> samples) {
        Instant previous = q;
        for (Sample s : samples) {
            if (Duration.between(previous, s.ts()).compareTo(allowedSilence) > 0) {
                return false; // a data gap (the gap rule's own definition: longer than allowed)
            }
            previous = s.ts();
        }
        for (Profile p : where.profiles()) {
            for (Rule rule : p.rules()) {
                if (rule.kind().sinceProduced()) {
                    return false;
                }
                if (rule.kind().sensorEpisodes()
                        && !ExcursionEvaluator.episodes(rule, episodeOptions, samples)
                                .isEmpty()) {
                    return false; // an episode starts: beyond the threshold
                }
                if (rule.kind().cumulative() && samples.stream().anyMatch(s -> BudgetCheck.addsExposure(rule, s))) {
                    return false;
                }
            }
        }
        return options.batteryLowV() <= 0
                || ExcursionEvaluator.lowBattery(options.batteryLowV(), options.batteryDelay(), episodeOptions, samples)
                        .isEmpty();
    }

    static boolean receivedLongAgo(Instant received, Duration allowed, Instant now) {
        return Duration.between(received, now).compareTo(allowed) > 0;
    }
}

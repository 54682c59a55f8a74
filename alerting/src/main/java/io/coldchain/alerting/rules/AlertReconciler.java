package io.coldchain.alerting.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps "one excursion, one alert" while late readings reshape episodes: compares the episodes just
 * computed for one sensor and one rule with the alerts already stored for them and says what to
 * change. Pure; the store applies the changes in the same transaction that read the alerts.
 *
 * <p>Matching is by interval overlap: an alert or episode covers {@code [start, end)}, with no end
 * while it is open; intervals that only touch do not overlap. In start order, each fired episode
 * takes the stored alerts it overlaps that no earlier episode took: none, and it opens a new alert;
 * one or more, and the one with the smallest id is updated to the episode (when it differs) and the
 * others are merged into it. A stored alert no fired episode took is retracted. So after the
 * changes are applied, there is exactly one alert per fired episode, each keeping the oldest id it
 * can, and running the reconciler again on the same input changes nothing.
 */
public final class AlertReconciler {
    private AlertReconciler() {}

    /**
     * An alert already stored for this sensor and rule (not merged, not retracted), with the episode
     * it was last written from, so that an unchanged episode can be recognised.
     *
     * <p>The three-argument constructor is a convenience for callers that know only the interval:
     * the rest is unknown ({@code peakC} NaN, instants null), so any fired episode matched to it
     * counts as changed and yields an {@link Update}.
     */
    public record KnownAlert(
            long id, Instant start, Instant end, double peakC, Instant peakAt, Instant lastOut, Instant firedAt) {
        public KnownAlert {
            Objects.requireNonNull(start, "start");
        }

        public KnownAlert(long id, Instant start, Instant end) {
            this(id, start, end, Double.NaN, null, null, null);
        }

        /** The alert as it is stored after being opened or updated from {@code episode}. */
        public static KnownAlert of(long id, Episode episode) {
            return new KnownAlert(
                    id,
                    episode.start(),
                    episode.end(),
                    episode.peakC(),
                    episode.peakAt(),
                    episode.lastOut(),
                    episode.firedAt());
        }

        /** True when this alert was written from exactly {@code episode}. */
        public boolean sameAs(Episode episode) {
            return start.equals(episode.start())
                    && Objects.equals(end, episode.end())
                    && Double.compare(peakC, episode.peakC()) == 0
                    && Objects.equals(peakAt, episode.peakAt())
                    && Objects.equals(lastOut, episode.lastOut())
                    && Objects.equals(firedAt, episode.firedAt());
        }
    }

    /** What to do. */
    public sealed interface Change permits Open, Update, Merge, Retract {}

    /** A fired episode no stored alert covers: open a new alert. */
    public record Open(Episode episode) implements Change {}

    /**
     * A stored alert's episode changed (start, end, peak, or only how far it is known to reach:
     * lastOut, peakAt): update it, keep its id.
     */
    public record Update(long id, Episode episode) implements Change {}

    /** Late readings joined two alerts' episodes into one: {@code absorbed} is merged into {@code into}. */
    public record Merge(long into, long absorbed) implements Change {}

    /**
     * Late readings showed that a stored alert's episode never lasted the rule's delay (an in-range
     * reading arrived in its middle): it is retracted, with the reason kept, never deleted.
     */
    public record Retract(long id) implements Change {}

    /**
     * @param stored the stored alerts whose interval lies inside the evaluated window
     * @param fired the fired episodes computed over that window (episodes that did not fire are
     *     ignored, so passing every episode is safe)
     * @return the changes: for each fired episode in start order its {@link Open} or {@link Update}
     *     followed by its {@link Merge}s, then the {@link Retract}s by id; an unchanged alert yields
     *     nothing (so re-evaluating the same readings twice, as after a redelivery, changes nothing)
     */
    public static List<Change> reconcile(List<KnownAlert> stored, List<Episode> fired) {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(fired, "fired");
        List<KnownAlert> byId = new ArrayList<>(stored);
        byId.sort(Comparator.comparingLong(KnownAlert::id));
        List<Episode> episodes = new ArrayList<>(fired);
        episodes.sort(Comparator.comparing(Episode::start)); // the caller's order is not trusted

        Set<Long> taken = new HashSet<>();
        List<Change> changes = new ArrayList<>();
        for (Episode episode : episodes) {
            if (!episode.fired()) {
                continue; // raises no alert; a stored alert only it overlaps is retracted below
            }
            KnownAlert keeper = null;
            for (KnownAlert alert : byId) {
                if (taken.contains(alert.id())
                        || !overlaps(alert.start(), alert.end(), episode.start(), episode.end())) {
                    continue;
                }
                taken.add(alert.id());
                if (keeper == null) {
                    keeper = alert;
                    if (!alert.sameAs(episode)) {
                        changes.add(new Update(alert.id(), episode));
                    }
                } else {
                    changes.add(new Merge(keeper.id(), alert.id()));
                }
            }
            if (keeper == null) {
                changes.add(new Open(episode));
            }
        }
        for (KnownAlert alert : byId) {
            if (!taken.contains(alert.id())) {
                changes.add(new Retract(alert.id()));
            }
        }
        return changes;
    }

    /** Half-open intervals, a null end meaning "still open" (+infinity). */
    static boolean overlaps(Instant aStart, Instant aEnd, Instant bStart, Instant bEnd) {
        boolean aBeforeBEnds = bEnd == null || aStart.isBefore(bEnd);
        boolean bBeforeAEnds = aEnd == null || bStart.isBefore(aEnd);
        return aBeforeBEnds && bBeforeAEnds;
    }
}

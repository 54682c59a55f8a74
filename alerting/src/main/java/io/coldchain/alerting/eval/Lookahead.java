package io.coldchain.alerting.eval;

import io.coldchain.alerting.eval.TemperatureBands.Guess;
import io.coldchain.core.changes.ReadingChangeStore;
import io.coldchain.core.changes.ReadingChangeStore.Change;
import io.coldchain.core.changes.ReadingChangeStore.QueuedSet;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.DoubleConsumer;

/**
 * Picks, among queued changes, those that may start an excursion, so that they are evaluated before
 * the rest: first among a round's claim ({@link #hotFirst}), then among the batches queued while the
 * round runs ({@link #ahead}).
 *
 * <p>Why: with thousands of busy sensors a round over one claim takes seconds, and a batch committed
 * just after the claim waited for the whole round and then for its own turn in the next one. A sensor
 * evaluated ahead is evaluated again when its batch is claimed; evaluating twice changes nothing.
 *
 * <p>Used by the evaluator's single worker thread only.
 */
final class Lookahead {
    /**
     * How far below the highest batch id seen {@link #ahead} looks again: ids are drawn when a batch is
     * written and become visible when it commits, so a lower id can appear after a higher one.
     */
    static final long BACK = 64;

    /** Batches read by one look; more wait for the next (a look runs between chunks, every few tens of ms). */
    private static final int SETS_PER_LOOK = 50;

    /**
     * Sensors never evaluated since the start taken ahead per look: their limits are not known, so
     * each is a guess. A look that finds more takes none of them: the evaluator has just started (or
     * thousands of sensors were just registered), and evaluating them ahead would only evaluate each
     * twice (measured: the warm-up drain of 10,000 new sensors took 175 s instead of 81 s).
     */
    static final int UNKNOWN_PER_LOOK = 20;

    private final TemperatureBands bands;
    private final ReadingChangeStore changes;
    private final int hotPerLook;
    /** Told how many sensors of unknown limits a look left to their turn. */
    private final DoubleConsumer unknownLeft;
    /** Highest batch id seen (claimed or looked at); -1 before the first claim with batches. */
    private long highest = -1;
    /** The ids seen in {@code (highest - BACK, highest]}. */
    private final TreeSet<Long> seen = new TreeSet<>();

    Lookahead(TemperatureBands bands, ReadingChangeStore changes, int hotPerLook, DoubleConsumer unknownLeft) {
        this.bands = bands;
        this.unknownLeft = unknownLeft;
        this.changes = changes;
        this.hotPerLook = hotPerLook;
    }

    /**
     * {@code claimed} reordered: changes beyond their sensor's limits first, then sensors with no
     * limits known, then the rest, each group in sensor order. Notes the claimed batches as seen.
     */
    List<Change> hotFirst(List<Change> claimed, long[] setIds) {
        claimed(setIds);
        List<Change> out = new ArrayList<>(claimed);
        out.sort(Comparator.comparing((Change ch) -> bands.guess(ch)).thenComparingInt(Change::sensorId));
        return out;
    }

    /**
     * The changes of batches queued since the last look (or claim) that may start an excursion, one
     * per sensor: those guessed beyond their limits (at most the given number per look), and those of
     * unknown limits when they are few. Reads the batches without claiming them.
     */
    List<Change> ahead(Connection c) throws SQLException {
        if (highest < 0) {
            return List.of();
        }
        long after = highest - BACK;
        long[] known =
                seen.tailSet(after, false).stream().mapToLong(Long::longValue).toArray();
        List<QueuedSet> sets = changes.peek(c, after, known, SETS_PER_LOOK);
        Map<Integer, Change> bySensor = new TreeMap<>();
        for (QueuedSet set : sets) {
            see(set.id());
            for (Change ch : set.changes()) {
                bySensor.merge(ch.sensorId(), ch, Change::merge);
            }
        }
        List<Change> beyond = new ArrayList<>();
        List<Change> unknown = new ArrayList<>();
        for (Change ch : bySensor.values()) {
            Guess g = bands.guess(ch);
            if (g == Guess.BEYOND && beyond.size() < hotPerLook) {
                beyond.add(ch);
            } else if (g == Guess.UNKNOWN) {
                unknown.add(ch);
            }
        }
        if (unknown.size() <= UNKNOWN_PER_LOOK) {
            beyond.addAll(unknown);
        } else {
            unknownLeft.accept(unknown.size());
        }
        return beyond;
    }

    /** Notes a claim's batches as seen before it is merged, so that looks meanwhile read only newer ones. */
    void claimed(long[] setIds) {
        for (long id : setIds) {
            see(id);
        }
    }

    private void see(long id) {
        seen.add(id);
        highest = Math.max(highest, id);
        seen.headSet(highest - BACK, true).clear();
    }
}

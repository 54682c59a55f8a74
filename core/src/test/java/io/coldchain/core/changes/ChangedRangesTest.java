package io.coldchain.core.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.core.changes.ReadingChangeStore.Change;
import io.coldchain.core.model.Reading;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What ingest queues about a batch's readings ({@link ChangedRanges}) and how changes of one sensor
 * merge: never an answer that could let alerting pass readings it would not pass having read them.
 */
class ChangedRangesTest {
    private static final Instant T = Instant.parse("2026-12-04T08:00:00Z");

    @Test
    void one_batch_summarises_its_readings_exactly_where_floats_hold_them() {
        ChangedRanges ranges = new ChangedRanges();
        ranges.add(7, reading(0, 4.0, 61.0, 3.1, false, 3_500));
        ranges.add(8, reading(1, -18.5, null, null, null, 2_000));
        ranges.add(7, reading(9, 5.5, 70.0, 2.95, true, 1_200));
        ranges.add(7, reading(3, 3.25, null, 3.0, null, 9_000));

        List<Change> changes = ranges.changes(true);

        assertThat(changes).extracting(Change::sensorId).containsExactly(7, 8);
        Change seven = changes.get(0);
        assertThat(seven.from()).isEqualTo(at(0));
        assertThat(seven.to()).isEqualTo(at(9));
        assertThat(seven.minC()).isEqualTo(3.25f);
        assertThat(seven.maxC()).isEqualTo(5.5f);
        ChangeSummary s = seven.summary();
        assertThat(s.gapMillis())
                .as("minute 3 to 9")
                .isEqualTo(Duration.ofMinutes(6).toMillis());
        assertThat(s.maxRh()).isEqualTo(70f);
        // 2.95 has no exact float: the summary's is at or below it, never above.
        assertThat((double) s.minBatteryV()).isLessThanOrEqualTo(2.95).isGreaterThan(2.9499);
        assertThat(s.doorOpen()).isTrue();
        // The batch's oldest reception, to the second as ingest stores it: a lower bound of the newest.
        assertThat(s.received()).isEqualTo(T.plusSeconds(1));
        ChangeSummary eight = changes.get(1).summary();
        assertThat(eight.gapMillis()).isZero();
        assertThat(eight.maxRh()).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(eight.minBatteryV()).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(eight.doorOpen()).isFalse();
        assertThat(ranges.changes(false))
                .allSatisfy(ch -> assertThat(ch.summary()).isNull());
    }

    @Test
    void merged_changes_never_understate_what_their_readings_hold_and_are_exact_in_time_order() {
        Random random = new Random(20261204);
        for (int round = 0; round < 2_000; round++) {
            List<Reading> all = new ArrayList<>();
            int n = 1 + random.nextInt(12);
            for (int i = 0; i < n; i++) {
                all.add(reading(
                        random.nextInt(240) * 60_000_000L + random.nextInt(5_000_000),
                        -5 + random.nextInt(200) / 10.0,
                        random.nextBoolean() ? random.nextInt(1000) / 10.0 : null,
                        random.nextBoolean() ? 2.5 + random.nextInt(100) / 100.0 : null,
                        random.nextInt(4) == 0 ? null : random.nextInt(5) == 0,
                        random.nextInt(60_000)));
            }
            List<List<Reading>> batches = split(all, random);
            Change anyOrder = mergeAll(batches);
            assertCovers(anyOrder.summary(), all);
            assertThat(anyOrder.summary().gapMillis()).isGreaterThanOrEqualTo(longestGap(all));
            // The same batches as queue rows merged by the evaluator: the same change, and a silence
            // bound at least as tight (it sees all ranges at once, not two at a time).
            Change rows = mergeRows(batches);
            assertThat(rows.summary().gapMillis())
                    .isGreaterThanOrEqualTo(longestGap(all))
                    .isLessThanOrEqualTo(anyOrder.summary().gapMillis());
            assertThat(withoutGap(rows)).isEqualTo(withoutGap(anyOrder));

            // Batches that follow each other in event time, merged in that order: the exact silence.
            all.sort(Comparator.comparing(Reading::ts));
            List<List<Reading>> inOrder = new ArrayList<>();
            for (int from = 0; from < all.size(); ) {
                int to = from + 1 + random.nextInt(all.size() - from);
                inOrder.add(all.subList(from, to));
                from = to;
            }
            Change ordered = mergeAll(inOrder);
            assertThat(ordered.summary().gapMillis()).isEqualTo(longestGap(all));
            assertThat(ordered.from()).isEqualTo(all.get(0).ts());
            assertThat(ordered.to()).isEqualTo(all.get(all.size() - 1).ts());
            // Rows in any order: the evaluator sorts them, so in-order batches give the exact silence.
            Collections.shuffle(inOrder, random);
            assertThat(mergeRows(inOrder)).isEqualTo(ordered);
        }
    }

    @Test
    void a_queue_row_gives_back_what_its_batch_queued() {
        Random random = new Random(41);
        for (int round = 0; round < 200; round++) {
            ChangedRanges ranges = new ChangedRanges();
            int readings = 1 + random.nextInt(40);
            for (int i = 0; i < readings; i++) {
                ranges.add(
                        random.nextInt(9),
                        reading(
                                random.nextInt(100_000_000),
                                -30 + random.nextInt(600) / 10.0,
                                random.nextInt(3) == 0 ? random.nextInt(1000) / 10.0 : null,
                                random.nextInt(3) == 0 ? 2.5 + random.nextInt(100) / 100.0 : null,
                                random.nextInt(3) == 0 ? random.nextBoolean() : null,
                                random.nextInt(60_000)));
            }
            for (boolean complete : new boolean[] {true, false}) {
                ChangeSetEntries.Merge merge = new ChangeSetEntries.Merge();
                merge.add(ChangeSetEntries.of(ranges.columns(), complete), complete ? ranges.oldestReceived() : null);
                List<Change> back = new ArrayList<>();
                merge.forEach(back::add);
                back.sort(Comparator.comparing(Change::sensorId));
                List<Change> queued = new ArrayList<>(ranges.changes(complete));
                queued.sort(Comparator.comparing(Change::sensorId));
                assertThat(back).isEqualTo(queued);
                assertThat(merge.entries()).isEqualTo(ranges.size());
            }
        }
    }

    @Test
    void bare_ranges_have_no_extremes_and_no_summary() {
        ChangeSetEntries.Merge merge = new ChangeSetEntries.Merge();
        merge.add(ChangeSetEntries.ranges(new int[] {3}, new long[] {10}, new long[] {20}), null);
        ChangedRanges summarised = new ChangedRanges();
        summarised.add(3, reading(0, 4.0, null, null, null, 0));
        merge.add(ChangeSetEntries.of(summarised.columns(), true), summarised.oldestReceived());
        List<Change> back = new ArrayList<>();
        merge.forEach(back::add);
        assertThat(back).hasSize(1);
        assertThat(back.get(0).summary()).as("one of its rows has none").isNull();
        assertThat(back.get(0).from()).isEqualTo(Instant.EPOCH.plusNanos(10_000));
        assertThat(back.get(0).minC())
                .as("the known extreme wins over the unknown")
                .isEqualTo(4.0f);
    }

    @Test
    void a_torn_row_is_refused_not_misread() {
        byte[] torn = Arrays.copyOf(ChangeSetEntries.ranges(new int[] {3}, new long[] {10}, new long[] {20}), 40);
        assertThatThrownBy(() -> new ChangeSetEntries.Merge().add(torn, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("40 bytes");
    }

    private static Change mergeRows(List<List<Reading>> batches) {
        ChangeSetEntries.Merge merge = new ChangeSetEntries.Merge();
        for (List<Reading> batch : batches) {
            ChangedRanges ranges = new ChangedRanges();
            batch.forEach(r -> ranges.add(1, r));
            merge.add(ChangeSetEntries.of(ranges.columns(), true), ranges.oldestReceived());
        }
        List<Change> out = new ArrayList<>();
        merge.forEach(out::add);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static Change withoutGap(Change c) {
        ChangeSummary s = c.summary();
        return new Change(
                0,
                c.sensorId(),
                c.from(),
                c.to(),
                c.minC(),
                c.maxC(),
                new ChangeSummary(0, s.maxRh(), s.minBatteryV(), s.doorOpen(), s.received()));
    }

    @Test
    void a_change_merged_with_one_that_has_no_summary_has_none() {
        ChangedRanges a = new ChangedRanges();
        a.add(1, reading(0, 4.0, null, null, null, 0));
        ChangedRanges b = new ChangedRanges();
        b.add(1, reading(5, 4.0, null, null, null, 0));
        Change merged = a.changes(true).get(0).merge(b.changes(false).get(0));
        assertThat(merged.summary()).isNull();
        assertThat(merged.to()).isEqualTo(at(5));
    }

    private static Change mergeAll(List<List<Reading>> batches) {
        Change merged = null;
        for (List<Reading> batch : batches) {
            ChangedRanges ranges = new ChangedRanges();
            batch.forEach(r -> ranges.add(1, r));
            Change ch = ranges.changes(true).get(0);
            merged = merged == null ? ch : merged.merge(ch);
        }
        return merged;
    }

    /** The readings in random batches of random sizes, each batch in random order. */
    private static List<List<Reading>> split(List<Reading> all, Random random) {
        List<Reading> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, random);
        List<List<Reading>> out = new ArrayList<>();
        for (int from = 0; from < shuffled.size(); ) {
            int to = from + 1 + random.nextInt(shuffled.size() - from);
            out.add(shuffled.subList(from, to));
            from = to;
        }
        return out;
    }

    private static void assertCovers(ChangeSummary s, List<Reading> all) {
        for (Reading r : all) {
            if (r.rh() != null) {
                assertThat((double) s.maxRh()).isGreaterThanOrEqualTo(r.rh());
            }
            if (r.batteryV() != null) {
                assertThat((double) s.minBatteryV()).isLessThanOrEqualTo(r.batteryV());
            }
            if (Boolean.TRUE.equals(r.doorOpen())) {
                assertThat(s.doorOpen()).isTrue();
            }
        }
        // Never later than the newest reception: "received long ago" may only err towards yes.
        assertThat(s.received())
                .isBeforeOrEqualTo(all.stream()
                        .map(Reading::receivedAt)
                        .max(Comparator.naturalOrder())
                        .orElseThrow());
        assertThat(s.doorOpen()).isEqualTo(all.stream().anyMatch(r -> Boolean.TRUE.equals(r.doorOpen())));
    }

    /** In milliseconds, rounded up. */
    private static long longestGap(List<Reading> all) {
        List<Instant> ts = all.stream().map(Reading::ts).sorted().toList();
        long longest = 0;
        for (int i = 1; i < ts.size(); i++) {
            longest =
                    Math.max(longest, Duration.between(ts.get(i - 1), ts.get(i)).toNanos());
        }
        return (longest + 999_999) / 1_000_000;
    }

    private static Reading reading(int minute, double tempC, Double rh, Double batteryV, Boolean door, int receivedMs) {
        return reading(minute * 60_000_000L, tempC, rh, batteryV, door, receivedMs);
    }

    private static Reading reading(
            long micros, double tempC, Double rh, Double batteryV, Boolean door, int receivedMs) {
        Instant ts = T.plus(micros, ChronoUnit.MICROS).plusNanos(3_000);
        return new Reading("acme", "gw-1", "s-1", ts, tempC, rh, batteryV, door, null, T.plusMillis(receivedMs));
    }

    private static Instant at(int minute) {
        return T.plus(Duration.ofMinutes(minute)).plusNanos(3_000);
    }
}

package io.coldchain.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.alerting.rules.AlertReconciler.Change;
import io.coldchain.alerting.rules.AlertReconciler.KnownAlert;
import io.coldchain.alerting.rules.AlertReconciler.Merge;
import io.coldchain.alerting.rules.AlertReconciler.Open;
import io.coldchain.alerting.rules.AlertReconciler.Retract;
import io.coldchain.alerting.rules.AlertReconciler.Update;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertReconcilerTest {
    static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");

    static Instant at(long minutes) {
        return T0.plusSeconds(minutes * 60);
    }

    /** A fired episode over [start, end) (end null: open), delay 0. */
    static Episode ep(long start, Long end, double peak) {
        Instant last = end == null ? at(start + 10) : at(end - 1);
        return new Episode(at(start), end == null ? null : at(end), last, peak, at(start), at(start));
    }

    static KnownAlert stored(long id, Episode e) {
        return KnownAlert.of(id, e);
    }

    @Test
    void a_fired_episode_no_alert_covers_is_opened() {
        Episode e = ep(0, 30L, 7);
        assertThat(AlertReconciler.reconcile(List.of(), List.of(e))).containsExactly(new Open(e));
    }

    @Test
    void an_episode_that_did_not_fire_opens_nothing() {
        Episode quiet = new Episode(at(0), at(10), at(9), 7, at(0), null);
        assertThat(AlertReconciler.reconcile(List.of(), List.of(quiet))).isEmpty();
    }

    @Test
    void a_stored_alert_whose_episode_grew_is_updated_in_place() {
        Episode before = ep(0, null, 7);
        Episode after = ep(0, 45L, 8.5);
        assertThat(AlertReconciler.reconcile(List.of(stored(4, before)), List.of(after)))
                .containsExactly(new Update(4, after));
    }

    @Test
    void an_open_alert_whose_episode_only_went_on_longer_is_updated_so_its_duration_is_current() {
        Episode before = ep(0, null, 7);
        Episode later = new Episode(at(0), null, at(50), 7, at(0), at(0));
        assertThat(AlertReconciler.reconcile(List.of(stored(4, before)), List.of(later)))
                .containsExactly(new Update(4, later));
    }

    @Test
    void an_alert_known_only_by_its_interval_is_always_updated() {
        Episode e = ep(0, 30L, 7);
        assertThat(AlertReconciler.reconcile(List.of(new KnownAlert(4, at(0), at(30))), List.of(e)))
                .containsExactly(new Update(4, e));
    }

    @Test
    void an_episode_joining_two_alerts_updates_the_oldest_and_merges_the_others_into_it() {
        Episode joined = ep(0, 100L, 9);
        List<KnownAlert> alerts =
                List.of(stored(9, ep(60, 100L, 9)), stored(3, ep(0, 20L, 7)), stored(5, ep(30, 50L, 8)));
        assertThat(AlertReconciler.reconcile(alerts, List.of(joined)))
                .containsExactly(new Update(3, joined), new Merge(3, 5), new Merge(3, 9));
    }

    @Test
    void an_alert_split_in_two_by_a_late_reading_keeps_the_first_part_and_the_second_opens() {
        Episode first = ep(0, 40L, 7);
        Episode second = ep(45, 90L, 8);
        assertThat(AlertReconciler.reconcile(List.of(stored(2, ep(0, 90L, 8))), List.of(second, first)))
                .containsExactly(new Update(2, first), new Open(second));
    }

    @Test
    void an_alert_whose_episode_no_longer_fires_is_retracted() {
        // A late in-range reading cut the excursion into two short ones that did not last the delay.
        assertThat(AlertReconciler.reconcile(List.of(stored(7, ep(0, 40L, 7))), List.of()))
                .containsExactly(new Retract(7));
        Episode elsewhere = ep(60, 90L, 7);
        assertThat(AlertReconciler.reconcile(
                        List.of(stored(7, ep(0, 40L, 7)), stored(8, elsewhere)), List.of(elsewhere)))
                .containsExactly(new Retract(7));
    }

    @Test
    void touching_intervals_do_not_overlap_and_an_open_one_reaches_to_infinity() {
        Episode after = ep(30, null, 7);
        List<Change> changes = AlertReconciler.reconcile(List.of(stored(1, ep(0, 30L, 7))), List.of(after));
        assertThat(changes).containsExactly(new Open(after), new Retract(1));
        // An open stored alert overlaps any later episode.
        Episode later = ep(500, 600L, 7);
        assertThat(AlertReconciler.reconcile(List.of(stored(1, ep(0, null, 7))), List.of(later)))
                .containsExactly(new Update(1, later));
        assertThat(AlertReconciler.overlaps(at(0), null, at(10), null)).isTrue();
        assertThat(AlertReconciler.overlaps(at(10), null, at(0), at(10))).isFalse();
        assertThat(AlertReconciler.overlaps(at(10), null, at(0), at(11))).isTrue();
    }

    @Test
    void re_running_on_the_same_input_changes_nothing() {
        Episode a = ep(0, 40L, 7);
        Episode b = ep(100, null, 8.5);
        List<Episode> fired = List.of(a, b);
        List<Change> first = AlertReconciler.reconcile(List.of(), fired);
        assertThat(first).containsExactly(new Open(a), new Open(b));
        // The store applies the opens (ids 1 and 2) and the same readings are evaluated again.
        List<KnownAlert> after = List.of(stored(1, a), stored(2, b));
        assertThat(AlertReconciler.reconcile(after, fired)).isEmpty();
        assertThat(AlertReconciler.reconcile(after, List.of(b, a))).isEmpty();
    }
}

package io.coldchain.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Data gaps, around the 10-minute vehicle default (GB 29753: a recording interval of at most 10 min). */
class GapDetectorTest {
    static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");
    static final Duration VEHICLE = Duration.ofMinutes(10);

    static Sample at(Duration d) {
        return Sample.of(T0.plus(d), 4.0);
    }

    @Test
    void exactly_ten_minutes_apart_is_not_a_gap_and_ten_minutes_and_a_second_is() {
        Duration tenAndASecond = VEHICLE.plusSeconds(1);
        List<Sample> samples = List.of(at(Duration.ZERO), at(VEHICLE), at(VEHICLE.plus(tenAndASecond)));
        Instant last = T0.plus(VEHICLE).plus(tenAndASecond);
        assertThat(GapDetector.gaps(samples, VEHICLE, last)).containsExactly(new Gap(T0.plus(VEHICLE), last));
    }

    @Test
    void the_sensor_still_silent_is_an_open_gap_only_once_now_is_more_than_ten_minutes_after_its_last_reading() {
        List<Sample> samples = List.of(at(Duration.ZERO), at(Duration.ofMinutes(5)));
        Instant last = T0.plus(Duration.ofMinutes(5));
        assertThat(GapDetector.gaps(samples, VEHICLE, last.plus(VEHICLE))).isEmpty();
        assertThat(GapDetector.gaps(samples, VEHICLE, last.plus(VEHICLE).plusSeconds(1)))
                .singleElement()
                .satisfies(g -> {
                    assertThat(g).isEqualTo(new Gap(last, null));
                    assertThat(g.open()).isTrue();
                    assertThat(g.duration(last.plus(Duration.ofHours(1)))).isEqualTo(Duration.ofHours(1));
                });
    }

    @Test
    void gaps_do_not_depend_on_arrival_order_or_duplicates() {
        List<Sample> ordered = List.of(
                at(Duration.ZERO), at(Duration.ofMinutes(30)), at(Duration.ofMinutes(35)), at(Duration.ofMinutes(60)));
        List<Sample> scrambled =
                List.of(ordered.get(3), ordered.get(1), ordered.get(0), ordered.get(1), ordered.get(2), ordered.get(3));
        Instant now = T0.plus(Duration.ofMinutes(61));
        List<Gap> expected = List.of(
                new Gap(T0, T0.plus(Duration.ofMinutes(30))),
                new Gap(T0.plus(Duration.ofMinutes(35)), T0.plus(Duration.ofMinutes(60))));
        assertThat(GapDetector.gaps(ordered, VEHICLE, now)).isEqualTo(expected);
        assertThat(GapDetector.gaps(scrambled, VEHICLE, now)).isEqualTo(expected);
    }

    @Test
    void no_samples_no_gap() {
        assertThat(GapDetector.gaps(List.of(), VEHICLE, T0.plus(Duration.ofDays(1))))
                .isEmpty();
    }
}

package io.coldchain.records.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.records.log.SeriesStore.Gap;
import io.coldchain.records.log.SeriesStore.Point;
import io.coldchain.records.log.SeriesStore.Summary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryCodecTest {
    private static final Instant T = Instant.parse("2026-10-01T00:00:00.123456Z");

    @Test
    void a_summary_comes_back_exactly_nulls_and_all() {
        Summary s = new Summary(
                7,
                288,
                -1.5,
                9.0,
                4.123456789012345,
                T,
                T.plus(Duration.ofHours(23)),
                0.1 + 0.2,
                Duration.ofSeconds(86_000, 5),
                Duration.ofMinutes(30),
                Duration.ofMinutes(30),
                Duration.ZERO,
                3,
                List.of(new Gap(T.plusSeconds(60), T.plusSeconds(7_200))),
                List.of(
                        new Point(7, T, 3.9, 4.4, 4.1, 6, 81.5, 3.01, true, "gw-1"),
                        new Point(7, T.plusSeconds(1_800), 4.0, 4.0, 4.0, 1, null, null, null, null),
                        new Point(7, T.plusSeconds(3_600), 4.0, 4.2, 4.1, 2, null, null, false, "gw-2")));
        assertThat(SummaryCodec.decode(SummaryCodec.encode(s))).contains(s);
    }

    @Test
    void empty_figures_and_another_format_are_handled() {
        Summary empty =
                new Summary(1, 0, null, null, null, null, null, null, null, null, null, null, 0, List.of(), List.of());
        assertThat(SummaryCodec.decode(SummaryCodec.encode(empty))).contains(empty);
        byte[] future = SummaryCodec.encode(empty);
        future[0] = 99;
        assertThat(SummaryCodec.decode(future)).isEmpty();
        assertThat(SummaryCodec.decode(new byte[] {1, 0})).isEmpty();
    }
}

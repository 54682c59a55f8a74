package io.coldchain.records.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.records.trace.PublicTrace.PublicLeg;
import io.coldchain.records.trace.PublicTrace.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The overall verdict of the public page from its legs' verdicts: the worst news wins. */
class PublicTraceVerdictTest {
    private static PublicLeg leg(Verdict v) {
        return new PublicLeg("truck", null, Instant.EPOCH, null, v, Duration.ZERO);
    }

    @Test
    void outOfLimitsAnywhereIsOutOfLimitsThenMissingReadingsThenWithin() {
        assertThat(PublicTraceService.overall(List.of(leg(Verdict.WITHIN_LIMITS), leg(Verdict.WITHIN_LIMITS))))
                .isEqualTo(Verdict.WITHIN_LIMITS);
        assertThat(PublicTraceService.overall(List.of(leg(Verdict.WITHIN_LIMITS), leg(Verdict.NO_READINGS))))
                .isEqualTo(Verdict.NO_READINGS);
        assertThat(PublicTraceService.overall(
                        List.of(leg(Verdict.NO_READINGS), leg(Verdict.OUT_OF_LIMITS), leg(Verdict.WITHIN_LIMITS))))
                .isEqualTo(Verdict.OUT_OF_LIMITS);
        assertThat(PublicTraceService.overall(List.of()))
                .as("no journey recorded: nothing can be said")
                .isEqualTo(Verdict.NO_READINGS);
    }
}

package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The self-inspection summary's default year is the year in the {@code timezone} setting's zone, not UTC's. */
class SelfInspectionYearTest {
    /** 2026-12-31T16:30Z is 00:30 on 1 January 2027 in Shanghai, 06:30 on 31 December 2026 in Honolulu. */
    private static final Clock NEW_YEAR_IN_SHANGHAI =
            Clock.fixed(Instant.parse("2026-12-31T16:30:00Z"), ZoneOffset.UTC);

    @Test
    void the_default_year_turns_at_local_midnight() {
        assertThat(SelfInspectionEndpoint.thisYear(NEW_YEAR_IN_SHANGHAI, ZoneId.of("Asia/Shanghai")))
                .isEqualTo(2027);
        assertThat(SelfInspectionEndpoint.thisYear(NEW_YEAR_IN_SHANGHAI, ZoneId.of("Pacific/Honolulu")))
                .isEqualTo(2026);
        // UTC at 2027-01-01T07:00Z is already 2027, Honolulu (UTC-10) still 2026.
        Clock morning = Clock.fixed(Instant.parse("2027-01-01T07:00:00Z"), ZoneOffset.UTC);
        assertThat(SelfInspectionEndpoint.thisYear(morning, ZoneId.of("Pacific/Honolulu")))
                .isEqualTo(2026);
    }
}

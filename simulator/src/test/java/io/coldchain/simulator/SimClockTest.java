package io.coldchain.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SimClockTest {
    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now;

        HandClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void runsADayInMinutesAndNeverPassesTheRealClock() {
        Instant real = Instant.parse("2026-11-29T12:00:00Z");
        HandClock clock = new HandClock(real);
        SimClock sim = new SimClock(clock, real.minus(Duration.ofHours(24)), 720); // a day in 2 minutes
        assertThat(sim.now()).isEqualTo(real.minus(Duration.ofHours(24)));
        clock.now = real.plusSeconds(60);
        assertThat(sim.now()).isEqualTo(real.minus(Duration.ofHours(12)));
        clock.now = real.plusSeconds(120);
        assertThat(sim.now()).isEqualTo(real); // caught up with the real clock at the start...
        clock.now = real.plusSeconds(600);
        assertThat(sim.now()).isEqualTo(real.plusSeconds(600)); // ...then it follows it, never ahead
    }

    @Test
    void aScenarioCannotStartInTheFuture() {
        HandClock clock = new HandClock(Instant.parse("2026-11-29T12:00:00Z"));
        assertThatThrownBy(() -> new SimClock(clock, clock.now.plusSeconds(1), 360))
                .hasMessageContaining("in the past");
    }
}

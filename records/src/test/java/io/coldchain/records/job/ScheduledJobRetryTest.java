package io.coldchain.records.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScheduledJobRetryTest {

    @Test
    void a_failed_run_is_retried_soon_then_less_often_never_later_than_its_period() {
        Duration every = Duration.ofMinutes(15);
        assertThat(ScheduledJobVerticle.retryDelay(1, every)).isEqualTo(Duration.ofSeconds(15));
        assertThat(ScheduledJobVerticle.retryDelay(2, every)).isEqualTo(Duration.ofSeconds(30));
        assertThat(ScheduledJobVerticle.retryDelay(3, every)).isEqualTo(Duration.ofMinutes(1));
        assertThat(ScheduledJobVerticle.retryDelay(7, every)).isEqualTo(every);
        assertThat(ScheduledJobVerticle.retryDelay(1000, every)).isEqualTo(every);
        assertThat(ScheduledJobVerticle.retryDelay(1, Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
    }
}

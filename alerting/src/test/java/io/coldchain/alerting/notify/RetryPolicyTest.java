package io.coldchain.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(10), 8);

    @Test
    void delaysDoubleUpToTheMaximumWithJitterInTheUpperHalf() {
        assertThat(policy.ceilingMillis(1)).isEqualTo(2_000);
        assertThat(policy.ceilingMillis(2)).isEqualTo(4_000);
        assertThat(policy.ceilingMillis(5)).isEqualTo(32_000);
        assertThat(policy.ceilingMillis(9)).isEqualTo(512_000);
        assertThat(policy.ceilingMillis(10)).isEqualTo(600_000);
        assertThat(policy.ceilingMillis(500)).isEqualTo(600_000);
        for (int attempt = 1; attempt <= 12; attempt++) {
            long ceiling = policy.ceilingMillis(attempt);
            for (int i = 0; i < 200; i++) {
                assertThat(policy.delay(attempt).toMillis()).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void jitterSpreadsDeliveriesThatFailedTogether() {
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToLong(i -> policy.delay(6).toMillis())
                .distinct()
                .count();
        assertThat(distinct).isGreaterThan(10);
    }

    @Test
    void webhooksAndEmailParkAfterTheLastAttemptTheAlertTopicNever() {
        assertThat(policy.parks(Channel.WEBHOOK, 7)).isFalse();
        assertThat(policy.parks(Channel.WEBHOOK, 8)).isTrue();
        assertThat(policy.parks(Channel.EMAIL, 8)).isTrue();
        assertThat(policy.parks(Channel.MQTT, 1_000)).isFalse();
    }
}

package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-address token bucket on a clock the test moves: burst, refill, separate addresses. */
class ClientRateLimitTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ClientRateLimit limit =
            new ClientRateLimit(3, Duration.ofSeconds(2), new SimpleMeterRegistry(), now::get);

    @Test
    void aBurstThenOneTokenPerRefillPerAddress() {
        for (int i = 0; i < 3; i++) {
            assertThat(limit.take("10.0.0.1")).isZero();
        }
        long wait = limit.take("10.0.0.1");
        assertThat(wait).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(limit.take("10.0.0.2"))
                .as("another address has its own bucket")
                .isZero();

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(limit.take("10.0.0.1")).isEqualTo(Duration.ofSeconds(1).toNanos());
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(limit.take("10.0.0.1")).isZero();
        assertThat(limit.take("10.0.0.1")).isPositive();

        // Idle long enough, the bucket is full again, never fuller.
        now.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < 3; i++) {
            assertThat(limit.take("10.0.0.1")).isZero();
        }
        assertThat(limit.take("10.0.0.1")).isPositive();
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new ClientRateLimit(0, Duration.ofSeconds(1), new SimpleMeterRegistry(), now::get))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientRateLimit(1, Duration.ZERO, new SimpleMeterRegistry(), now::get))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

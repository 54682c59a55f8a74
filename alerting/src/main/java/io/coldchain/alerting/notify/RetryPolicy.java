package io.coldchain.alerting.notify;

import io.coldchain.core.config.NotifyOptions;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed delivery again, and when to give up on it. Exponential backoff from
 * {@code base}, doubled per attempt up to {@code max}, with "equal jitter" (half fixed, half random)
 * so that many deliveries failing together (a receiver's outage) do not all come back at once.
 * Webhooks and e-mail are parked after {@code attempts} attempts; the MQTT alert topic is our own
 * broker and the contract's channel, so it is retried without end (at most every {@code max}).
 */
public final class RetryPolicy {
    private final Duration base;
    private final Duration max;
    private final int attempts;

    public RetryPolicy(Duration base, Duration max, int attempts) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0 || attempts < 1) {
            throw new IllegalArgumentException("retry base " + base + ", max " + max + ", attempts " + attempts);
        }
        this.base = base;
        this.max = max;
        this.attempts = attempts;
    }

    public static RetryPolicy of(NotifyOptions o) {
        return new RetryPolicy(o.retryBase(), o.retryMax(), o.retryAttempts());
    }

    /** Whether a delivery that has failed its {@code attempt}-th attempt is given up. */
    public boolean parks(Channel channel, int attempt) {
        return channel != Channel.MQTT && attempt >= attempts;
    }

    /** The delay after the {@code attempt}-th failure (attempt from 1): within [d/2, d], d = min(max, base·2^(attempt-1)). */
    public Duration delay(int attempt) {
        long ceiling = ceilingMillis(attempt);
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    /** The delay before jitter. */
    long ceilingMillis(int attempt) {
        int shift = Math.min(Math.max(attempt - 1, 0), 40);
        long d = base.toMillis() << shift;
        return d <= 0 || d > max.toMillis() ? max.toMillis() : d;
    }

    public int attempts() {
        return attempts;
    }
}

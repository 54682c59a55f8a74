package io.coldchain.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address in front of the public routes: {@code burst} requests at once,
 * then one every {@code refill}. Past that, 429 with {@code Retry-After} (whole seconds) and the
 * JSON error body, counted in {@code coldchain_public_rate_limited_total}. Codes cannot be guessed
 * anyway (160 bits); this keeps a scraper from turning the public page into a load test.
 *
 * <p>The address is the TCP peer's: behind a reverse proxy every client shares the proxy's bucket
 * (X-Forwarded-For is not trusted, since anyone can send it). The buckets of clients idle long
 * enough to be full again are dropped when there are more than {@link #MAX_CLIENTS}.
 */
final class ClientRateLimit implements Handler<RoutingContext> {
    static final int MAX_CLIENTS = 10_000;

    private final int burst;
    private final long refillNanos;
    private final LongSupplier nanoTime;
    private final Counter limited;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    ClientRateLimit(int burst, Duration refill, MeterRegistry metrics, LongSupplier nanoTime) {
        if (burst < 1 || refill.isNegative() || refill.isZero()) {
            throw new IllegalArgumentException("burst must be at least 1 and refill positive");
        }
        this.burst = burst;
        this.refillNanos = refill.toNanos();
        this.nanoTime = nanoTime;
        this.limited = Counter.builder("coldchain_public_rate_limited")
                .description("Requests to the public trace routes refused with 429 (per-address token bucket)")
                .register(metrics);
        Gauge.builder("coldchain_public_rate_limit_clients", buckets, Map::size)
                .description("Client addresses with a token bucket of the public trace routes")
                .register(metrics);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String client = ctx.request().remoteAddress() == null
                ? "unknown"
                : ctx.request().remoteAddress().hostAddress();
        long waitNanos = take(client);
        if (waitNanos == 0) {
            ctx.next();
            return;
        }
        limited.increment();
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        ctx.response()
                .setStatusCode(429)
                .putHeader("Retry-After", Long.toString(seconds))
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(new JsonObject()
                        .put("error", "too_many_requests")
                        .put("detail", "too many requests from this address; retry after " + seconds + " s")
                        .encode());
    }

    /** Takes a token for the client: 0 when it had one, else how long until it will. */
    long take(String client) {
        long now = nanoTime.getAsLong();
        if (buckets.size() > MAX_CLIENTS) {
            long full = refillNanos * burst;
            buckets.values().removeIf(b -> now - b.at > full);
        }
        Bucket b = buckets.computeIfAbsent(client, k -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (double) (now - b.at) / refillNanos);
            b.at = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - b.tokens) * refillNanos);
        }
    }
}

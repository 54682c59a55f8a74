package io.coldchain.alerting.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dispatcher's meters: {@code coldchain_notify_outbox_backlog} (pending deliveries),
 * {@code coldchain_notify_parked_deliveries}, {@code coldchain_notify_deliveries_total{channel,outcome}}
 * (delivered, retried, parked), {@code coldchain_notify_delivery_latency_seconds{channel}} (event
 * appended to delivered, histogram), {@code coldchain_notify_dispatch_failures_total} (the
 * dispatcher's own database work failing) and {@code coldchain_notify_inflight_deliveries}.
 */
public final class NotifyMetrics {
    public static final String DELIVERED = "delivered";
    public static final String RETRIED = "retried";
    public static final String PARKED = "parked";

    private final MeterRegistry registry;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong inflight = new AtomicLong();
    private final Counter dispatchFailures;

    public NotifyMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("coldchain_notify_outbox_backlog", backlog, AtomicLong::get)
                .description("Notification deliveries pending (due or waiting for a retry)")
                .register(registry);
        Gauge.builder("coldchain_notify_parked_deliveries", parked, AtomicLong::get)
                .description("Notification deliveries given up after repeated failure; listed by the API")
                .register(registry);
        Gauge.builder("coldchain_notify_inflight_deliveries", inflight, AtomicLong::get)
                .description("Notification deliveries being sent by this instance")
                .register(registry);
        dispatchFailures = Counter.builder("coldchain_notify_dispatch_failures")
                .description("Database work of the notification dispatcher that failed (retried on the next poll)")
                .register(registry);
        // Registered up front so that the series exist (at zero) before the first delivery.
        for (Channel c : Channel.values()) {
            for (String outcome : new String[] {DELIVERED, RETRIED, PARKED}) {
                if (!(c == Channel.MQTT && PARKED.equals(outcome))) {
                    counter(c, outcome);
                }
            }
            latency(c);
        }
    }

    public void outcome(Channel channel, String outcome) {
        counter(channel, outcome).increment();
    }

    private Counter counter(Channel channel, String outcome) {
        return Counter.builder("coldchain_notify_deliveries")
                .description("Notification delivery attempts by outcome")
                .tag("channel", channel.wire())
                .tag("outcome", outcome)
                .register(registry);
    }

    public void delivered(Channel channel, Duration sinceAppended) {
        latency(channel).record(sinceAppended.isNegative() ? Duration.ZERO : sinceAppended);
    }

    private Timer latency(Channel channel) {
        return Timer.builder("coldchain_notify_delivery_latency")
                .description("Alert event appended to delivered")
                .tag("channel", channel.wire())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    public void backlog(long pending, long parkedNow) {
        backlog.set(pending);
        parked.set(parkedNow);
    }

    public AtomicLong inflight() {
        return inflight;
    }

    public void dispatchFailed() {
        dispatchFailures.increment();
    }
}

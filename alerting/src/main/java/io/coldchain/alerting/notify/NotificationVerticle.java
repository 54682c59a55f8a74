package io.coldchain.alerting.notify;

import io.coldchain.core.config.MqttOptions;
import io.coldchain.core.config.NotifyOptions;
import io.coldchain.core.db.Jdbc;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns outbound notification I/O: the MQTT alert topic (its own Paho connection), webhooks (Vert.x
 * WebClient) and e-mail (SMTP on a worker). It dispatches what {@link OutboxStore#append} left
 * pending:
 *
 * <ol>
 *   <li>claim due deliveries ({@link OutboxStore#claimDue}: leased, so a crash returns them to the
 *       pool when the lease ends, and instances claim side by side without blocking each other);
 *   <li>send each (at most {@link Timing#maxInFlight()} at a time);
 *   <li>record the outcome: delivered, retried after a backoff with jitter, or parked after
 *       {@code notify.retry.attempts} (webhooks and e-mail; never the MQTT topic).
 * </ol>
 *
 * It claims when woken by a local message on {@link #WAKE_ADDRESS} (sent by the alert store after
 * a commit that appended events, for sub-second delivery) and every {@link Timing#poll()} anyway,
 * so that nothing depends on the wake-up: events appended by another instance, retries falling due
 * and leases of a dead instance are all found by the poll. Delivery is at least once: a crash
 * between sending and recording sends again, with the same idempotency key.
 */
public final class NotificationVerticle extends AbstractVerticle {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationVerticle.class);
    /** Local event-bus address: any message here starts a dispatch round at once (the body is ignored). */
    public static final String WAKE_ADDRESS = "coldchain.outbox.wake";

    /**
     * @param poll how often the outbox is looked at without a wake-up
     * @param lease how long a claimed delivery is left to this instance before anyone may claim it
     *     again; longer than the slowest send (webhook and SMTP time out after 10 s)
     * @param maxInFlight deliveries being sent at once by this instance (at least 2: half of them
     *     are kept for the MQTT alert topic)
     */
    public record Timing(Duration poll, Duration lease, int maxInFlight) {
        public Timing {
            if (maxInFlight < 2 || poll.isNegative() || poll.isZero() || lease.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("poll > 0, lease >= 1 s, maxInFlight >= 2 (got " + poll + ", "
                        + lease + ", " + maxInFlight + ")");
            }
        }

        public static Timing defaults() {
            return new Timing(Duration.ofSeconds(1), Duration.ofSeconds(60), 64);
        }
    }

    private final DataSource dataSource;
    private final MqttOptions mqtt;
    private final NotifyOptions notify;
    private final Timing timing;
    private final NotifyMetrics metrics;
    private final RetryPolicy retry;
    private final OutboxStore store = new OutboxStore();
    private final Clock clock = Clock.systemUTC();

    private WorkerExecutor dbExecutor;
    private WorkerExecutor mailExecutor;
    private MqttAlertPublisher publisher;
    private WebhookSender webhooks;
    private SmtpMailer mailer;
    private MessageConsumer<Object> wake;
    private long timer = -1;

    // Dispatch state; touched on this verticle's context only.
    private boolean claiming;
    private boolean again;
    private int inflightMqtt;
    private int inflightTargets;
    private boolean stopping;
    private Promise<Void> drained;

    /**
     * @param dataSource the pool; used on this verticle's own worker thread only
     * @param mqtt the broker the alert topic is published on (client id {@code <mqtt.client.id>-notify})
     * @param notify SMTP and retry settings
     * @param registry where the {@link NotifyMetrics} are registered
     */
    public NotificationVerticle(DataSource dataSource, MqttOptions mqtt, NotifyOptions notify, MeterRegistry registry) {
        this(dataSource, mqtt, notify, registry, Timing.defaults());
    }

    public NotificationVerticle(
            DataSource dataSource, MqttOptions mqtt, NotifyOptions notify, MeterRegistry registry, Timing timing) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.mqtt = Objects.requireNonNull(mqtt, "mqtt");
        this.notify = Objects.requireNonNull(notify, "notify");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.metrics = new NotifyMetrics(registry);
        this.retry = RetryPolicy.of(notify);
    }

    @Override
    public void start(Promise<Void> startPromise) {
        dbExecutor = vertx.createSharedWorkerExecutor("coldchain-notify-db", 1);
        mailExecutor = vertx.createSharedWorkerExecutor("coldchain-notify-smtp", 2);
        webhooks = new WebhookSender(vertx, clock, notify.webhookAllowPrivate());
        mailer = new SmtpMailer(notify);
        publisher = new MqttAlertPublisher(mqtt, context);
        publisher
                .connect()
                .onSuccess(v -> {
                    wake = vertx.eventBus().localConsumer(WAKE_ADDRESS, m -> dispatch());
                    timer = vertx.setPeriodic(timing.poll().toMillis(), id -> {
                        refreshBacklog();
                        dispatch();
                    });
                    dispatch();
                    LOG.info(
                            "Notifications: alert topic on {}, e-mail {}, webhooks retried {} times",
                            mqtt.brokerUrl(),
                            notify.emailEnabled()
                                    ? "via " + notify.smtpHost().get() + ":" + notify.smtpPort()
                                    : "off (no smtp.host)",
                            notify.retryAttempts());
                })
                .onFailure(e -> closeExecutors())
                .onComplete(startPromise);
    }

    /**
     * One claim round; another follows at once while rounds come back full or wake-ups arrived
     * meanwhile. Half of {@link Timing#maxInFlight()} is kept for the MQTT alert topic and half for
     * webhooks and e-mail, so receivers that hang until their timeout cannot hold up the alert topic.
     */
    private void dispatch() {
        if (stopping) {
            return;
        }
        int roomMqtt = share() - inflightMqtt;
        int roomTargets = timing.maxInFlight() - share() - inflightTargets;
        if (claiming || (roomMqtt <= 0 && roomTargets <= 0)) {
            again = true;
            return;
        }
        claiming = true;
        again = false;
        db(c -> {
                    List<ClaimedDelivery> out = new ArrayList<>();
                    if (roomMqtt > 0) {
                        out.addAll(store.claimDue(c, roomMqtt, timing.lease(), true));
                    }
                    if (roomTargets > 0) {
                        out.addAll(store.claimDue(c, roomTargets, timing.lease(), false));
                    }
                    return out;
                })
                .onComplete(ar -> {
                    claiming = false;
                    if (ar.failed()) {
                        metrics.dispatchFailed();
                        LOG.warn(
                                "Could not claim notifications (retried on the next poll): {}",
                                ar.cause().toString());
                    } else {
                        List<ClaimedDelivery> claimed = ar.result();
                        long mqtt = claimed.stream()
                                .filter(d -> d.key().channel() == Channel.MQTT)
                                .count();
                        claimed.forEach(this::deliver);
                        if ((roomMqtt > 0 && mqtt == roomMqtt)
                                || (roomTargets > 0 && claimed.size() - mqtt == roomTargets)) {
                            again = true;
                        }
                    }
                    settle();
                });
    }

    /** In-flight deliveries kept for the MQTT alert topic. */
    private int share() {
        return Math.max(1, timing.maxInFlight() / 2);
    }

    /** After a claim or a delivery: dispatch again if asked, or finish a drain. */
    private void settle() {
        if (stopping) {
            if (!claiming && inflightMqtt + inflightTargets == 0 && drained != null) {
                drained.tryComplete();
            }
        } else if (again && !claiming) {
            dispatch();
        }
    }

    private void deliver(ClaimedDelivery d) {
        boolean mqtt = d.key().channel() == Channel.MQTT;
        if (mqtt) {
            inflightMqtt++;
        } else {
            inflightTargets++;
        }
        metrics.inflight().incrementAndGet();
        send(d).transform(ar -> record(d, ar.failed() ? ar.cause() : null)).onComplete(ar -> {
            if (mqtt) {
                inflightMqtt--;
            } else {
                inflightTargets--;
            }
            metrics.inflight().decrementAndGet();
            if (ar.failed()) {
                metrics.dispatchFailed();
                LOG.warn(
                        "Could not record the outcome of {} (it is sent again when its lease ends): {}",
                        d.key(),
                        ar.cause().toString());
            }
            settle();
        });
    }

    private Future<Void> send(ClaimedDelivery d) {
        if (!d.targetFound()) {
            return Future.failedFuture(new TargetGone());
        }
        return switch (d.key().channel()) {
            case MQTT -> publisher.publish(d.key().target(), d.payloadJson(), d.idempotencyKey());
            case WEBHOOK -> webhooks.post(d.url(), d.secret(), d.idempotencyKey(), d.payloadJson());
            case EMAIL ->
                mailExecutor.executeBlocking(
                        () -> {
                            mailer.send(d.address(), AlertEmail.of(d), d.idempotencyKey());
                            return null;
                        },
                        false);
        };
    }

    private Future<Void> record(ClaimedDelivery d, Throwable failure) {
        Channel channel = d.key().channel();
        if (failure == null) {
            metrics.outcome(channel, NotifyMetrics.DELIVERED);
            metrics.delivered(channel, Duration.between(d.createdAt(), clock.instant()));
            return db(c -> store.markDelivered(c, d.key())).mapEmpty();
        }
        String error = describe(failure);
        if (failure instanceof TargetGone || retry.parks(channel, d.attempts())) {
            metrics.outcome(channel, NotifyMetrics.PARKED);
            LOG.warn(
                    "Parked {} of alert {} ({} {}) after {} attempt(s): {}",
                    channel.wire(),
                    d.alertId(),
                    d.tenant(),
                    d.key().target(),
                    d.attempts(),
                    error);
            return db(c -> store.markParked(c, d.key(), error)).mapEmpty();
        }
        Duration delay = retry.delay(d.attempts());
        metrics.outcome(channel, NotifyMetrics.RETRIED);
        LOG.info(
                "{} of alert {} to {} failed (attempt {}), retrying in {} ms: {}",
                channel.wire(),
                d.alertId(),
                d.key().target(),
                d.attempts(),
                delay.toMillis(),
                error);
        return db(c -> store.markRetry(c, d.key(), error, delay)).mapEmpty();
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private void refreshBacklog() {
        db(store::backlog)
                .onSuccess(b -> metrics.backlog(b.pending(), b.parked()))
                .onFailure(e -> metrics.dispatchFailed());
    }

    /** Blocking JDBC on this verticle's own worker, never on the event loop. */
    private <T> Future<T> db(Jdbc.Work<T> work) {
        return dbExecutor.executeBlocking(
                () -> {
                    try (Connection c = dataSource.getConnection()) {
                        return work.apply(c);
                    }
                },
                false);
    }

    /** Whether the alert topic's MQTT connection is up (for health checks; reads a flag). */
    public boolean connected() {
        return publisher != null && publisher.connected();
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        // Stop claiming; give deliveries under way a moment to finish and be recorded. Whatever is
        // still under way after that keeps its lease and is sent again by whoever claims it next.
        stopping = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        drained = Promise.promise();
        settle();
        drained.future()
                .timeout(10, TimeUnit.SECONDS)
                .transform(ar -> (wake == null ? Future.<Void>succeededFuture() : wake.unregister()))
                .transform(ar -> vertx.<Void>executeBlocking(() -> {
                    publisher.close();
                    return null;
                }))
                .onComplete(ar -> {
                    webhooks.close();
                    closeExecutors();
                    stopPromise.complete();
                });
    }

    private void closeExecutors() {
        if (dbExecutor != null) {
            dbExecutor.close();
        }
        if (mailExecutor != null) {
            mailExecutor.close();
        }
    }

    /** The target was deleted or disabled after the event was appended: nothing to send to. */
    private static final class TargetGone extends RuntimeException {
        TargetGone() {
            super("the notification target no longer exists or is disabled", null, false, false);
        }
    }
}

package io.coldchain.ingest.mqtt;

import io.coldchain.core.config.MqttOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful stop of one ingest consumer: either stay in the share group (stop taking, drain,
 * disconnect keeping the session) or leave it for good (unsubscribe, take and commit what the broker
 * already queued for us, then end the session). It owns the state that decision needs: whether we
 * are stopping, when the last message arrived, and how many we declined while stopping.
 */
final class ConsumerStop {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerStop.class);
    private static final long DRAIN_SECONDS = 30;

    private final MqttOptions options;
    private final String clientId;
    /** Our own bound on what is taken and not committed: all permits back means all committed. */
    private final InflightWindow window;

    private volatile boolean stopping;
    /** Leaving the share group for good on stop: unsubscribe, drain what is queued, end the session. */
    private volatile boolean leaveOnStop;

    private volatile long lastArrivalNanos = System.nanoTime();
    /** Messages that arrived while stopping and were not taken: they live only in our session. */
    private final AtomicInteger untaken = new AtomicInteger();

    ConsumerStop(MqttOptions options, String clientId, InflightWindow window) {
        this.options = options;
        this.clientId = clientId;
        this.window = window;
    }

    boolean stopping() {
        return stopping;
    }

    /** See {@link MqttIngestVerticle#leaveOnStop(boolean)}. */
    void leaveOnStop(boolean leave) {
        this.leaveOnStop = leave && options.shared();
    }

    /**
     * Called for every arrival (Paho's thread). false: we are draining for shutdown, so the message
     * is not taken and not acknowledged; the broker keeps it for the next session (which is therefore
     * not ended).
     */
    boolean admit() {
        if (stopping) {
            untaken.incrementAndGet();
            return false;
        }
        lastArrivalNanos = System.nanoTime();
        return true;
    }

    /**
     * Drains (staying or leaving), disconnects and closes the client. Always succeeds: a stop that
     * could not drain still closes, and what was not acknowledged is redelivered.
     */
    Future<Void> run(Vertx vertx, Context context, MqttAsyncClient client, String[] readingFilters, boolean connected) {
        Future<Boolean> drained =
                leaveOnStop && connected ? leave(vertx, context, client, readingFilters) : stay(vertx);
        return drained.transform(ar -> {
                    stopping = true;
                    // A message we did not take lives only in our session: ending it would lose the message.
                    boolean endSession =
                            ar.succeeded() && Boolean.TRUE.equals(ar.result()) && leaveOnStop && untaken.get() == 0;
                    MqttProperties props = new MqttProperties();
                    if (endSession) {
                        // Session expiry 0 on DISCONNECT: the broker ends the session now, so nothing more is
                        // queued for a client id that may never return.
                        props.setSessionExpiryInterval(0L);
                    }
                    return PahoFutures.of(
                                    context, listener -> client.disconnect(5_000, null, listener, 0, props), t -> {})
                            .onSuccess(v -> LOG.info(
                                    endSession
                                            ? "Left share group '{}' as '{}': session ended, the others take the readings"
                                            : "Disconnected as '{}'{}, session kept for the next start",
                                    endSession ? options.shareGroup() : clientId,
                                    endSession ? clientId : ""));
                })
                .transform(ar -> {
                    try {
                        client.close(true);
                    } catch (MqttException e) {
                        LOG.debug("close: {}", e.getMessage());
                    }
                    return Future.succeededFuture();
                });
    }

    /**
     * Staying: take nothing new, wait until every message taken is committed and acknowledged (all
     * permits back); what the broker sends meanwhile is redelivered to the next session.
     */
    private Future<Boolean> stay(Vertx vertx) {
        stopping = true;
        return vertx.<Boolean>executeBlocking(() -> window.drain(DRAIN_SECONDS, TimeUnit.SECONDS))
                .map(ok -> {
                    if (!ok) {
                        LOG.warn("Drain incomplete after 30 s; unacknowledged messages will be redelivered");
                    }
                    return ok;
                });
    }

    /**
     * Leaving: unsubscribe the shared filters (the broker stops giving us new messages), keep taking
     * and committing what it already queued for us until nothing has arrived for a second and all is
     * acknowledged. true when that happened within 30 s; false keeps the session (the writer may be
     * stuck on the database), so what is left waits in it rather than being thrown away.
     */
    private Future<Boolean> leave(Vertx vertx, Context context, MqttAsyncClient client, String[] readingFilters) {
        Future<Void> unsubscribed = Future.succeededFuture();
        for (String filter : readingFilters) {
            unsubscribed = unsubscribed.compose(v -> PahoFutures.of(
                    context,
                    listener -> client.unsubscribe(new String[] {filter}, null, listener, new MqttProperties()),
                    t -> {}));
        }
        return unsubscribed
                .compose(v -> vertx.executeBlocking(() -> drainQueued(client)))
                .recover(e -> {
                    LOG.warn(
                            "Could not leave share group '{}' cleanly ({}); keeping the session",
                            options.shareGroup(),
                            e.getMessage());
                    return stay(vertx);
                });
    }

    /** Blocking: waits for a quiet second with every permit back, for at most 30 s. */
    private boolean drainQueued(MqttAsyncClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
        while (System.nanoTime() < deadline) {
            boolean quiet = System.nanoTime() - lastArrivalNanos > TimeUnit.SECONDS.toNanos(1);
            if (quiet && window.empty() && client.isConnected()) {
                stopping = true;
                // A message may have slipped in between the two checks: all permits still back means none did.
                if (window.empty()) {
                    return true;
                }
            }
            Thread.sleep(50);
        }
        stopping = true;
        LOG.warn(
                "Could not drain the queue of '{}' within 30 s; keeping its session so that nothing is lost", clientId);
        return false;
    }
}

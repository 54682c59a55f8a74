package io.coldchain.embedded.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.interceptor.puback.PubackOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackOutboundOutput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import io.coldchain.core.edge.IngestSlot;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the PUBACK of a gateway's QoS 1 readings message until ingest has committed it.
 *
 * <p>Why here and not in the publish inbound interceptor: HiveMQ runs one extension task per client
 * at a time, so an inbound interceptor waiting for the commit lets a connection have only one
 * message in ingest (about 7k readings/s for one gateway connection). The inbound interceptor now
 * hands each message to ingest and returns at once; HiveMQ then writes the PUBACK, which passes
 * through this outbound interceptor, and this one waits (asynchronously) for that packet's commit.
 * A PUBLISH that reached the broker before the held PUBACK was written is already in ingest, so a
 * connection keeps many messages in flight, up to the broker's receive maximum. PUBACKs still
 * leave in the order of their PUBLISHes (the per-client task queue is in order), as MQTT requires.
 *
 * <p>When the commit fails or does not come within {@link ReadingsInterceptor#COMMIT_WAIT}, the
 * gateway is disconnected before the held PUBACK is released, so the PUBACK goes to a closed
 * connection and the gateway sends the message again.
 */
final class AckAfterCommit implements PubackOutboundInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(AckAfterCommit.class);
    /** The connection's number in its attribute store: packet ids are unique per connection only. */
    private static final String CONNECTION_KEY = "coldchain.connection";

    private record Key(long connection, int packetId) {}

    private record Held(CompletableFuture<Void> committed, String topic, long since) {}

    /** How long HiveMQ is given to write a PUBACK 0x87 that has passed this interceptor (microseconds, normally). */
    private static final Duration REFUSAL_WRITE_GRACE = Duration.ofMillis(200);

    private final AtomicLong connections = new AtomicLong();
    private final Map<Key, Held> held = new ConcurrentHashMap<>();
    private final Duration limit;

    /** @param limit HiveMQ's own limit on the wait, a backstop longer than the commit wait */
    AckAfterCommit(Duration limit) {
        this.limit = limit;
    }

    /**
     * Called by the inbound interceptor before it lets HiveMQ acknowledge the PUBLISH: the PUBACK for
     * this packet id on this connection waits for {@code committed}.
     */
    void hold(ConnectionInformation connection, int packetId, String topic, CompletableFuture<Void> committed) {
        held.put(new Key(connectionNumber(connection), packetId), new Held(committed, topic, System.nanoTime()));
    }

    /** Messages handed to ingest whose PUBACK has not been released yet. */
    int size() {
        return held.size();
    }

    /**
     * Forgets entries whose PUBACK HiveMQ never wrote (the connection closed first) once they are
     * older than {@code age}; called now and then.
     */
    void sweep(Duration age) {
        long cutoff = System.nanoTime() - age.toNanos();
        held.values().removeIf(h -> h.since() < cutoff && h.committed().isDone());
    }

    @Override
    public void onOutboundPuback(PubackOutboundInput input, PubackOutboundOutput output) {
        if (input.getPubackPacket().getReasonCode() == AckReasonCode.NOT_AUTHORIZED) {
            disconnectAfterRefusal(input.getClientInformation().getClientId());
            return;
        }
        int packetId = input.getPubackPacket().getPacketIdentifier();
        Held h = held.remove(new Key(connectionNumber(input.getConnectionInformation()), packetId));
        if (h == null) {
            return; // not a message we hand to ingest (status, a refusal's PUBACK 0x87)
        }
        CompletableFuture<Void> committed = h.committed();
        if (committed.isDone() && !committed.isCompletedExceptionally()) {
            return;
        }
        String clientId = input.getClientInformation().getClientId();
        Async<PubackOutboundOutput> async = output.async(limit);
        committed.whenComplete((v, error) -> {
            if (error == null) {
                async.resume();
            } else {
                sendAgain(clientId, h.topic(), error, async);
            }
        });
    }

    /**
     * A publish refused by the readings interceptor (contract §5: PUBACK 0x87, then the disconnect).
     * Started only now that the 0x87 has reached this interceptor, i.e. after every PUBACK held
     * before it on this connection was released (HiveMQ runs this client's tasks in order), so no
     * commit, however slow, lies between the two any more. What is left is HiveMQ writing the PUBACK
     * once this method has returned (on its own threads, which the SDK gives no signal of): a
     * disconnect asked for at once, even after resuming an async output, overtook it in
     * MqttEdgeSecurityIT, so it is asked for a short grace later.
     */
    private static void disconnectAfterRefusal(String clientId) {
        Services.extensionExecutorService()
                .schedule(
                        () -> Services.clientService()
                                .disconnectClient(
                                        clientId,
                                        true,
                                        DisconnectReasonCode.NOT_AUTHORIZED,
                                        "not authorized for this topic"),
                        REFUSAL_WRITE_GRACE.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    /**
     * Disconnects the gateway before the PUBACK is released, so that it is written to a closed
     * connection: no acknowledgement of any kind reaches the gateway, which sends the message again
     * on reconnect (the store keeps one copy).
     */
    private static void sendAgain(String clientId, String topic, Throwable error, Async<PubackOutboundOutput> async) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String why = cause instanceof TimeoutException
                ? "not committed within " + ReadingsInterceptor.COMMIT_WAIT.toSeconds() + " s"
                : cause instanceof IngestSlot.NotAccepting ? cause.getMessage() : cause.toString();
        LOG.warn(
                "Disconnecting gateway client '{}' so that it sends its message on {} again: {}", clientId, topic, why);
        Services.clientService()
                .disconnectClient(clientId, true, DisconnectReasonCode.SERVER_BUSY, "not stored yet, send again")
                .whenComplete((done, e) -> async.resume());
    }

    /**
     * A number for this connection, kept in its attribute store: a client id taken over by a new
     * connection reuses packet ids, which must not release the old connection's held PUBACKs. Only
     * HiveMQ's task for this client touches it, one task at a time.
     */
    private long connectionNumber(ConnectionInformation connection) {
        ConnectionAttributeStore attributes = connection.getConnectionAttributeStore();
        return attributes
                .get(CONNECTION_KEY)
                .map(b -> b.asReadOnlyBuffer().getLong())
                .orElseGet(() -> {
                    long n = connections.incrementAndGet();
                    attributes.put(
                            CONNECTION_KEY, ByteBuffer.allocate(Long.BYTES).putLong(0, n));
                    return n;
                });
    }
}

package io.coldchain.embedded.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.services.Services;
import io.coldchain.core.edge.InProcessIngest;
import io.coldchain.core.edge.IngestSlot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end acknowledgement on the embedded broker: a gateway's readings or SenML PUBLISH is
 * handed to ingest in this JVM, and HiveMQ sends the PUBACK only when ingest says the message is
 * committed. The message then goes no further (no subscription is involved, so no broker queue can
 * hold or lose it). A stored refusal is a committed message too.
 *
 * <p>While the backend starts, messages wait for ingest (bounded by the same wait). When ingest
 * cannot take the message (stopping) or does not commit it within
 * {@link #COMMIT_WAIT} (database away), the gateway is disconnected instead of answered: a PUBACK
 * with an error code is final for an MQTT 5 client, a dropped connection makes every client send
 * the message again.
 *
 * <p>A QoS 1 message (the gateways' case) is not held here: HiveMQ runs one interceptor task per
 * client at a time, so holding it here would allow one message per connection in flight. Its
 * PUBACK is held instead, by {@link AckAfterCommit}, and the connection keeps up to the broker's
 * receive maximum of messages in ingest.
 */
public final class ReadingsInterceptor implements PublishInboundInterceptor, BrokerExtension.Part {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingsInterceptor.class);
    /** How long a gateway waits for its commit before it is told (by a disconnect) to send again. */
    static final Duration COMMIT_WAIT = Duration.ofSeconds(30);
    /** HiveMQ's own limit, only a backstop: our wait ends first and answers with a disconnect. */
    private static final Duration HIVEMQ_LIMIT = COMMIT_WAIT.plusSeconds(60);
    /**
     * Payload bytes in ingest and not yet committed, over all connections: about 16,000 gateway-sized
     * messages (50 readings), far more than a commit needs, and a bound on the heap they take.
     */
    static final long MAX_IN_FLIGHT_BYTES = 64L << 20;

    /**
     * The bound on bytes in flight and how long a message may wait for room under it: at most
     * {@link #COMMIT_WAIT}, well inside HiveMQ's own limit, after which HiveMQ would answer the
     * PUBLISH itself while our waiter could still hand it over (to a packet id the client reuses).
     */
    public record Limits(long maxInFlightBytes, Duration budgetWait) {
        public static final Limits DEFAULT = new Limits(MAX_IN_FLIGHT_BYTES, COMMIT_WAIT);

        public Limits {
            if (budgetWait.isNegative() || budgetWait.isZero() || budgetWait.compareTo(COMMIT_WAIT) > 0) {
                throw new IllegalArgumentException(
                        "budget wait must be positive and at most " + COMMIT_WAIT + ": " + budgetWait);
            }
        }
    }

    private final InProcessIngest ingest;
    private final AckAfterCommit acks = new AckAfterCommit(HIVEMQ_LIMIT);
    private final InFlightBudget budget;
    private final Duration budgetWait;
    private final Counter budgetTimeouts;
    private ScheduledFuture<?> sweeper;
    /** Who may publish what (contract §5); empty only on a broker without security (tests). */
    private final Optional<BrokerSecurity> security;

    public ReadingsInterceptor(InProcessIngest ingest, Optional<BrokerSecurity> security, MeterRegistry registry) {
        this(ingest, security, registry, Limits.DEFAULT);
    }

    /** @param limits {@link Limits#DEFAULT} but in tests, which make the budget tiny */
    public ReadingsInterceptor(
            InProcessIngest ingest, Optional<BrokerSecurity> security, MeterRegistry registry, Limits limits) {
        this.ingest = ingest;
        this.security = security;
        this.budget = new InFlightBudget(limits.maxInFlightBytes());
        this.budgetWait = limits.budgetWait();
        this.budgetTimeouts = Counter.builder("coldchain.mqtt.embedded.budget.timeouts")
                .description("Gateway messages that found no room in flight in time; the gateway was disconnected")
                .register(registry);
        Gauge.builder("coldchain.mqtt.embedded.held.acks", acks, AckAfterCommit::size)
                .description("Gateway messages handed to ingest whose PUBACK waits for their commit")
                .register(registry);
        Gauge.builder("coldchain.mqtt.embedded.inflight.bytes", budget, InFlightBudget::used)
                .description("Payload bytes handed to ingest by the embedded broker and not yet committed")
                .baseUnit("bytes")
                .register(registry);
        FunctionCounter.builder("coldchain.mqtt.embedded.budget.waits", budget, InFlightBudget::waits)
                .description("Gateway messages that waited because too many bytes were in flight")
                .register(registry);
    }

    @Override
    public void register() {
        Services.initializerRegistry().setClientInitializer((init, client) -> {
            client.addPublishInboundInterceptor(this);
            client.addPubackOutboundInterceptor(acks);
        });
        // Held PUBACKs of connections that closed before HiveMQ wrote them are never asked for.
        sweeper = Services.extensionExecutorService()
                .scheduleAtFixedRate(() -> acks.sweep(HIVEMQ_LIMIT), 1, 1, TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        String topic = input.getPublishPacket().getTopic();
        String clientId = input.getClientInformation().getClientId();
        if (security.isPresent() && !security.get().mayPublish(input)) {
            // Checked here for every topic, not left to HiveMQ's authorizer: a publish taken and
            // acknowledged in-process never reaches it (a forged reading must never be stored), and
            // HiveMQ's own refusal disconnects at once, before the PUBACK 0x87 has passed the PUBACK
            // interceptor (AckAfterCommit), so an MQTT 5 client would never learn why.
            refuse(input, output, clientId);
            return;
        }
        if (!InProcessIngest.handles(topic)) {
            return;
        }
        Instant receivedAt = Instant.now();
        PublishPacket packet = input.getPublishPacket();
        byte[] payload = packet.getPayload().map(ReadingsInterceptor::bytes).orElse(new byte[0]);
        Message m = new Message(
                clientId,
                topic,
                payload,
                receivedAt,
                packet.getQos(),
                packet.getPacketId(),
                input.getConnectionInformation());
        CompletableFuture<Void> room = budget.take(payload.length);
        if (room.isDone()) {
            handOver(m, output, null);
            return;
        }
        // Too much in flight: this connection waits (HiveMQ holds its later messages behind this one),
        // but not past COMMIT_WAIT: a waiter still alive when HiveMQ's own limit answers the PUBLISH
        // would hand it over and hold a PUBACK under a packet id the client may have reused by then.
        // On timeout the budget drops the waiter (it takes nothing), and the gateway sends again.
        Async<PublishInboundOutput> async = output.async(HIVEMQ_LIMIT, TimeoutFallback.FAILURE);
        room.orTimeout(budgetWait.toMillis(), TimeUnit.MILLISECONDS).whenComplete((v, error) -> {
            if (error == null) {
                handOver(m, output, async);
            } else {
                budgetTimeouts.increment();
                sendAgain(
                        m.clientId(),
                        m.topic(),
                        "no room in flight within " + budgetWait.toMillis() + " ms",
                        output,
                        async);
            }
        });
    }

    private record Message(
            String clientId,
            String topic,
            byte[] payload,
            Instant receivedAt,
            Qos qos,
            int packetId,
            ConnectionInformation connection) {}

    /** @param waiting the output's async handle when the interceptor already went async, else null */
    private void handOver(Message m, PublishInboundOutput output, Async<PublishInboundOutput> waiting) {
        CompletableFuture<Void> committed = ingest.accept(m.topic(), m.payload(), m.receivedAt())
                .toCompletableFuture()
                .orTimeout(COMMIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        int size = m.payload().length;
        committed.whenComplete((v, error) -> budget.release(size));
        if (m.qos() == Qos.AT_LEAST_ONCE) {
            // The gateways' case: HiveMQ writes the PUBACK when this interceptor is done, and
            // AckAfterCommit holds it until the commit; the connection's next PUBLISH reaches ingest now.
            acks.hold(m.connection(), m.packetId(), m.topic(), committed);
            output.preventPublishDelivery(AckReasonCode.SUCCESS);
            if (waiting != null) {
                waiting.resume();
            }
            return;
        }
        // QoS 0 (no acknowledgement at all) and QoS 2 (PUBREC, rare for gateways): the interceptor
        // itself waits for the commit, one message per connection at a time.
        Async<PublishInboundOutput> async =
                waiting != null ? waiting : output.async(HIVEMQ_LIMIT, TimeoutFallback.FAILURE);
        committed.whenComplete((v, error) -> {
            if (error == null) {
                output.preventPublishDelivery(AckReasonCode.SUCCESS);
                async.resume();
            } else {
                sendAgain(m.clientId(), m.topic(), why(error), output, async);
            }
        });
    }

    /**
     * A publish outside the credential's topics: PUBACK 0x87 and then the connection closed (MQTT 5),
     * or the connection closed without any acknowledgement (3.1.1 has no negative PUBACK), as HiveMQ
     * itself answers a failed authorization.
     */
    private static void refuse(PublishInboundInput input, PublishInboundOutput output, String clientId) {
        if (input.getConnectionInformation().getMqttVersion() == MqttVersion.V_5) {
            // The disconnect is started by AckAfterCommit when this PUBACK 0x87 passes it: the
            // PUBACK may wait there behind PUBACKs held for their commits, which a timer here
            // could not know (it overtook the 0x87 when commits were slow).
            output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "not authorized for this topic");
            return;
        }
        Async<PublishInboundOutput> async = output.async(HIVEMQ_LIMIT, TimeoutFallback.FAILURE);
        Services.clientService().disconnectClient(clientId, true).whenComplete((done, e) -> {
            output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED);
            async.resume();
        });
    }

    /**
     * Disconnects the gateway before releasing the held PUBLISH, so that no acknowledgement of any
     * kind reaches it: on reconnect it sends the message again (the store keeps one copy).
     */
    private static void sendAgain(
            String clientId, String topic, String why, PublishInboundOutput output, Async<PublishInboundOutput> async) {
        LOG.warn(
                "Disconnecting gateway client '{}' so that it sends its message on {} again: {}", clientId, topic, why);
        Services.clientService()
                .disconnectClient(clientId, true, DisconnectReasonCode.SERVER_BUSY, "not stored yet, send again")
                .whenComplete((done, e) -> {
                    output.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, "not stored");
                    async.resume();
                });
    }

    private static String why(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof TimeoutException
                ? "not committed within " + COMMIT_WAIT.toSeconds() + " s"
                : cause instanceof IngestSlot.NotAccepting ? cause.getMessage() : cause.toString();
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer copy = b.asReadOnlyBuffer();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}

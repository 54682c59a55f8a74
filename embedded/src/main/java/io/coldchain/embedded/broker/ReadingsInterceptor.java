package io.coldchain.embedded.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import io.coldchain.core.edge.InProcessIngest;
import io.coldchain.core.edge.IngestSlot;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
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
 * the message again. HiveMQ runs one interceptor task per client at a time, so a gateway
 * connection has at most one message waiting here.
 */
public final class ReadingsInterceptor implements PublishInboundInterceptor, BrokerExtension.Part {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingsInterceptor.class);
    /** How long a gateway waits for its commit before it is told (by a disconnect) to send again. */
    static final Duration COMMIT_WAIT = Duration.ofSeconds(30);
    /** HiveMQ's own limit, only a backstop: our wait ends first and answers with a disconnect. */
    private static final Duration HIVEMQ_LIMIT = COMMIT_WAIT.plusSeconds(60);

    private final InProcessIngest ingest;
    /** Who may publish what (contract §5); empty only on a broker without security (tests). */
    private final Optional<BrokerSecurity> security;

    public ReadingsInterceptor(InProcessIngest ingest, Optional<BrokerSecurity> security) {
        this.ingest = ingest;
        this.security = security;
    }

    @Override
    public void register() {
        Services.initializerRegistry()
                .setClientInitializer((init, client) -> client.addPublishInboundInterceptor(this));
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        String topic = input.getPublishPacket().getTopic();
        if (!InProcessIngest.handles(topic)) {
            return;
        }
        String clientId = input.getClientInformation().getClientId();
        if (security.isPresent() && !security.get().mayPublish(input)) {
            // Checked here, not left to HiveMQ's authorizer: a publish taken and acknowledged in-process
            // never reaches it, and a forged reading must never be stored.
            refuse(input, output, clientId);
            return;
        }
        Instant receivedAt = Instant.now();
        byte[] payload = input.getPublishPacket()
                .getPayload()
                .map(ReadingsInterceptor::bytes)
                .orElse(new byte[0]);
        Async<PublishInboundOutput> async = output.async(HIVEMQ_LIMIT, TimeoutFallback.FAILURE);
        ingest.accept(topic, payload, receivedAt)
                .toCompletableFuture()
                .orTimeout(COMMIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, error) -> {
                    if (error == null) {
                        output.preventPublishDelivery(AckReasonCode.SUCCESS);
                        async.resume();
                    } else {
                        sendAgain(clientId, topic, error, output, async);
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
            output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "not authorized for this topic");
            // After the PUBACK has gone out with this interceptor's return.
            Services.extensionExecutorService()
                    .schedule(
                            () -> Services.clientService()
                                    .disconnectClient(
                                            clientId,
                                            true,
                                            DisconnectReasonCode.NOT_AUTHORIZED,
                                            "not authorized for this topic"),
                            200,
                            TimeUnit.MILLISECONDS);
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
            String clientId,
            String topic,
            Throwable error,
            PublishInboundOutput output,
            Async<PublishInboundOutput> async) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String why = cause instanceof TimeoutException
                ? "not committed within " + COMMIT_WAIT.toSeconds() + " s"
                : cause instanceof IngestSlot.NotAccepting ? cause.getMessage() : cause.toString();
        LOG.warn(
                "Disconnecting gateway client '{}' so that it sends its message on {} again: {}", clientId, topic, why);
        Services.clientService()
                .disconnectClient(clientId, true, DisconnectReasonCode.SERVER_BUSY, "not stored yet, send again")
                .whenComplete((done, e) -> {
                    output.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, "not stored");
                    async.resume();
                });
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer copy = b.asReadOnlyBuffer();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}

package io.coldchain.ingest.edge;

import io.coldchain.core.model.RejectReason;
import io.coldchain.core.model.Rejection;
import io.coldchain.ingest.codec.DecodeResult;
import io.coldchain.ingest.codec.GatewayTopic;
import io.coldchain.ingest.codec.MessageDecoder;
import io.coldchain.ingest.write.InboundMessage;
import io.coldchain.ingest.write.IngestMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topic and payload to an {@link InboundMessage}, counted and logged once: the one decode step
 * shared by every way a message reaches ingest (the MQTT consumer, the embedded broker's
 * interceptor), so both paths store exactly the same readings and refusals.
 */
public final class InboundFactory {
    private static final Logger LOG = LoggerFactory.getLogger(InboundFactory.class);

    private final MessageDecoder decoder;
    private final IngestMetrics metrics;

    public InboundFactory(Clock clock, IngestMetrics metrics) {
        this.decoder = new MessageDecoder(clock);
        this.metrics = metrics;
    }

    public InboundMessage decode(
            String topic, byte[] payload, Instant receivedAt, long receivedNanos, Runnable onCommitted) {
        Optional<GatewayTopic> parsed = GatewayTopic.parse(topic);
        if (parsed.isPresent() && parsed.get().kind() == GatewayTopic.Kind.STATUS) {
            metrics.received("status");
            Optional<Boolean> online = MessageDecoder.decodeStatus(payload);
            return InboundMessage.status(
                    topic,
                    payload,
                    receivedAt,
                    receivedNanos,
                    parsed.get(),
                    online.orElse(null),
                    online.isPresent()
                            ? null
                            : new Rejection(
                                    RejectReason.INVALID_SHAPE,
                                    "online",
                                    "a status message is {\"online\": true|false}"),
                    onCommitted);
        }
        metrics.received(parsed.map(t -> t.kind().name().toLowerCase()).orElse("invalid"));
        DecodeResult decoded = decoder.decode(topic, payload, receivedAt);
        logRejections(topic, decoded);
        return InboundMessage.readings(topic, payload, receivedAt, receivedNanos, decoded, onCommitted);
    }

    private static void logRejections(String topic, DecodeResult d) {
        if (d.messageRejection() != null) {
            LOG.info("Rejected message on {}: {}", topic, d.messageRejection());
        } else if (!d.rejected().isEmpty() && LOG.isDebugEnabled()) {
            LOG.debug(
                    "Rejected {} of {} readings on {} (first: {} sensor {})",
                    d.rejected().size(),
                    d.rejected().size() + d.accepted().size(),
                    topic,
                    d.rejected().get(0).rejection(),
                    d.rejected().get(0).sensor());
        }
    }
}

package io.coldchain.ingest.write;

import io.coldchain.core.model.Rejection;
import io.coldchain.ingest.codec.DecodeResult;
import io.coldchain.ingest.codec.GatewayTopic;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * One MQTT message on its way to the database: what the edge decoded from it, and the callback
 * that acknowledges it to the broker once everything in it is committed. No MQTT types cross
 * this line: the edge wraps its acknowledgement in {@code onCommitted}.
 *
 * @param decoded for readings and SenML topics; null for a status message
 * @param statusOnline for a valid status message; null otherwise
 * @param statusRejection why a status message was refused; null otherwise
 * @param receivedNanos {@link System#nanoTime()} at arrival, for receive-to-commit lag
 */
public record InboundMessage(
        String topic,
        byte[] payload,
        Instant receivedAt,
        long receivedNanos,
        DecodeResult decoded,
        GatewayTopic statusTopic,
        Boolean statusOnline,
        Rejection statusRejection,
        Runnable onCommitted) {

    public static InboundMessage readings(
            String topic, byte[] payload, Instant receivedAt, long nanos, DecodeResult decoded, Runnable onCommitted) {
        return new InboundMessage(topic, payload, receivedAt, nanos, decoded, null, null, null, onCommitted);
    }

    public static InboundMessage status(
            String topic,
            byte[] payload,
            Instant receivedAt,
            long nanos,
            GatewayTopic statusTopic,
            Boolean online,
            Rejection rejection,
            Runnable onCommitted) {
        return new InboundMessage(topic, payload, receivedAt, nanos, null, statusTopic, online, rejection, onCommitted);
    }

    public int readingCount() {
        return decoded == null ? 0 : decoded.accepted().size();
    }

    /** The message refused whole, or null. */
    public Rejection messageRejection() {
        return decoded != null ? decoded.messageRejection() : statusRejection;
    }

    /** SHA-256 of topic and payload: a redelivered message has the same digest, so its rejections are recorded once. */
    public byte[] digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(topic.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(payload);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

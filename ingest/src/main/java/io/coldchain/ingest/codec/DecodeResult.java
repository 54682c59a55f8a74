package io.coldchain.ingest.codec;

import io.coldchain.core.model.Reading;
import io.coldchain.core.model.RejectedReading;
import io.coldchain.core.model.Rejection;
import java.util.List;
import java.util.Objects;

/**
 * What one MQTT message decoded to. Either the whole message is refused ({@link
 * #messageRejection()} set, both lists empty), or every reading it carried is in exactly one of
 * {@link #accepted()} and {@link #rejected()}: nothing is dropped without a reason.
 *
 * @param topic the parsed topic, or null when the topic itself was invalid
 * @param accepted readings that passed validation, in message order
 * @param rejected refused readings (JSON form) or records (SenML), ordered by index
 * @param messageRejection why the whole message was refused, or null
 * @param seq the message's sequence number (JSON form), or null
 */
public record DecodeResult(
        GatewayTopic topic,
        List<Reading> accepted,
        List<RejectedReading> rejected,
        Rejection messageRejection,
        Long seq) {

    public DecodeResult {
        accepted = List.copyOf(Objects.requireNonNullElse(accepted, List.of()));
        rejected = List.copyOf(Objects.requireNonNullElse(rejected, List.of()));
        if (messageRejection != null && (!accepted.isEmpty() || !rejected.isEmpty())) {
            throw new IllegalArgumentException("a refused message carries no readings");
        }
    }

    /** A whole-message refusal. */
    public static DecodeResult refusal(GatewayTopic topic, Rejection why) {
        return new DecodeResult(topic, List.of(), List.of(), Objects.requireNonNull(why), null);
    }

    /** True when the whole message was refused. */
    public boolean refused() {
        return messageRejection != null;
    }

    /** True when the message was taken whole: nothing refused at any level. */
    public boolean clean() {
        return messageRejection == null && rejected.isEmpty();
    }
}

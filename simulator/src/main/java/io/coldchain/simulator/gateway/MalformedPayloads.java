package io.coldchain.simulator.gateway;

import io.coldchain.core.model.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One bad message per refusal reason of the contract, as buggy or hostile gateways send them. Each
 * carries only bad readings (or readings of sensors no scenario defines), so whatever the backend
 * does with it, the readings it stores and the alerts it raises are unchanged: every one must end
 * up in the rejections list, nothing else.
 */
public final class MalformedPayloads {
    /** A message to publish. */
    public record Message(RejectReason reason, String topic, byte[] payload) {}

    /** Every reason a gateway can cause ({@code store_failed} is the database's, not a payload's). */
    public static final List<RejectReason> KINDS = Arrays.stream(RejectReason.values())
            .filter(r -> r != RejectReason.STORE_FAILED)
            .toList();

    private MalformedPayloads() {}

    /**
     * A message refused for {@code reason}. {@code ts} is a time for the (refused) readings;
     * {@code foreignSensor} is a sensor registered to another gateway, or null when there is none
     * (then {@code sensor_bound_elsewhere} falls back to an invalid sensor id).
     */
    public static Message make(RejectReason reason, String tenant, String gateway, Instant ts, String foreignSensor) {
        String topic = Payloads.readingsTopic(tenant, gateway);
        String bogus = gateway + "-bogus";
        String good = "{\"sensor\":\"" + bogus + "\",\"ts\":\"" + ts + "\",\"temp_c\":4.0}";
        String body = switch (reason) {
            case INVALID_TOPIC -> {
                // Matches the backend's subscription (+ for the gateway) but is not a valid identifier.
                topic = "coldchain/v1/" + tenant + "/" + gateway + "!/readings";
                yield wrap(gateway, good);
            }
            case PAYLOAD_TOO_LARGE -> wrap(gateway, good) + " ".repeat(257 * 1024);
            case INVALID_JSON -> "{\"gateway\":\"" + gateway + "\",\"readings\":[{\"sensor\":";
            case INVALID_SHAPE -> "{\"gateway\":\"" + gateway + "\",\"readings\":{\"sensor\":\"" + bogus + "\"}}";
            case TOO_MANY_READINGS -> wrap(gateway, String.join(",", java.util.Collections.nCopies(1001, good)));
            case NO_READINGS -> "{\"gateway\":\"" + gateway + "\",\"readings\":[]}";
            case GATEWAY_MISMATCH -> wrap(gateway + "-other", good);
            case MISSING_FIELD -> wrap(gateway, "{\"sensor\":\"" + bogus + "\",\"ts\":\"" + ts + "\"}");
            case INVALID_FIELD ->
                wrap(gateway, "{\"sensor\":\"" + bogus + "\",\"ts\":\"" + ts + "\",\"temp_c\":\"cold\"}");
            case INVALID_SENSOR -> wrap(gateway, "{\"sensor\":\"probe #1\",\"ts\":\"" + ts + "\",\"temp_c\":4.0}");
            case INVALID_TIMESTAMP ->
                wrap(gateway, "{\"sensor\":\"" + bogus + "\",\"ts\":\"yesterday 10:00\",\"temp_c\":4.0}");
            // A fixed far-future time keeps the payload a function of the seed alone.
            case FUTURE_TIMESTAMP ->
                wrap(gateway, "{\"sensor\":\"" + bogus + "\",\"ts\":\"2099-01-01T00:00:00Z\",\"temp_c\":4.0}");
            case OUT_OF_RANGE -> wrap(gateway, "{\"sensor\":\"" + bogus + "\",\"ts\":\"" + ts + "\",\"temp_c\":150.0}");
            case UNKNOWN_UNIT -> {
                topic = Payloads.senmlTopic(tenant, gateway);
                yield "[{\"bn\":\"" + bogus + "/\",\"bt\":" + ts.getEpochSecond()
                        + ",\"n\":\"temp\",\"u\":\"K\",\"v\":277.15}]";
            }
            case SENSOR_BOUND_ELSEWHERE ->
                foreignSensor == null
                        ? wrap(gateway, "{\"sensor\":\"probe #1\",\"ts\":\"" + ts + "\",\"temp_c\":4.0}")
                        // A time no scenario uses, so the genuine reading of that sensor is never shadowed.
                        : wrap(
                                gateway,
                                "{\"sensor\":\"" + foreignSensor
                                        + "\",\"ts\":\"2001-01-01T00:00:00Z\",\"temp_c\":4.0}");
            case STORE_FAILED ->
                throw new IllegalArgumentException("store_failed is the database's refusal, not a payload's");
        };
        return new Message(reason, topic, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String wrap(String gateway, String readings) {
        return "{\"gateway\":\"" + gateway + "\",\"readings\":[" + readings + "]}";
    }
}

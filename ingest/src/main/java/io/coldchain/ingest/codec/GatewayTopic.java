package io.coldchain.ingest.codec;

import io.coldchain.core.model.Ids;
import java.util.Objects;
import java.util.Optional;

/**
 * A gateway's publish topic, {@code coldchain/v1/{tenant}/{gateway}/readings|senml|status}. The
 * tenant and gateway come from the topic, never from the payload: the broker's ACL on the topic is
 * what authenticates them.
 */
public record GatewayTopic(String tenant, String gateway, Kind kind) {
    public static final String PREFIX = "coldchain/v1/";

    /** The last topic level: which payload form the message carries. */
    public enum Kind {
        READINGS("readings"),
        SENML("senml"),
        STATUS("status");

        private final String segment;

        Kind(String segment) {
            this.segment = segment;
        }

        /** The topic level as it appears on the wire. */
        public String segment() {
            return segment;
        }

        static Kind ofSegment(String segment) {
            for (Kind kind : values()) {
                if (kind.segment.equals(segment)) {
                    return kind;
                }
            }
            return null;
        }
    }

    public GatewayTopic {
        Objects.requireNonNull(kind, "kind");
        if (!Ids.isValid(tenant) || !Ids.isValid(gateway)) {
            throw new IllegalArgumentException("tenant and gateway must be valid identifiers");
        }
    }

    /**
     * Parses a topic exactly: five levels, the fixed prefix, valid identifiers, a known last level.
     * Anything else (wildcards, extra levels, empty levels) is empty.
     */
    public static Optional<GatewayTopic> parse(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int tenantEnd = topic.indexOf('/', PREFIX.length());
        int gatewayEnd = tenantEnd < 0 ? -1 : topic.indexOf('/', tenantEnd + 1);
        if (gatewayEnd < 0) {
            return Optional.empty();
        }
        Kind kind = Kind.ofSegment(topic.substring(gatewayEnd + 1));
        String tenant = topic.substring(PREFIX.length(), tenantEnd);
        String gateway = topic.substring(tenantEnd + 1, gatewayEnd);
        if (kind == null || !Ids.isValid(tenant) || !Ids.isValid(gateway)) {
            return Optional.empty();
        }
        return Optional.of(new GatewayTopic(tenant, gateway, kind));
    }

    /** The MQTT subscription filter matching every gateway's topics of one kind. */
    public static String filter(Kind kind) {
        return PREFIX + "+/+/" + kind.segment();
    }

    /** The topic this value was parsed from. */
    public String toTopic() {
        return PREFIX + tenant + '/' + gateway + '/' + kind.segment();
    }
}

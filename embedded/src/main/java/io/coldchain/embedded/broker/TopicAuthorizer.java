package io.coldchain.embedded.broker;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import io.coldchain.core.credential.MqttIdentity;
import io.coldchain.core.model.Ids;
import io.coldchain.embedded.broker.AuthRefusals.Reason;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISH and SUBSCRIBE, per the identity the connection logged in with (contract §5):
 * <ul>
 *   <li>a {@code gateway} credential N of tenant T publishes only {@code coldchain/v1/T/N/readings},
 *       {@code …/senml} and {@code …/status} (its Last Will included) and subscribes to nothing;
 *   <li>an {@code alerts} credential of T subscribes only to {@code coldchain/v1/T/alerts} and
 *       publishes nothing;
 *   <li>the backend may do anything: it alone holds the share group, the readings filters and the
 *       alert topics.
 * </ul>
 * A refused publish is PUBACK 0x87 for MQTT 5 (QoS 1) and a disconnect for 3.1.1, which has no
 * negative PUBACK; a refused subscription is SUBACK 0x87 (MQTT 5) or 0x80 (3.1.1): HiveMQ's answers to
 * {@code failAuthorization()}. So on this broker the gateway in a topic is always the authenticated
 * one: ingest can trust it.
 */
final class TopicAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAuthorizer.class);
    private static final String IDENTITY = "coldchain.identity";
    private static final String LOGGED = "coldchain.refusal-logged";

    private final AuthRefusals refusals;

    TopicAuthorizer(AuthRefusals refusals) {
        this.refusals = refusals;
    }

    /** Keeps who logged in on the connection, for the checks below. */
    static void remember(ConnectionAttributeStore store, MqttIdentity identity) {
        store.putAsString(IDENTITY, identity.kind().name() + "\n" + identity.tenant() + "\n" + identity.name());
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        Optional<MqttIdentity> who = identity(input);
        String topic = input.getPublishPacket().getTopic();
        if (who.isPresent() && mayPublish(who.get(), topic)) {
            output.authorizeSuccessfully();
            return;
        }
        refused(input, Reason.PUBLISH, who, topic);
        output.failAuthorization();
    }

    /** The publish rule for a PUBLISH seen by an inbound interceptor; a refusal is counted and logged as above. */
    boolean admits(com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput input) {
        Optional<MqttIdentity> who = identity(input);
        String topic = input.getPublishPacket().getTopic();
        if (who.isPresent() && mayPublish(who.get(), topic)) {
            return true;
        }
        refused(input, Reason.PUBLISH, who, topic);
        return false;
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        Optional<MqttIdentity> who = identity(input);
        String filter = input.getSubscription().getTopicFilter();
        if (who.isPresent() && maySubscribe(who.get(), filter)) {
            output.authorizeSuccessfully();
            return;
        }
        refused(input, Reason.SUBSCRIBE, who, filter);
        output.failAuthorization();
    }

    static boolean mayPublish(MqttIdentity who, String topic) {
        return switch (who.kind()) {
            case BACKEND -> true;
            case ALERTS -> false;
            case GATEWAY -> {
                String own = "coldchain/v1/" + who.tenant() + "/" + who.name() + "/";
                yield topic.startsWith(own)
                        && switch (topic.substring(own.length())) {
                            case "readings", "senml", "status" -> true;
                            default -> false;
                        };
            }
        };
    }

    static boolean maySubscribe(MqttIdentity who, String filter) {
        return switch (who.kind()) {
            case BACKEND -> true;
            case GATEWAY -> false;
            case ALERTS -> filter.equals("coldchain/v1/" + who.tenant() + "/alerts");
        };
    }

    /** Logged once per connection (a misconfigured gateway would otherwise log every message), counted always. */
    private void refused(ClientBasedInput input, Reason reason, Optional<MqttIdentity> who, String topic) {
        refusals.count(reason);
        ConnectionAttributeStore store = input.getConnectionInformation().getConnectionAttributeStore();
        if (store.getAsString(LOGGED).isEmpty()) {
            store.putAsString(LOGGED, "1");
            LOG.warn(
                    "MQTT {} refused: client {} tenant {} credential {} ({}) on {} (further refusals of this connection are "
                            + "only counted)",
                    reason == Reason.PUBLISH ? "publish" : "subscription",
                    Ids.describe(input.getClientInformation().getClientId()),
                    who.map(MqttIdentity::tenant).orElse("?"),
                    who.map(MqttIdentity::name).orElse("?"),
                    who.map(w -> w.kind().name().toLowerCase()).orElse("none"),
                    Ids.describe(topic));
        }
    }

    private static Optional<MqttIdentity> identity(ClientBasedInput input) {
        return input.getConnectionInformation()
                .getConnectionAttributeStore()
                .getAsString(IDENTITY)
                .map(s -> {
                    String[] p = s.split("\n", -1);
                    return new MqttIdentity(p[1], p[2], MqttIdentity.Kind.valueOf(p[0]));
                });
    }

    /** The tenant and name of a user name {@code {tenant}/{name}}, sanitised for a log line. */
    static String[] tenantAndName(String username) {
        int slash = username.indexOf('/');
        return slash < 0
                ? new String[] {"?", Ids.describe(username)}
                : new String[] {Ids.describe(username.substring(0, slash)), Ids.describe(username.substring(slash + 1))
                };
    }
}

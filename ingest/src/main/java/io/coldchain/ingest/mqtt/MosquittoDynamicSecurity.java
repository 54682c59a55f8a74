package io.coldchain.ingest.mqtt;

import io.coldchain.core.config.MqttOptions;
import io.coldchain.core.credential.MqttCredentialEvents;
import io.coldchain.core.credential.MqttIdentity;
import io.coldchain.core.error.ColdchainException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an external Mosquitto's dynamic-security plugin in step with the credentials the backend
 * issues (contract §5), through {@code $CONTROL/dynamic-security/v1} as the configured admin
 * ({@code mqtt.dynsec.username}):
 * <ul>
 *   <li>a gateway credential {@code T/N} gets a role of its own that may publish only to
 *       {@code coldchain/v1/T/N/readings}, {@code …/senml} and {@code …/status};</li>
 *   <li>an alerts credential gets a role that may subscribe only to {@code coldchain/v1/T/alerts};</li>
 *   <li>the backend's own client ({@code mqtt.username}) is created at start with a role that
 *       subscribes to the gateway topics (plain or in its share group) and publishes alerts.</li>
 * </ul>
 * Everything else is refused by the plugin's default access (publish and subscribe denied).
 * Revoking deletes the client, which the plugin disconnects at once. Mosquitto keeps one password
 * per client: a rotation replaces it at once (no grace period for new connections; connected
 * clients stay connected).
 *
 * <p>Calls block (up to 10 s per command batch): call them off the event loop. The plain password
 * only passes through here to the broker; it is never logged.
 */
public final class MosquittoDynamicSecurity implements MqttCredentialEvents, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MosquittoDynamicSecurity.class);
    static final String CONTROL = "$CONTROL/dynamic-security/v1";
    static final String RESPONSE = CONTROL + "/response";
    public static final String BACKEND_ROLE = "coldchain-backend";

    private final MqttOptions options;
    private final Map<String, CompletableFuture<JsonArray>> waiting = new ConcurrentHashMap<>();
    private MqttClient admin;

    public MosquittoDynamicSecurity(MqttOptions options) {
        if (!options.dynsec()) {
            throw new IllegalArgumentException("mqtt.dynsec.username is not set");
        }
        this.options = options;
    }

    /** Connects as the dynamic-security admin and makes sure the backend's own client and role exist. Blocking. */
    public MosquittoDynamicSecurity start() {
        try {
            admin = new MqttClient(options.brokerUrl(), options.clientId() + "-dynsec", new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setAutomaticReconnect(true);
            o.setAutomaticReconnectDelay(1, 5);
            o.setUserName(options.dynsecUsername().orElseThrow());
            o.setPassword(options.dynsecPassword().orElseThrow().getBytes(StandardCharsets.UTF_8));
            // A callback, not a per-subscription listener: Paho 1.2.5's MqttClient.subscribe(topic, qos,
            // listener) calls itself until the stack overflows.
            admin.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override
                public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {
                    LOG.warn("Dynamic-security admin connection lost ({}); reconnecting", response.getReasonString());
                }

                @Override
                public void mqttErrorOccurred(MqttException exception) {
                    LOG.warn("Dynamic-security admin connection: {}", exception.getMessage());
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    answered(message);
                }

                @Override
                public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {}

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {
                    if (reconnect) {
                        try {
                            admin.subscribe(RESPONSE, 1);
                        } catch (MqttException e) {
                            LOG.warn("Dynamic-security responses not subscribed again: {}", e.getMessage());
                        }
                    }
                }

                @Override
                public void authPacketArrived(
                        int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {}
            });
            admin.connect(o);
            admin.subscribe(RESPONSE, 1);
        } catch (MqttException e) {
            throw new IllegalStateException(
                    "Cannot manage Mosquitto's dynamic security at " + options.brokerUrl() + " as '"
                            + options.dynsecUsername().orElse("") + "' (" + e.getMessage()
                            + "); check COLDCHAIN_MQTT_DYNSEC_USERNAME and"
                            + " COLDCHAIN_MQTT_DYNSEC_PASSWORD, and that the broker loads mosquitto_dynamic_security.so",
                    e);
        }
        ensureBackend();
        return this;
    }

    /**
     * The backend's role (created, or its ACLs added again: both idempotent) and, when the backend
     * connects with a user name, its client with the configured password.
     */
    private void ensureBackend() {
        JsonArray acls = new JsonArray();
        String share = options.shared() ? "$share/" + options.shareGroup() + "/" : "";
        for (String filter : List.of(
                MqttIngestVerticle.READINGS_FILTER,
                MqttIngestVerticle.SENML_FILTER,
                MqttIngestVerticle.STATUS_FILTER)) {
            acls.add(acl("subscribePattern", filter));
            if (!share.isEmpty()) {
                acls.add(acl("subscribePattern", share + filter));
            }
        }
        acls.add(acl("publishClientSend", "coldchain/v1/+/alerts"));
        JsonArray commands = new JsonArray()
                .add(new JsonObject()
                        .put("command", "createRole")
                        .put("rolename", BACKEND_ROLE)
                        .put("textname", "Coldchain backend: consumes gateway topics, publishes alerts")
                        .put("acls", acls));
        for (Object a : acls) {
            commands.add(((JsonObject) a).copy().put("command", "addRoleACL").put("rolename", BACKEND_ROLE));
        }
        run(commands, "the backend's own role");
        options.username().ifPresent(this::ensureBackendClient);
        LOG.info(
                "Mosquitto dynamic security: backend role '{}' ready{}",
                BACKEND_ROLE,
                options.username().map(u -> " for client '" + u + "'").orElse(""));
    }

    /**
     * The backend's client with the configured password and its role. An existing client gets the
     * password again, and the role only if it lacks it (2.0.11 answers "Internal error" to adding a
     * role a client already has).
     */
    private void ensureBackendClient(String user) {
        String password = options.password().orElse("");
        JsonArray created = run(
                new JsonArray()
                        .add(new JsonObject()
                                .put("command", "createClient")
                                .put("username", user)
                                .put("password", password)
                                .put("roles", new JsonArray().add(role(BACKEND_ROLE)))),
                "creating the backend's client");
        if (((JsonObject) created.getValue(0)).getString("error") == null) {
            return;
        }
        run(
                new JsonArray()
                        .add(new JsonObject()
                                .put("command", "setClientPassword")
                                .put("username", user)
                                .put("password", password)),
                "setting the backend's password");
        JsonArray client = run(
                new JsonArray().add(new JsonObject().put("command", "getClient").put("username", user)),
                "reading the backend's client");
        JsonObject data = ((JsonObject) client.getValue(0))
                .getJsonObject("data", new JsonObject())
                .getJsonObject("client", new JsonObject());
        boolean hasRole = data.getJsonArray("roles", new JsonArray()).stream()
                .anyMatch(r -> r instanceof JsonObject o && BACKEND_ROLE.equals(o.getString("rolename")));
        if (!hasRole) {
            run(
                    new JsonArray()
                            .add(new JsonObject()
                                    .put("command", "addClientRole")
                                    .put("username", user)
                                    .put("rolename", BACKEND_ROLE)
                                    .put("priority", -1)),
                    "giving the backend its role");
        }
    }

    /** The role a tenant credential gets, named after its user name. */
    static String roleName(MqttIdentity id) {
        return "coldchain:" + id.kind().name().toLowerCase() + ":" + id.username();
    }

    /** The ACLs of a tenant credential's role (contract §5). */
    static JsonArray aclsOf(MqttIdentity id) {
        String base = "coldchain/v1/" + id.tenant() + "/";
        JsonArray acls = new JsonArray();
        switch (id.kind()) {
            case GATEWAY -> {
                for (String leaf : List.of("readings", "senml", "status")) {
                    acls.add(acl("publishClientSend", base + id.name() + "/" + leaf));
                }
            }
            case ALERTS -> {
                acls.add(acl("subscribeLiteral", base + "alerts"));
                acls.add(acl("subscribePattern", base + "alerts"));
            }
            case BACKEND -> throw new IllegalArgumentException("the backend's own client is not issued");
        }
        return acls;
    }

    @Override
    public void issued(MqttIdentity identity, char[] password) {
        String role = roleName(identity);
        JsonArray commands = new JsonArray()
                .add(new JsonObject()
                        .put("command", "createRole")
                        .put("rolename", role)
                        .put(
                                "textname",
                                identity.kind().name().toLowerCase() + " credential of tenant " + identity.tenant())
                        .put("acls", aclsOf(identity)))
                .add(new JsonObject()
                        .put("command", "createClient")
                        .put("username", identity.username())
                        .put("password", new String(password))
                        .put("roles", new JsonArray().add(role(role))));
        run(commands, "issuing " + identity.username());
        LOG.info("Mosquitto dynamic security: client '{}' ({}) created", identity.username(), identity.kind());
    }

    @Override
    public void rotated(MqttIdentity identity, char[] password, Instant oldValidUntil) {
        run(
                new JsonArray()
                        .add(new JsonObject()
                                .put("command", "setClientPassword")
                                .put("username", identity.username())
                                .put("password", new String(password))),
                "rotating " + identity.username());
        LOG.info(
                "Mosquitto dynamic security: password of '{}' replaced (Mosquitto keeps no grace period)",
                identity.username());
    }

    @Override
    public void revoked(MqttIdentity identity) {
        // Deleting the client disconnects its connections; the role goes with it.
        run(
                new JsonArray()
                        .add(new JsonObject().put("command", "deleteClient").put("username", identity.username()))
                        .add(new JsonObject().put("command", "deleteRole").put("rolename", roleName(identity))),
                "revoking " + identity.username());
        LOG.info("Mosquitto dynamic security: client '{}' deleted and disconnected", identity.username());
    }

    private static JsonObject acl(String type, String topic) {
        return new JsonObject()
                .put("acltype", type)
                .put("topic", topic)
                .put("priority", 0)
                .put("allow", true);
    }

    private static JsonObject role(String name) {
        return new JsonObject().put("rolename", name).put("priority", -1);
    }

    /**
     * Sends the commands in one message and waits for their answers. "Already exists" answers are
     * fine (start-up and retries are idempotent); "not found" too on revocation; anything else fails.
     */
    private JsonArray run(JsonArray commands, String what) {
        String correlation = UUID.randomUUID().toString();
        for (Object c : commands) {
            ((JsonObject) c).put("correlationData", correlation);
        }
        CompletableFuture<JsonArray> answer = new CompletableFuture<>();
        waiting.put(correlation, answer);
        try {
            // Paho reconnects the admin by itself after a broker restart: give it a few seconds.
            for (int i = 0; i < 50 && !admin.isConnected(); i++) {
                Thread.sleep(100);
            }
            MqttMessage m = new MqttMessage(
                    new JsonObject().put("commands", commands).encode().getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            admin.publish(CONTROL, m);
            JsonArray responses = answer.get(10, TimeUnit.SECONDS);
            for (Object r : responses) {
                JsonObject response = (JsonObject) r;
                String error = response.getString("error");
                if (error != null && !tolerated(error)) {
                    throw new ColdchainException(
                            502,
                            "broker_refused",
                            "Mosquitto refused " + response.getString("command") + " while " + what + ": " + error);
                }
            }
            return responses;
        } catch (ColdchainException e) {
            throw e;
        } catch (Exception e) {
            throw ColdchainException.unavailable(
                    "Mosquitto's dynamic security did not answer while " + what + ": " + e.getMessage(), e);
        } finally {
            waiting.remove(correlation);
        }
    }

    private static boolean tolerated(String error) {
        String e = error.toLowerCase();
        return e.contains("already exists") || e.contains("not found");
    }

    /** A response message: its answers carry the correlation data of the batch they belong to. */
    private void answered(MqttMessage message) {
        JsonObject body;
        try {
            body = new JsonObject(new String(message.getPayload(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.warn("Unreadable dynamic-security response: {}", e.getMessage());
            return;
        }
        JsonArray responses = body.getJsonArray("responses", new JsonArray());
        if (responses.isEmpty()) {
            return;
        }
        String correlation = ((JsonObject) responses.getValue(0)).getString("correlationData");
        CompletableFuture<JsonArray> f = correlation == null ? null : waiting.get(correlation);
        if (f != null) {
            f.complete(responses);
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            try {
                if (admin.isConnected()) {
                    admin.disconnect();
                }
                admin.close();
            } catch (MqttException e) {
                LOG.debug("dynsec admin close: {}", e.getMessage());
            }
        }
    }
}

package io.coldchain.simulator.gateway;

/**
 * A gateway's connection to the broker, as the simulation sees it. The simulation calls it from
 * one thread, in simulated-time order, so the sequence of calls is a pure function of the scenario
 * and the seed; {@link RecordingLinks} captures it without a broker.
 */
public interface GatewayLink extends AutoCloseable {
    /**
     * (Re)connects; announces {@code {"online":true}} (retained) on the status topic. False when the
     * broker cannot be reached: the gateway keeps buffering and tries again later.
     */
    boolean connect();

    /** Publishes at QoS 1. False when not connected: the message was not sent and stays the gateway's. */
    boolean publish(String topic, byte[] payload);

    /** Loses the connection without a clean goodbye (tunnel, dead spot): the broker sends the Last Will. */
    void drop();

    /** Ends cleanly: {@code {"online":false}} (retained), then disconnect. */
    @Override
    void close();

    /** Opens one link per gateway. */
    interface Factory {
        GatewayLink open(String tenant, String gateway);
    }

    static String statusTopic(String tenant, String gateway) {
        return "coldchain/v1/" + tenant + "/" + gateway + "/status";
    }

    byte[] ONLINE = "{\"online\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] OFFLINE = "{\"online\":false}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
}

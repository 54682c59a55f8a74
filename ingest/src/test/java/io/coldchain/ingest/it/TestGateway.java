package io.coldchain.ingest.it;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** A gateway as the contract describes it: publishes at QoS 1 with MQTT 5 or MQTT 3.1.1. */
final class TestGateway implements AutoCloseable {
    private final MqttClient v5;
    private final org.eclipse.paho.client.mqttv3.MqttClient v3;

    private TestGateway(MqttClient v5, org.eclipse.paho.client.mqttv3.MqttClient v3) {
        this.v5 = v5;
        this.v3 = v3;
    }

    static TestGateway mqtt5(String url) throws MqttException {
        MqttClient c = new MqttClient(url, "gw5-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        c.connect(o);
        return new TestGateway(c, null);
    }

    static TestGateway mqtt311(String url) throws org.eclipse.paho.client.mqttv3.MqttException {
        var c = new org.eclipse.paho.client.mqttv3.MqttClient(
                url, "gw3-" + UUID.randomUUID(), new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        var o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(true);
        c.connect(o);
        return new TestGateway(null, c);
    }

    void publish(String topic, String payload) throws Exception {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    void publish(String topic, byte[] payload, int qos, boolean retained) throws Exception {
        if (v5 != null) {
            MqttMessage m = new MqttMessage(payload);
            m.setQos(qos);
            m.setRetained(retained);
            v5.publish(topic, m);
        } else {
            var m = new org.eclipse.paho.client.mqttv3.MqttMessage(payload);
            m.setQos(qos);
            m.setRetained(retained);
            v3.publish(topic, m);
        }
    }

    @Override
    public void close() throws Exception {
        if (v5 != null) {
            v5.disconnect();
            v5.close();
        } else {
            v3.disconnect();
            v3.close();
        }
    }
}

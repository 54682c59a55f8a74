package io.coldchain.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.ingest.codec.GatewayTopic;
import org.junit.jupiter.api.Test;

class DeliveryWatchdogTest {

    @Test
    void reconnects_only_after_the_missed_intervals_without_any_arrival() {
        DeliveryWatchdog w = new DeliveryWatchdog(0);
        for (int i = 0; i < DeliveryWatchdog.MISSED; i++) {
            assertThat(w.tick()).as("probe %d just sent", i).isFalse();
        }
        assertThat(w.tick())
                .as("%d probes and nothing arrived", DeliveryWatchdog.MISSED)
                .isTrue();
        assertThat(w.tick()).as("counting starts again after a reconnect").isFalse();
    }

    @Test
    void any_arrival_counts_as_delivery() {
        DeliveryWatchdog w = new DeliveryWatchdog(0);
        for (int round = 0; round < 10; round++) {
            assertThat(w.tick()).isFalse();
            assertThat(w.tick()).isFalse();
            w.arrived(round);
        }
    }

    @Test
    void probe_topics_match_the_shared_filter_but_no_gateway_topic() {
        String topic = DeliveryWatchdog.probeTopic("coldchain-host-1");
        assertThat(topic).matches("coldchain/v1/[^/]+/[^/]+/readings");
        assertThat(DeliveryWatchdog.isProbe(topic)).isTrue();
        assertThat(GatewayTopic.parse(topic))
                .as("not a valid tenant, so never a gateway's topic")
                .isEmpty();
        assertThat(DeliveryWatchdog.isProbe("coldchain/v1/acme/truck-1/readings"))
                .isFalse();
    }
}

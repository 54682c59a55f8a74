package io.coldchain.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayTopicTest {

    @Test
    void parsesEachKind() {
        assertThat(GatewayTopic.parse("coldchain/v1/acme/truck-017/readings"))
                .contains(new GatewayTopic("acme", "truck-017", GatewayTopic.Kind.READINGS));
        assertThat(GatewayTopic.parse("coldchain/v1/A.b:c_d-9/gw:1/senml"))
                .contains(new GatewayTopic("A.b:c_d-9", "gw:1", GatewayTopic.Kind.SENML));
        assertThat(GatewayTopic.parse("coldchain/v1/acme/truck-017/status"))
                .contains(new GatewayTopic("acme", "truck-017", GatewayTopic.Kind.STATUS));
    }

    @Test
    void roundTripsAndBuildsFilters() {
        GatewayTopic topic = new GatewayTopic("acme", "truck-017", GatewayTopic.Kind.SENML);
        assertThat(GatewayTopic.parse(topic.toTopic())).contains(topic);
        assertThat(GatewayTopic.filter(GatewayTopic.Kind.READINGS)).isEqualTo("coldchain/v1/+/+/readings");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "coldchain/v1/",
                "coldchain/v1/acme",
                "coldchain/v1/acme/gw",
                "coldchain/v1/acme/gw/",
                "coldchain/v1/acme/gw/Readings",
                "coldchain/v1/acme/gw/readings/",
                "coldchain/v1/acme/gw/readings/x",
                "/coldchain/v1/acme/gw/readings",
                "coldchain/v1//gw/readings",
                "coldchain/v1/acme//readings",
                "coldchain/v1/ac me/gw/readings",
                "coldchain/v1/acme/g#/readings",
                "coldchain/v1/+/gw/readings",
                "coldchain/v1/acme/gw/#",
                "coldchain/v10/acme/gw/readings"
            })
    void refusesAnythingElse(String topic) {
        assertThat(GatewayTopic.parse(topic)).isEmpty();
    }

    @Test
    void refusesOverlongIdentifiersAndNull() {
        assertThat(GatewayTopic.parse("coldchain/v1/" + "t".repeat(65) + "/gw/readings"))
                .isEmpty();
        assertThat(GatewayTopic.parse("coldchain/v1/" + "t".repeat(64) + "/gw/readings"))
                .isPresent();
        assertThat(GatewayTopic.parse(null)).isEmpty();
        assertThatThrownBy(() -> new GatewayTopic("a b", "gw", GatewayTopic.Kind.READINGS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

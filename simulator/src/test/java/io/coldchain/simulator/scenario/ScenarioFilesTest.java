package io.coldchain.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioFilesTest {
    static List<String> shipped() {
        return ScenarioLoader.SHIPPED;
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void shippedScenarioParsesValidatesAndStatesItsAlerts(String name) {
        Scenario s = ScenarioLoader.load(name);
        assertThat(ScenarioValidator.problems(s)).isEmpty();
        assertThat(s.name()).isEqualTo(name);
        assertThat(s.expectedAlerts()).isNotEmpty();
        assertThat(s.sites()).allSatisfy(site -> assertThat(site.region()).matches("\\d{6}"));
        assertThat(s.sensors().stream().map(Scenario.Sensor::asset))
                .allMatch(a -> s.assets().stream().anyMatch(x -> x.id().equals(a)));
    }

    @Test
    void everyBrokenReferenceIsReported() {
        Scenario good = ScenarioLoader.load("dairy-morning-round");
        Scenario.Shipment sh = good.shipments().get(0);
        Scenario.Sensor x = good.sensors().get(0);
        Scenario bad = new Scenario(
                good.name(),
                null,
                good.tenant(),
                good.duration(),
                good.stepS(),
                good.sites(),
                List.of(
                        new Scenario.Product("milk-1l", "Milk", "no-such-profile"),
                        good.products().get(1)),
                good.batches(),
                good.assets(),
                good.gateways(),
                List.of(new Scenario.Sensor(
                        x.id(), "truck-99", "gw-99", "air", 60, null, null, null, null, null, null, null, null, null)),
                List.of(new Scenario.Shipment(
                        sh.id(), sh.asset(), List.of("LOT-X"), "nowhere", sh.destination(), "0:30", "0:10")),
                good.placements(),
                good.faults(),
                good.expectedAlerts(),
                null);
        assertThat(ScenarioValidator.problems(bad))
                .anySatisfy(p -> assertThat(p).contains("profile").contains("no-such-profile"))
                .anySatisfy(p ->
                        assertThat(p).contains("sensors[truck-01-p1].asset").contains("truck-99"))
                .anySatisfy(p ->
                        assertThat(p).contains("sensors[truck-01-p1].gateway").contains("gw-99"))
                .anySatisfy(p -> assertThat(p).contains("batches").contains("LOT-X"))
                .anySatisfy(p -> assertThat(p).contains("origin").contains("nowhere"))
                .anySatisfy(p -> assertThat(p).contains("arrived must be after departed"))
                .anySatisfy(p ->
                        assertThat(p).contains("expected_alerts").contains("truck-01-p2")); // sensor no longer defined
    }

    @Test
    void anIdSuffixRenamesLotsAndShipmentsEverywhere() {
        Scenario s = ScenarioLoader.load("dairy-morning-round").withIdSuffix("-r2");
        assertThat(ScenarioValidator.problems(s)).isEmpty();
        assertThat(s.batches()).allSatisfy(b -> assertThat(b.lot()).endsWith("-r2"));
        assertThat(s.shipments()).allSatisfy(x -> assertThat(x.id()).endsWith("-r2"));
        assertThat(s.expectedAlerts().get(0).batches()).containsExactlyInAnyOrder("MILK-B-1129-r2", "YOG-B-1129-r2");
        assertThat(s.expectedAlerts().get(0).shipments()).containsExactly("SH-1129-B-r2");
    }

    @Test
    void misspeltKeysAndBadTimesAreRefused() {
        String yaml =
                "name: x\ntenant: t\nduration: \"1:00\"\nsites: [{id: s, name: S, kind: store, region: \"320300\", adress: A}]\n";
        assertThatThrownBy(() ->
                        ScenarioLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "inline"))
                .hasMessageContaining("adress");
        assertThatThrownBy(() -> Offset.parse("at", "1h30")).hasMessageContaining("[-]H:MM");
        assertThat(Offset.parse("at", "-48:00").toHours()).isEqualTo(-48);
        assertThat(Offset.parse("at", "1:30:15").toSeconds()).isEqualTo(5415);
    }
}

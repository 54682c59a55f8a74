package io.coldchain.simulator.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A scenario file, bound as it is written (snake_case keys; times are {@link Offset}s from the
 * start). {@link ScenarioValidator} checks it; the simulation reads it. The registry part (sites,
 * assets, sensors, products, batches, shipments, placements) maps one to one onto the HTTP API of
 * contract §4.
 */
public record Scenario(
        String name,
        String description,
        String tenant,
        String duration,
        Integer stepS,
        List<Site> sites,
        List<Product> products,
        List<Batch> batches,
        List<Asset> assets,
        List<Gateway> gateways,
        List<Sensor> sensors,
        List<Shipment> shipments,
        List<Placement> placements,
        List<Fault> faults,
        List<ExpectedAlert> expectedAlerts,
        JsonNode notes) {

    public Scenario {
        sites = list(sites);
        products = list(products);
        batches = list(batches);
        assets = list(assets);
        gateways = list(gateways);
        sensors = list(sensors);
        shipments = list(shipments);
        placements = list(placements);
        faults = list(faults);
        expectedAlerts = list(expectedAlerts);
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    public int step() {
        return stepS == null ? 10 : stepS;
    }

    /** The same scenario for another tenant (tests isolate themselves by tenant). */
    public Scenario withTenant(String t) {
        return new Scenario(
                name,
                description,
                t,
                duration,
                stepS,
                sites,
                products,
                batches,
                assets,
                gateways,
                sensors,
                shipments,
                placements,
                faults,
                expectedAlerts,
                notes);
    }

    /**
     * The same scenario with {@code suffix} appended to every lot and shipment id (and their
     * references), so that it can run again on a tenant that already has the previous run's batches
     * and shipments (a batch cannot be in two places at once). Ids stay within 64 characters.
     */
    public Scenario withIdSuffix(String suffix) {
        if (suffix == null || suffix.isEmpty()) {
            return this;
        }
        java.util.function.UnaryOperator<String> id = x -> x == null ? null : x + suffix;
        return new Scenario(
                name,
                description,
                tenant,
                duration,
                stepS,
                sites,
                products,
                batches.stream()
                        .map(b -> new Batch(id.apply(b.lot()), b.sku(), b.produced(), b.expires(), b.quantity()))
                        .toList(),
                assets,
                gateways,
                sensors,
                shipments.stream()
                        .map(x -> new Shipment(
                                id.apply(x.id()),
                                x.asset(),
                                x.batches().stream().map(id).toList(),
                                x.origin(),
                                x.destination(),
                                x.departed(),
                                x.arrived()))
                        .toList(),
                placements.stream()
                        .map(p -> new Placement(id.apply(p.lot()), p.asset(), p.from(), p.to()))
                        .toList(),
                faults,
                expectedAlerts.stream()
                        .map(e -> new ExpectedAlert(
                                e.profile(),
                                e.rule(),
                                e.sensor(),
                                e.asset(),
                                e.batches().stream().map(id).toList(),
                                e.shipments().stream().map(id).toList(),
                                e.startsAfter(),
                                e.startsBefore(),
                                e.why()))
                        .toList(),
                notes);
    }

    public record Site(String id, String name, String kind, String region, String address) {}

    public record Product(String sku, String name, String profile) {}

    /** {@code produced} and {@code expires} are offsets (usually negative and positive). */
    public record Batch(String lot, String sku, String produced, String expires, Integer quantity) {}

    /** Outside temperature: {@code baseC} plus a daily sine of {@code amplitudeC} peaking at offset {@code peakAt}. */
    public record Ambient(double baseC, Double amplitudeC, String peakAt) {}

    public record Thermal(
            double airCapacityKjPerK,
            @JsonProperty("wall_ua_w_per_k") double wallUaWPerK,
            @JsonProperty("load_coupling_w_per_k") double loadCouplingWPerK,
            double coolingW,
            double setpointC,
            double hysteresisC,
            @JsonProperty("door_w_per_k") double doorWPerK,
            Double defrostHeaterW,
            Double internalGainW) {}

    /** A defrost cycle every {@code every}, lasting {@code duration}, the first at {@code first}. */
    public record Defrost(String first, String every, String duration) {}

    /** A door opening at a given time (a delivery stop, a loading bay). */
    public record Door(String at, String duration) {}

    /**
     * Random door openings while open for business ({@code from}..{@code to} each day, offsets
     * modulo 24 h): {@code perHour} openings of {@code seconds} each on average.
     */
    public record Shoppers(String from, String to, double perHour, double seconds) {}

    /**
     * Load put in ({@code capacityKjPerK} > 0, at {@code tempC}: milk from a farm tank) or taken out
     * (< 0) over {@code duration} from {@code at}.
     */
    public record Loading(String at, String duration, double capacityKjPerK, Double tempC) {}

    public record Asset(
            String id,
            String name,
            String kind,
            String site,
            String profile,
            Ambient ambient,
            Thermal thermal,
            Double initialAirC,
            Double initialLoadC,
            Double loadKjPerK,
            Defrost defrost,
            List<Door> doors,
            Shoppers shoppers,
            List<Loading> loadings) {
        public Asset {
            doors = doors == null ? List.of() : List.copyOf(doors);
            loadings = loadings == null ? List.of() : List.copyOf(loadings);
        }
    }

    /** A window when the gateway cannot reach the broker (tunnel, dead spot, router down). */
    public record Outage(String at, String duration) {}

    /**
     * A gateway and its habits. {@code format}: json (default) or senml; {@code tsFormat}: rfc3339
     * (default) or epoch_ms; shares are probabilities per published message.
     */
    public record Gateway(
            String id,
            String format,
            String tsFormat,
            Integer publishIntervalS,
            Integer clockSkewS,
            Double duplicateShare,
            Double malformedShare,
            Integer maxReadingsPerMessage,
            List<Outage> outages) {
        public Gateway {
            outages = outages == null ? List.of() : List.copyOf(outages);
        }
    }

    /** How a sensor dies: {@code stop} (silent from {@code at}, until {@code until} if given) or {@code erratic}. */
    public record Dying(String at, String mode, String until) {}

    public record Battery(
            double startV,
            @JsonProperty("decline_v_per_day") double declineVPerDay) {}

    /** A probe: {@code measures} air (default) or load. */
    public record Sensor(
            String id,
            String asset,
            String gateway,
            String measures,
            Integer intervalS,
            Double noiseC,
            Double offsetC,
            @JsonProperty("drift_c_per_day") Double driftCPerDay,
            Battery battery,
            Boolean rh,
            Boolean door,
            String calibrationDue,
            Integer expectedIntervalS,
            Dying dying) {}

    public record Shipment(
            String id,
            String asset,
            List<String> batches,
            String origin,
            String destination,
            String departed,
            String arrived) {
        public Shipment {
            batches = batches == null ? List.of() : List.copyOf(batches);
        }
    }

    public record Placement(String lot, String asset, String from, String to) {}

    /**
     * A scheduled fault: {@code compressor_failure} (of {@code asset}), {@code power_cut} (every asset
     * of {@code site}, or {@code asset}); from {@code at} for {@code duration}.
     */
    public record Fault(String kind, String asset, String site, String at, String duration) {}

    /**
     * An alert the scenario is designed to produce, for an end-to-end test to compare with what the
     * backend raised. {@code startsAfter}/{@code startsBefore} bound the episode's start (offsets).
     */
    public record ExpectedAlert(
            String profile,
            Rule rule,
            String sensor,
            String asset,
            List<String> batches,
            List<String> shipments,
            String startsAfter,
            String startsBefore,
            String why) {
        public ExpectedAlert {
            batches = batches == null ? List.of() : List.copyOf(batches);
            shipments = shipments == null ? List.of() : List.copyOf(shipments);
        }
    }

    /**
     * A rule as the API writes it (contract §4 profiles, §8 kinds): each kind carries its own fields;
     * {@code thresholdC} is 0 when absent (door_open, age_above, humidity_above).
     */
    public record Rule(
            String kind,
            double thresholdC,
            @JsonProperty("threshold_rh") Double thresholdRh,
            Integer delayMin,
            Integer budgetMin,
            Integer withinMin,
            @JsonProperty("max_age_h") Integer maxAgeH,
            String severity) {

        /** The rule's threshold in its own unit: % RH for humidity_above, else °C (0 when it has none). */
        public double threshold() {
            return thresholdRh != null ? thresholdRh : thresholdC;
        }
    }
}

package io.coldchain.simulator.scenario;

import io.coldchain.core.model.Ids;
import io.coldchain.core.profile.DefaultProfiles;
import io.coldchain.core.profile.Profile;
import io.coldchain.core.profile.Rule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Checks a scenario before anything is sent: identifiers are valid, every reference names
 * something defined in the file (profiles: the default profiles every tenant starts with), times
 * parse and lie inside the scenario, kinds are the contract's. Returns every problem, not just the
 * first, each naming where it is.
 */
public final class ScenarioValidator {
    static final Set<String> SITE_KINDS = Set.of("store", "warehouse", "plant", "farm", "depot");
    static final Set<String> ASSET_KINDS = Set.of("truck", "trailer", "tanker", "cold_room", "display_case", "freezer");
    static final Set<String> VEHICLES = Set.of("truck", "trailer", "tanker");
    static final Set<String> FAULTS = Set.of("compressor_failure", "power_cut");
    /** Kinds whose alert is a batch's (no sensor): the cumulative and the raw-milk ones. */
    static final Set<String> PER_BATCH_KINDS =
            Set.of("cumulative_above", "cumulative_below", "not_cooled_within", "age_above");
    /** Clock skew is bounded so that a skewed reading is never more than 5 minutes ahead of the real clock. */
    static final int MAX_SKEW_S = 120;

    private ScenarioValidator() {}

    public static List<String> problems(Scenario s) {
        List<String> out = new ArrayList<>();
        Consumer<String> bad = out::add;
        id(bad, "tenant", s.tenant());
        if (s.name() == null || s.name().isBlank()) {
            bad.accept("name is required");
        }
        Duration duration = time(bad, "duration", s.duration());
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            bad.accept("duration must be positive");
        }
        if (s.step() < 1 || s.step() > 60) {
            bad.accept("step_s must be 1..60 (got " + s.step() + ")");
        }
        Set<String> profiles = new HashSet<>();
        DefaultProfiles.all().stream().map(Profile::id).forEach(profiles::add);

        Map<String, String> sites = new HashMap<>();
        for (Scenario.Site site : s.sites()) {
            String at = "sites[" + site.id() + "]";
            unique(bad, "site", sites, site.id(), site.kind());
            oneOf(bad, at + ".kind", site.kind(), SITE_KINDS);
            if (site.region() == null || !site.region().matches("\\d{6}")) {
                bad.accept(at + ".region must be a six-digit administrative region code (got " + site.region() + ")");
            }
            if (site.name() == null || site.address() == null) {
                bad.accept(at + " needs a name and an address (the API requires both)");
            }
        }
        Map<String, String> products = new HashMap<>();
        for (Scenario.Product p : s.products()) {
            unique(bad, "product", products, p.sku(), p.profile());
            ref(bad, "products[" + p.sku() + "].profile", p.profile(), profiles);
        }
        Map<String, String> batches = new HashMap<>();
        for (Scenario.Batch b : s.batches()) {
            String at = "batches[" + b.lot() + "]";
            unique(bad, "batch", batches, b.lot(), b.sku());
            ref(bad, at + ".sku", b.sku(), products.keySet());
            Duration produced = time(bad, at + ".produced", b.produced());
            Duration expires = time(bad, at + ".expires", b.expires());
            if (produced != null && expires != null && expires.compareTo(produced) <= 0) {
                bad.accept(at + ".expires must be after produced");
            }
        }
        Map<String, String> assets = new HashMap<>();
        for (Scenario.Asset a : s.assets()) {
            String at = "assets[" + a.id() + "]";
            unique(bad, "asset", assets, a.id(), a.kind());
            oneOf(bad, at + ".kind", a.kind(), ASSET_KINDS);
            if (a.site() != null) {
                ref(bad, at + ".site", a.site(), sites.keySet());
            }
            if (a.profile() != null) {
                ref(bad, at + ".profile", a.profile(), profiles);
            }
            if (a.thermal() == null || a.ambient() == null) {
                bad.accept(at + " needs thermal and ambient");
            }
            a.doors().forEach(d -> window(bad, at + ".doors", d.at(), d.duration(), duration));
            a.loadings().forEach(l -> window(bad, at + ".loadings", l.at(), l.duration(), duration));
            if (a.defrost() != null) {
                time(bad, at + ".defrost.first", a.defrost().first());
                positive(bad, at + ".defrost.every", a.defrost().every());
                positive(bad, at + ".defrost.duration", a.defrost().duration());
            }
            if (a.shoppers() != null) {
                time(bad, at + ".shoppers.from", a.shoppers().from());
                time(bad, at + ".shoppers.to", a.shoppers().to());
            }
        }
        Map<String, String> gateways = new HashMap<>();
        for (Scenario.Gateway g : s.gateways()) {
            String at = "gateways[" + g.id() + "]";
            unique(bad, "gateway", gateways, g.id(), g.id());
            if (g.format() != null) {
                oneOf(bad, at + ".format", g.format(), Set.of("json", "senml"));
            }
            if (g.tsFormat() != null) {
                oneOf(bad, at + ".ts_format", g.tsFormat(), Set.of("rfc3339", "epoch_ms"));
            }
            if (g.clockSkewS() != null && Math.abs(g.clockSkewS()) > MAX_SKEW_S) {
                bad.accept(
                        at + ".clock_skew_s must be within ±" + MAX_SKEW_S + " s (readings must never be 5 min ahead)");
            }
            share(bad, at + ".duplicate_share", g.duplicateShare());
            share(bad, at + ".malformed_share", g.malformedShare());
            if (g.maxReadingsPerMessage() != null
                    && (g.maxReadingsPerMessage() < 1 || g.maxReadingsPerMessage() > 1000)) {
                bad.accept(at + ".max_readings_per_message must be 1..1000");
            }
            g.outages().forEach(o -> window(bad, at + ".outages", o.at(), o.duration(), duration));
        }
        Set<String> sensors = new HashSet<>();
        for (Scenario.Sensor x : s.sensors()) {
            String at = "sensors[" + x.id() + "]";
            id(bad, at, x.id());
            if (x.id() != null && !sensors.add(x.id())) {
                bad.accept("sensor " + x.id() + " is defined twice");
            }
            ref(bad, at + ".asset", x.asset(), assets.keySet());
            ref(bad, at + ".gateway", x.gateway(), gateways.keySet());
            if (x.measures() != null) {
                oneOf(bad, at + ".measures", x.measures(), Set.of("air", "load"));
            }
            if (x.intervalS() != null && (x.intervalS() < s.step() || x.intervalS() % s.step() != 0)) {
                bad.accept(at + ".interval_s must be a multiple of step_s (" + s.step() + ")");
            }
            if (x.dying() != null) {
                time(bad, at + ".dying.at", x.dying().at());
                oneOf(bad, at + ".dying.mode", x.dying().mode(), Set.of("stop", "erratic"));
                if (x.dying().until() != null) {
                    time(bad, at + ".dying.until", x.dying().until());
                }
            }
        }
        for (Scenario.Gateway g : s.gateways()) {
            if (s.sensors().stream().noneMatch(x -> g.id().equals(x.gateway()))) {
                bad.accept("gateways[" + g.id() + "] has no sensor");
            }
        }
        Set<String> shipments = new HashSet<>();
        for (Scenario.Shipment sh : s.shipments()) {
            String at = "shipments[" + sh.id() + "]";
            id(bad, at, sh.id());
            if (sh.id() != null && !shipments.add(sh.id())) {
                bad.accept("shipment " + sh.id() + " is defined twice");
            }
            ref(bad, at + ".asset", sh.asset(), assets.keySet());
            if (sh.asset() != null && assets.containsKey(sh.asset()) && !VEHICLES.contains(assets.get(sh.asset()))) {
                bad.accept(at + ".asset must be a truck, trailer or tanker");
            }
            ref(bad, at + ".origin", sh.origin(), sites.keySet());
            ref(bad, at + ".destination", sh.destination(), sites.keySet());
            if (sh.batches().isEmpty()) {
                bad.accept(at + ".batches must name at least one lot");
            }
            sh.batches().forEach(l -> ref(bad, at + ".batches", l, batches.keySet()));
            Duration dep = time(bad, at + ".departed", sh.departed());
            if (sh.arrived() != null) {
                Duration arr = time(bad, at + ".arrived", sh.arrived());
                if (dep != null && arr != null && arr.compareTo(dep) <= 0) {
                    bad.accept(at + ".arrived must be after departed");
                }
            }
        }
        for (Scenario.Placement p : s.placements()) {
            String at = "placements[" + p.lot() + "@" + p.asset() + "]";
            ref(bad, at + ".lot", p.lot(), batches.keySet());
            ref(bad, at + ".asset", p.asset(), assets.keySet());
            if (p.asset() != null && VEHICLES.contains(assets.get(p.asset()))) {
                bad.accept(at + ".asset must be a cold room, display case or freezer (vehicles carry shipments)");
            }
            time(bad, at + ".from", p.from());
            if (p.to() != null) {
                time(bad, at + ".to", p.to());
            }
        }
        for (Scenario.Fault f : s.faults()) {
            String at = "faults[" + f.kind() + "@" + f.at() + "]";
            oneOf(bad, at + ".kind", f.kind(), FAULTS);
            if (f.asset() == null && f.site() == null) {
                bad.accept(at + " needs an asset or a site");
            }
            if (f.asset() != null) {
                ref(bad, at + ".asset", f.asset(), assets.keySet());
            }
            if (f.site() != null) {
                ref(bad, at + ".site", f.site(), sites.keySet());
            }
            window(bad, at, f.at(), f.duration(), duration);
        }
        for (int i = 0; i < s.expectedAlerts().size(); i++) {
            Scenario.ExpectedAlert e = s.expectedAlerts().get(i);
            String at = "expected_alerts[" + i + "]";
            ref(bad, at + ".profile", e.profile(), profiles);
            boolean perBatch =
                    e.rule() != null && PER_BATCH_KINDS.contains(e.rule().kind());
            if (e.sensor() != null || !perBatch) { // a cumulative or raw-milk alert is the batch's, not one sensor's
                ref(bad, at + ".sensor", e.sensor(), sensors);
            }
            ref(bad, at + ".asset", e.asset(), assets.keySet());
            e.batches().forEach(l -> ref(bad, at + ".batches", l, batches.keySet()));
            e.shipments().forEach(l -> ref(bad, at + ".shipments", l, shipments));
            if (e.rule() == null) {
                bad.accept(at + ".rule is required");
            } else {
                oneOf(
                        bad,
                        at + ".rule.kind",
                        e.rule().kind(),
                        Arrays.stream(Rule.Kind.values()).map(Rule.Kind::wire).collect(Collectors.toSet()));
                oneOf(bad, at + ".rule.severity", e.rule().severity(), Set.of("warning", "critical"));
                if (e.profile() != null && profiles.contains(e.profile()) && !ruleOfProfile(e.profile(), e.rule())) {
                    bad.accept(at + ".rule is not a rule of the default profile " + e.profile());
                }
            }
            if (e.startsAfter() != null || e.startsBefore() != null) { // optional, but as a pair
                time(bad, at + ".starts_after", e.startsAfter());
                time(bad, at + ".starts_before", e.startsBefore());
            }
        }
        return out;
    }

    private static boolean ruleOfProfile(String profile, Scenario.Rule r) {
        return DefaultProfiles.all().stream()
                .filter(p -> p.id().equals(profile))
                .flatMap(p -> p.rules().stream())
                .anyMatch(x -> x.kind().wire().equals(r.kind())
                        && x.thresholdC() == r.threshold()
                        && x.severity().name().equalsIgnoreCase(r.severity()));
    }

    private static void unique(Consumer<String> bad, String what, Map<String, String> seen, String id, String value) {
        id(bad, what, id);
        if (id != null && seen.put(id, value == null ? "" : value) != null) {
            bad.accept(what + " " + id + " is defined twice");
        }
    }

    private static void id(Consumer<String> bad, String at, String id) {
        if (id == null || !Ids.isValid(id)) {
            bad.accept(at + " must be an identifier: 1-64 characters of A-Z a-z 0-9 _ . : - (got " + id + ")");
        }
    }

    private static void ref(Consumer<String> bad, String at, String id, Set<String> known) {
        if (id == null || !known.contains(id)) {
            bad.accept(at + " refers to " + id + ", which is not defined");
        }
    }

    private static void oneOf(Consumer<String> bad, String at, String v, Set<String> allowed) {
        if (v == null || !allowed.contains(v)) {
            bad.accept(at + " must be one of " + new java.util.TreeSet<>(allowed) + " (got " + v + ")");
        }
    }

    private static void share(Consumer<String> bad, String at, Double v) {
        if (v != null && !(v >= 0 && v <= 1)) {
            bad.accept(at + " must be 0..1");
        }
    }

    private static Duration time(Consumer<String> bad, String at, String text) {
        try {
            return Offset.parse(at, text);
        } catch (IllegalArgumentException e) {
            bad.accept(e.getMessage());
            return null;
        }
    }

    private static void positive(Consumer<String> bad, String at, String text) {
        Duration d = time(bad, at, text);
        if (d != null && (d.isNegative() || d.isZero())) {
            bad.accept(at + " must be positive");
        }
    }

    private static void window(Consumer<String> bad, String at, String start, String length, Duration scenario) {
        Duration s = time(bad, at + ".at", start);
        Duration l = time(bad, at + ".duration", length);
        if (s != null && l != null && (s.isNegative() || (l.isNegative() || l.isZero()))) {
            bad.accept(
                    at + " must start at or after 00:00 and last a positive time (" + start + " for " + length + ")");
        }
    }
}

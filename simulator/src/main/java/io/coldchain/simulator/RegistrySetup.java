package io.coldchain.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coldchain.simulator.gateway.GatewayLogin;
import io.coldchain.simulator.scenario.Offset;
import io.coldchain.simulator.scenario.Scenario;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a scenario's world through the HTTP API (contract §4), with an admin token, before
 * any reading is published, so that the backend can attribute every reading to its asset and its
 * batches from the first one: sites, products, assets, sensors (binding them to their gateways),
 * batches, then shipments (with their delivery) and placements, all with backdated times.
 *
 * <p>PUTs are idempotent. A shipment that already exists (409) is left as it is, and so is a
 * placement refused because the same placement exists (a re-run on the same tenant); every other
 * refusal stops the set-up with the API's answer.
 */
public final class RegistrySetup {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrySetup.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI api;
    private final String token;

    public RegistrySetup(URI api, String token) {
        this.api = api;
        this.token = token;
    }

    /** Registers everything of {@code s} (for its tenant) with times relative to {@code start}. */
    public void register(Scenario s, Instant start) {
        String t = "/api/v1/tenants/" + s.tenant();
        for (Scenario.Site site : s.sites()) {
            ObjectNode b = JSON.createObjectNode()
                    .put("name", site.name())
                    .put("kind", site.kind())
                    .put("region", site.region())
                    .put("address", site.address());
            send("PUT", t + "/sites/" + site.id(), b, false);
        }
        for (Scenario.Product p : s.products()) {
            send(
                    "PUT",
                    t + "/products/" + p.sku(),
                    JSON.createObjectNode().put("name", p.name()).put("profile", p.profile()),
                    false);
        }
        for (Scenario.Asset a : s.assets()) {
            ObjectNode b = JSON.createObjectNode()
                    .put("name", a.name() == null ? a.id() : a.name())
                    .put("kind", a.kind());
            if (a.site() != null) {
                b.put("site", a.site());
            }
            if (a.profile() != null) {
                b.put("profile", a.profile());
            }
            send("PUT", t + "/assets/" + a.id(), b, false);
        }
        for (Scenario.Sensor x : s.sensors()) {
            ObjectNode b = JSON.createObjectNode().put("gateway", x.gateway()).put("asset", x.asset());
            Integer expected = x.expectedIntervalS() != null ? x.expectedIntervalS() : x.intervalS();
            if (expected != null) {
                b.put("expected_interval_s", expected);
            }
            if (x.calibrationDue() != null) {
                b.put(
                        "calibration_due",
                        at(start, "calibration_due", x.calibrationDue())
                                .atOffset(ZoneOffset.UTC)
                                .toLocalDate()
                                .toString());
            }
            send("PUT", t + "/sensors/" + x.id(), b, false);
        }
        for (Scenario.Batch b : s.batches()) {
            ObjectNode body = JSON.createObjectNode()
                    .put("sku", b.sku())
                    .put("produced_at", at(start, "produced", b.produced()).toString())
                    .put("expires_at", at(start, "expires", b.expires()).toString());
            if (b.quantity() != null) {
                body.put("quantity", b.quantity());
            }
            send("PUT", t + "/batches/" + b.lot(), body, false);
        }
        for (Scenario.Shipment sh : s.shipments()) {
            ObjectNode body = JSON.createObjectNode()
                    .put("id", sh.id())
                    .put("asset", sh.asset())
                    .put("origin", sh.origin())
                    .put("destination", sh.destination())
                    .put("departed_at", at(start, "departed", sh.departed()).toString());
            sh.batches().forEach(body.putArray("batches")::add);
            send("POST", t + "/shipments", body, true);
            if (sh.arrived() != null) {
                send(
                        "POST",
                        t + "/shipments/" + sh.id() + "/deliver",
                        JSON.createObjectNode()
                                .put(
                                        "arrived_at",
                                        at(start, "arrived", sh.arrived()).toString()),
                        true);
            }
        }
        for (Scenario.Placement p : s.placements()) {
            ObjectNode body = JSON.createObjectNode()
                    .put("lot", p.lot())
                    .put("asset", p.asset())
                    .put("from", at(start, "from", p.from()).toString());
            if (p.to() != null) {
                body.put("to", at(start, "to", p.to()).toString());
            }
            send("POST", t + "/placements", body, true);
        }
    }

    /**
     * A gateway MQTT credential for each of the scenario's gateways (contract §5), issued through the
     * API; one that exists from an earlier run is rotated (without grace) to learn a password. The
     * passwords live only in the returned map.
     */
    public Map<String, GatewayLogin> gatewayLogins(Scenario s) {
        Set<String> gateways = new TreeSet<>();
        s.gateways().forEach(g -> gateways.add(g.id()));
        s.sensors().forEach(x -> gateways.add(x.gateway()));
        return gatewayLogins(s.tenant(), gateways);
    }

    /** A gateway MQTT credential for each of {@code gateways} of {@code tenant}, as {@link #gatewayLogins(Scenario)}. */
    public Map<String, GatewayLogin> gatewayLogins(String tenant, java.util.Collection<String> gateways) {
        String t = "/api/v1/tenants/" + tenant + "/mqtt-credentials";
        Map<String, GatewayLogin> out = new HashMap<>();
        for (String gateway : gateways) {
            HttpResponse<String> r =
                    call("POST", t, JSON.createObjectNode().put("name", gateway).put("kind", "gateway"));
            if (r.statusCode() == 409) {
                r = call(
                        "POST",
                        t + "/" + gateway + "/rotate",
                        JSON.createObjectNode().put("grace_s", 0));
            }
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        "MQTT credential for gateway " + gateway + ": " + r.statusCode() + " " + r.body());
            }
            try {
                var body = JSON.readTree(r.body());
                out.put(
                        gateway,
                        new GatewayLogin(
                                body.get("username").asText(),
                                body.get("password").asText()));
            } catch (IOException e) {
                throw new IllegalStateException("MQTT credential for gateway " + gateway + ": unreadable answer", e);
            }
        }
        LOG.info("issued MQTT credentials for {} gateways of tenant {}", out.size(), tenant);
        return out;
    }

    private static Instant at(Instant start, String field, String offset) {
        return start.plus(Offset.parse(field, offset));
    }

    private HttpResponse<String> call(String method, String path, ObjectNode body) {
        HttpRequest req = HttpRequest.newBuilder(api.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "registry set-up: " + method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("registry set-up interrupted", e);
        }
    }

    private void send(String method, String path, ObjectNode body, boolean toleratesRerun) {
        HttpResponse<String> resp = call(method, path, body);
        int code = resp.statusCode();
        if (code / 100 == 2) {
            return;
        }
        // A re-run on the same tenant: the shipment exists, was delivered, or the placement overlaps itself.
        if (toleratesRerun && (code == 409 || (code == 400 && resp.body().contains("overlap")))) {
            LOG.info("registry set-up: {} {} already done ({}), kept as it is", method, path, code);
            return;
        }
        throw new IllegalStateException("registry set-up: " + method + " " + path + " answered " + code + ": "
                + resp.body() + " (body sent: " + body + ")");
    }
}

package io.coldchain.app;

import io.coldchain.api.TokenService;
import io.coldchain.simulator.gateway.GatewayLogin;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * MQTT credentials for the bench's publishers and subscribers, issued through the running backend's
 * HTTP API like any admin would (contract §5): the embedded broker lets nobody in without one. A
 * name that exists from an earlier run is rotated to learn a password.
 */
final class MqttLogins {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private MqttLogins() {}

    /** A {@code gateway} credential for each of {@code gateways} of {@code tenant}, by gateway id. */
    static Map<String, GatewayLogin> gateways(Backend backend, String tenant, Collection<String> gateways)
            throws Exception {
        Map<String, GatewayLogin> out = new LinkedHashMap<>();
        for (String g : gateways) {
            out.put(g, issue(backend, tenant, g, "gateway"));
        }
        return out;
    }

    /** An {@code alerts} credential: may subscribe to {@code coldchain/v1/{tenant}/alerts} only. */
    static GatewayLogin alerts(Backend backend, String tenant, String name) throws Exception {
        return issue(backend, tenant, name, "alerts");
    }

    private static GatewayLogin issue(Backend backend, String tenant, String name, String kind) throws Exception {
        String admin = new TokenService(
                        backend.config().auth(), backend.config().dataDir())
                .issue(tenant, "admin", Optional.empty(), Duration.ofMinutes(10));
        String base = "http://127.0.0.1:" + backend.httpPort() + "/api/v1/tenants/" + tenant + "/mqtt-credentials";
        HttpResponse<String> r =
                post(base, admin, new JsonObject().put("name", name).put("kind", kind));
        if (r.statusCode() == 409) {
            r = post(base + "/" + name + "/rotate", admin, new JsonObject());
        }
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "MQTT credential " + tenant + "/" + name + ": " + r.statusCode() + " " + r.body());
        }
        JsonObject body = new JsonObject(r.body());
        return new GatewayLogin(body.getString("username"), body.getString("password"));
    }

    private static HttpResponse<String> post(String url, String token, JsonObject body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

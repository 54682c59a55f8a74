package io.coldchain.app;

import io.coldchain.api.TokenService;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The bench's registry client: writes through the running backend's HTTP API with an admin token,
 * as a tenant's admin would, so that registration costs what it costs users (audit included).
 */
final class BenchHttp {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String token;

    /** A client for {@code tenant}'s routes ({@code /api/v1/tenants/{tenant}}), its token valid for {@code ttl}. */
    BenchHttp(Backend backend, String tenant, Duration ttl) {
        this.base = "http://127.0.0.1:" + backend.httpPort() + "/api/v1/tenants/" + tenant;
        this.token = new TokenService(backend.config().auth(), backend.config().dataDir())
                .issue(tenant, "admin", Optional.empty(), ttl);
    }

    void put(String path, JsonObject body) throws Exception {
        call("PUT", path, body);
    }

    void post(String path, JsonObject body) throws Exception {
        call("POST", path, body);
    }

    /** Any answer but 2xx is an error: the bench must not go on with half a registry. */
    private void call(String method, String path, JsonObject body) throws Exception {
        String url = base + path;
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body.encode()))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}

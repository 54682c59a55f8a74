package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.coldchain.core.config.AuthOptions;
import io.coldchain.core.config.HttpOptions;
import io.coldchain.core.config.NotifyOptions;
import io.coldchain.core.config.StorageOptions;
import io.coldchain.core.db.Database;
import io.coldchain.testkit.TestDatabase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.yaml.snakeyaml.Yaml;

/**
 * A real HTTP API for a test class: a fresh migrated database (testkit), a key-file
 * {@link TokenService} in a temporary data directory, the verticle on a free port, and a plain
 * JDK HTTP client, with the request and assertion helpers the endpoint tests share. Close it in
 * {@code @AfterAll}.
 */
final class TestApi implements AutoCloseable {
    static final List<String> HTTP_METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");
    /** How long the tokens of {@link #token} live: longer than any test class runs. */
    static final Duration TOKEN_LIFE = Duration.ofHours(1);

    final Vertx vertx;
    final HikariDataSource pool;
    final Path dataDir;
    final TokenService tokens;
    /** The registry of {@link #verticle}: its metrics. */
    final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    final HttpVerticle verticle;
    final String base;
    /** For requests the helpers do not cover (other body handlers, asynchronous sends). */
    final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Event streams answered so far: open until {@link #close}. */
    private final List<java.util.concurrent.Flow.Subscription> streams =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    TestApi(String databasePrefix) throws Exception {
        this(databasePrefix, 4, () -> true);
    }

    /** With {@code poolSize} connections and {@code broker} as the health check's broker state. */
    TestApi(String databasePrefix, int poolSize, BooleanSupplier broker) throws Exception {
        TestDatabase db = TestDatabase.get();
        pool = Database.pool(
                db.newDatabase(databasePrefix), db.user(), db.password(), poolSize, databasePrefix + "-test");
        Database.migrate(pool, StorageOptions.defaults());
        dataDir = Files.createTempDirectory("coldchain-" + databasePrefix);
        tokens = new TokenService(new AuthOptions(Optional.empty(), Duration.ofHours(12)), dataDir);
        vertx = Vertx.vertx();
        verticle = new HttpVerticle(
                new HttpOptions("127.0.0.1", 0),
                pool,
                tokens,
                metrics,
                broker,
                "plain PostgreSQL",
                TestServices.standard());
        await(vertx.deployVerticle(verticle));
        base = "http://127.0.0.1:" + verticle.actualPort();
    }

    /**
     * A second server on the same database and keys, with these notification options (e.g. an SMTP
     * server); returns its base URL. Closed with this one.
     */
    String serve(NotifyOptions notify) throws Exception {
        return "http://127.0.0.1:"
                + serve(new HttpOptions("127.0.0.1", 0), notify).actualPort();
    }

    /** A further server on the same database and keys, with these listeners and notification options. Closed with this one. */
    HttpVerticle serve(HttpOptions http, NotifyOptions notify) throws Exception {
        return serve(http, TestServices.with(TestServices.AUTH, notify));
    }

    /** A second server on the same database and keys, with these login settings (e.g. short session timeouts); its base URL. */
    String serve(AuthOptions auth) throws Exception {
        return "http://127.0.0.1:"
                + serve(new HttpOptions("127.0.0.1", 0), TestServices.with(auth, NotifyOptions.defaults()))
                        .actualPort();
    }

    /** A further server on the same database and keys, with these listeners and services. Closed with this one. */
    HttpVerticle serve(HttpOptions http, ApiServices services) throws Exception {
        HttpVerticle other = new HttpVerticle(
                http,
                pool,
                tokens,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                () -> true,
                "plain PostgreSQL",
                services);
        await(vertx.deployVerticle(other));
        return other;
    }

    /** A token of {@code role} in {@code tenant}, for {@code region} (none when null), valid for {@link #TOKEN_LIFE}. */
    String token(String tenant, String role, String region) throws Exception {
        return tokens.issue(tenant, role, Optional.ofNullable(region), TOKEN_LIFE);
    }

    // ---- requests -----------------------------------------------------------------------------------

    HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, (byte[]) null);
    }

    HttpResponse<String> put(String path, JsonObject body, String token) throws Exception {
        return send("PUT", path, token, body);
    }

    /** A PUT of {@code body} as it is (not necessarily JSON). */
    HttpResponse<String> putRaw(String path, String body, String token) throws Exception {
        return send("PUT", path, token, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String path, JsonObject body, String token) throws Exception {
        return send("POST", path, token, body);
    }

    /** Sends {@code method path} with the token (none when null) and the body (none when null). */
    HttpResponse<String> send(String method, String path, String token, byte[] body) throws Exception {
        return send(method, path, token, body, "application/json");
    }

    /** As {@link #send(String, String, String, byte[])}, with that {@code Content-Type}. */
    HttpResponse<String> send(String method, String path, String token, byte[] body, String contentType)
            throws Exception {
        return sendTo(base + path, method, token, body, contentType);
    }

    /** As {@link #send(String, String, String, byte[], String)}, to a full URL (e.g. of {@link #serve}). */
    HttpResponse<String> sendTo(String url, String method, String token, byte[] body, String contentType)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null && contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return client.send(b.build(), this::bodyUnlessStream);
    }

    /**
     * The body as a string; for a stream ({@code text/event-stream}), which never ends, an empty body
     * at once: the status is what a caller of this cares about. The stream is read and dropped until
     * {@link #close}, which cancels it. Cancelling at once is not possible: over HTTP/2 a cancel before
     * the client has taken the (already complete) empty body fails the whole exchange with "Stream
     * cancelled".
     */
    private HttpResponse.BodySubscriber<String> bodyUnlessStream(HttpResponse.ResponseInfo info) {
        if (!info.headers().firstValue("content-type").orElse("").startsWith("text/event-stream")) {
            return HttpResponse.BodySubscribers.ofString(java.nio.charset.StandardCharsets.UTF_8);
        }
        return new HttpResponse.BodySubscriber<>() {
            @Override
            public java.util.concurrent.CompletionStage<String> getBody() {
                return java.util.concurrent.CompletableFuture.completedFuture("");
            }

            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                streams.add(subscription);
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(List<java.nio.ByteBuffer> item) {}

            @Override
            public void onError(Throwable throwable) {}

            @Override
            public void onComplete() {}
        };
    }

    HttpResponse<String> send(String method, String path, String token, JsonObject body) throws Exception {
        return send(
                method,
                path,
                token,
                body == null ? null : body.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Sends a request built by the caller (any method, headers and body), with the usual timeout. */
    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(20)).build(), this::bodyUnlessStream);
    }

    /** Sends and requires {@code status}; returns the body as JSON. */
    JsonObject require(int status, String method, String path, String token, JsonObject body) throws Exception {
        HttpResponse<String> r = send(method, path, token, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        return new JsonObject(r.body());
    }

    /** The routes the router serves, as {@code METHOD template} with {@code {param}} templates, sorted. */
    List<String> routes() {
        return verticle.router().getRoutes().stream()
                .filter(route -> route.getPath() != null
                        && route.methods() != null
                        && !route.methods().isEmpty())
                .flatMap(route -> route.methods().stream()
                        .map(m -> m.name() + " " + route.getPath().replaceAll(":(\\w+)", "{$1}")))
                .distinct()
                .sorted()
                .toList();
    }

    /** The OpenAPI document as parsed YAML. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> openApi() throws Exception {
        try (var in = HttpVerticle.class.getResourceAsStream(HttpVerticle.OPENAPI_RESOURCE)) {
            return new Yaml().load(in);
        }
    }

    /** The documented operations, {@code METHOD template} to their operation object. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> operations() throws Exception {
        Map<String, Map<String, Object>> paths =
                (Map<String, Map<String, Object>>) openApi().get("paths");
        Map<String, Map<String, Object>> out = new TreeMap<>();
        paths.forEach((path, item) -> item.forEach((k, op) -> {
            if (HTTP_METHODS.contains(k)) {
                out.put(k.toUpperCase() + " " + path, (Map<String, Object>) op);
            }
        }));
        return out;
    }

    // ---- checks -------------------------------------------------------------------------------------

    /** Requires {@code status}; returns the body as JSON. */
    static JsonObject json(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return new JsonObject(r.body());
    }

    /** Requires 200 or 201 (a PUT that created or replaced). */
    static void ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    }

    /** Requires 200; returns the objects of the body's array {@code key}. */
    static List<JsonObject> items(HttpResponse<String> r, String key) {
        return json(r, 200).getJsonArray(key).stream().map(o -> (JsonObject) o).toList();
    }

    /**
     * Requires {@code status} with the contract's error body: JSON, {@code error} one of
     * {@code errors}, a {@code detail}. Returns the body.
     */
    static JsonObject assertError(HttpResponse<String> r, int status, String... errors) {
        assertThat(errors).as("expected error codes").isNotEmpty();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("error")).isIn((Object[]) errors);
        assertThat(body.getString("detail")).isNotBlank();
        return body;
    }

    /** A 400 whose error is one of {@code errors} and whose detail names {@code field}. */
    static void assertBadRequest(HttpResponse<String> r, String field, String... errors) {
        assertThat(assertError(r, 400, errors).getString("detail")).contains(field);
    }

    /** A 400 {@code invalid_body} whose detail names {@code field}: the answer to a bad request body. */
    static void assertBadBody(HttpResponse<String> r, String field) {
        assertBadRequest(r, field, "invalid_body");
    }

    /** The single number a {@code SELECT count(*) ...} with these parameters answers. */
    long count(String sql, Object... params) throws Exception {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        streams.forEach(java.util.concurrent.Flow.Subscription::cancel);
        try {
            await(vertx.close());
        } finally {
            pool.close();
        }
    }
}

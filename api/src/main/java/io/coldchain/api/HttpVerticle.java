package io.coldchain.api;

import io.coldchain.core.config.HttpOptions;
import io.coldchain.core.config.TlsListener;
import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the HTTP edge: one server (and an HTTPS one beside it when configured), one router, one
 * failure handler. It only wires routes to endpoints; the stores and services behind them arrive in
 * {@link ApiServices}, built by the application.
 *
 * <p>Routes (each described in {@code openapi.yaml}, which a test holds to this list):
 * {@code GET /health}, {@code GET /metrics} and {@code GET /api/v1/openapi.yaml} need no token;
 * everything else is registered by area ({@link PeopleRoutes}, {@link ReadingRoutes},
 * {@link RegistryRoutes}, {@link AlertRoutes}, {@link RecordsRoutes}) through {@link Routes}, which
 * puts {@link BearerAuth} and {@link RequestContext#attach} in front of each endpoint.
 * Every route must have a row in {@code AccessMatrixTest} (which fails for one that has not) and, if
 * it takes a body, a place in {@code WriteBodyFuzzTest}.
 * Anything else is 404 JSON. Requests may carry at most {@link #BODY_LIMIT_BYTES} of body (the
 * registry's PUT bodies are a few hundred bytes); responses are compressed when the client accepts it.
 */
public final class HttpVerticle extends AbstractVerticle {
    /**
     * Far above any registry PUT body (names are at most 200 characters, addresses 500), and room for
     * a shipment of 500 lots of 64 characters (about 34 KiB).
     */
    public static final long BODY_LIMIT_BYTES = 64 * 1024;

    static final String OPENAPI_RESOURCE = "/openapi.yaml";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);

    private final HttpOptions http;
    private final DataSource dataSource;
    private final TokenService tokens;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier brokerConnected;
    private final String storage;
    private final ApiServices services;

    private DbWorker db;
    private AlertStream alertStream;
    private Router router;
    private volatile HttpServer server;
    private volatile HttpServer tlsServer;

    /**
     * @param http host and port; port 0 picks a free one (see {@link #actualPort()})
     * @param dataSource the connection pool; used from worker threads only
     * @param tokens verifies bearer tokens
     * @param registry scraped by {@code GET /metrics}; request timings are recorded into it
     * @param brokerConnected whether the MQTT connection is up; called on the event loop, so it must
     *     not block (read a flag)
     * @param storage how readings are stored, shown by {@code GET /health} (e.g. "TimescaleDB 2.17" or
     *     "plain PostgreSQL")
     * @param services the stores and services the endpoints work with, built by the application
     */
    public HttpVerticle(
            HttpOptions http,
            DataSource dataSource,
            TokenService tokens,
            PrometheusMeterRegistry registry,
            BooleanSupplier brokerConnected,
            String storage,
            ApiServices services) {
        this.http = Objects.requireNonNull(http, "http");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.brokerConnected = Objects.requireNonNull(brokerConnected, "brokerConnected");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.services = Objects.requireNonNull(services, "services");
    }

    @Override
    public void start(Promise<Void> startPromise) {
        db = new DbWorker(vertx, dataSource);
        vertx.executeBlocking(HttpVerticle::openApiDocument)
                .compose(openApi -> {
                    router = routes(openApi);
                    return vertx.createHttpServer(serverOptions())
                            .requestHandler(router)
                            .listen();
                })
                .compose(s -> {
                    server = s;
                    LOG.info("HTTP API listening on {}:{}", http.host(), s.actualPort());
                    return http.tls().map(this::listenTls).orElse(Future.succeededFuture());
                })
                .onSuccess(v -> alertStream.start())
                .onFailure(e -> db.close())
                .<Void>mapEmpty()
                .onComplete(startPromise);
    }

    @Override
    public void stop(Promise<Void> stopPromise) {
        HttpServer s = server;
        if (alertStream != null) {
            alertStream.close();
        }
        HttpServer t = tlsServer;
        Future.all(
                        s == null ? Future.<Void>succeededFuture() : s.close(),
                        t == null ? Future.<Void>succeededFuture() : t.close())
                .<Void>mapEmpty()
                .onComplete(ar -> db.close())
                .onComplete(stopPromise);
    }

    /** The port the server listens on; meaningful once started (with port 0, the one it picked). */
    public int actualPort() {
        HttpServer s = server;
        if (s == null) {
            throw new IllegalStateException("the HTTP server is not started");
        }
        return s.actualPort();
    }

    /** The HTTPS listener's port, once started, when one is configured. */
    public java.util.Optional<Integer> actualTlsPort() {
        return java.util.Optional.ofNullable(tlsServer).map(HttpServer::actualPort);
    }

    /** The router, once started: tests compare its routes with the OpenAPI document. */
    Router router() {
        return router;
    }

    private HttpServerOptions serverOptions() {
        return new HttpServerOptions()
                .setHost(http.host())
                .setPort(http.port())
                .setCompressionSupported(true)
                // Nothing we accept needs to be compressed, and inflating untrusted bodies invites zip bombs.
                .setDecompressionSupported(false)
                // Idle keep-alive connections are closed; a slow but active response is not idle.
                .setIdleTimeout(120);
    }

    /** The HTTPS server beside the plain one; if it cannot listen, the plain one is closed again. */
    private Future<Void> listenTls(TlsListener tls) {
        return vertx.createHttpServer(tlsServerOptions(tls))
                .requestHandler(router)
                .listen()
                .onSuccess(t -> {
                    tlsServer = t;
                    LOG.info("HTTPS API listening on {}:{}", tls.host(), t.actualPort());
                })
                .<Void>mapEmpty()
                .recover(e -> server.close()
                        .andThen(ar -> server = null)
                        .transform(ar -> Future.failedFuture(new IllegalStateException(
                                "HTTPS cannot listen on " + tls.host() + ":" + tls.port() + " with " + tls.certificate()
                                        + " and " + tls.privateKey()
                                        + " (COLDCHAIN_HTTP_TLS_HOST, _PORT, _CERT, _KEY): " + e.getMessage(),
                                e))));
    }

    /** The same server as {@link #serverOptions()}, with TLS from the PEM certificate and key. */
    private static HttpServerOptions tlsServerOptions(TlsListener tls) {
        return new HttpServerOptions()
                .setHost(tls.host())
                .setPort(tls.port())
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(tls.certificate().toString())
                        .setKeyPath(tls.privateKey().toString()))
                .setCompressionSupported(true)
                .setDecompressionSupported(false)
                .setIdleTimeout(120);
    }

    private Router routes(Buffer openApi) {
        AccessPolicy policy = new AccessPolicy(services.registry());
        Router r = Router.router(vertx);
        r.route().handler(new RequestMetrics(registry));
        r.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        SessionAuth sessions = new SessionAuth(db, services.sessions(), services.auth());
        BearerAuth auth = new BearerAuth(tokens, sessions);
        Routes routes = new Routes(r, auth);

        routes.open(HttpMethod.GET, "/health", new HealthEndpoint(db, brokerConnected, storage));
        routes.open(HttpMethod.GET, "/metrics", this::metrics);
        routes.open(
                HttpMethod.GET,
                "/api/v1/openapi.yaml",
                ctx -> ctx.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml") // RFC 9512
                        .end(openApi));
        // The order matters where templates overlap (routes match in order): see the groups' comments.
        PeopleRoutes.mount(routes, vertx, db, policy, services, sessions, registry);
        ReadingRoutes.mount(routes, db, policy, services);
        RegistryRoutes.mount(routes, db, policy, services);
        alertStream = AlertRoutes.mount(routes, vertx, db, policy, services, registry);
        RecordsRoutes.mount(routes, db, policy, services);
        // Recalls and public trace codes (contract §9), before the web app's static files.
        RecallRoutes.mount(routes, db, policy, services, registry);
        WebApp.mount(r);

        // Unknown paths under a tenant ask for a token first: without one, nothing about the tenant is answered.
        r.route("/api/v1/tenants/*").handler(auth).handler(HttpVerticle::noSuchEndpoint);
        r.route().last().handler(HttpVerticle::noSuchEndpoint);
        r.route().failureHandler(new FailureHandler());
        return r;
    }

    private static void noSuchEndpoint(RoutingContext ctx) {
        ctx.fail(ColdchainException.notFound("no endpoint " + ctx.request().method() + " "
                + Ids.describe(ctx.request().path())));
    }

    /** Scraping walks every meter: done on a worker so that a large registry never stalls the event loop. */
    private void metrics(RoutingContext ctx) {
        vertx.executeBlocking(() -> registry.scrape(), false)
                .onSuccess(text -> ctx.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT)
                        .end(text))
                .onFailure(ctx::fail);
    }

    private static Buffer openApiDocument() {
        try (InputStream in = HttpVerticle.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the class path");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

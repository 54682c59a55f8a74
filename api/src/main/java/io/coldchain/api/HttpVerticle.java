package io.coldchain.api;

import io.coldchain.alerting.notify.NotificationTargetStore;
import io.coldchain.alerting.notify.OutboxStore;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.core.config.AuthOptions;
import io.coldchain.core.config.HttpOptions;
import io.coldchain.core.config.NotifyOptions;
import io.coldchain.core.config.TlsListener;
import io.coldchain.core.credential.MqttCredentialEvents;
import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.coldchain.core.readings.ReadingQueryStore;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.RejectionStore;
import io.coldchain.records.digest.DigestStore;
import io.coldchain.records.digest.IntegrityCheck;
import io.coldchain.records.excursion.ExcursionSource;
import io.coldchain.records.export.LogPdf;
import io.coldchain.records.export.ReportDocuments;
import io.coldchain.records.export.ReportFonts;
import io.coldchain.records.export.SelfInspectionPdf;
import io.coldchain.records.log.SeriesStore;
import io.coldchain.records.log.TemperatureLogService;
import io.coldchain.records.report.ComplianceReportService;
import io.coldchain.records.report.ReportScheduleStore;
import io.coldchain.records.report.SelfInspectionService;
import io.coldchain.records.trace.BatchTraceService;
import io.coldchain.registry.AuditStore;
import io.coldchain.registry.RegistryStore;
import io.coldchain.registry.RegistryStore.Entity;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.ShipmentStore;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.calibration.CalibrationStore;
import io.coldchain.registry.profile.ProfileStore;
import io.coldchain.registry.user.SessionStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the HTTP edge: one server, one router, one failure handler.
 *
 * <p>Routes (each described in {@code openapi.yaml}, which a test holds to this list):
 * <ul>
 *   <li>{@code GET /health}, {@code GET /metrics}, {@code GET /api/v1/openapi.yaml}: no token;
 *   <li>{@code GET /api/v1/tenants/{tenant}/sensors/{sensor}/readings},
 *       {@code GET /api/v1/tenants/{tenant}/rejections},
 *       {@code GET /api/v1/tenants/{tenant}/sensors/unassigned}: bearer token, then {@link AccessPolicy};
 *   <li>the registry ({@link RegistryEndpoint}): {@code PUT} and {@code GET}
 *       {@code /api/v1/tenants/{tenant}/{sites|assets|sensors|profiles|products|batches}/{id}},
 *       {@code GET} of each collection,
 *       {@code GET /api/v1/tenants/{tenant}/audit}: bearer token, then {@link AccessPolicy};
 *   <li>shipments, deliveries and placements ({@link ShipmentEndpoint}): the same.
 *   <li>alert notifications ({@link NotificationEndpoint}, {@link AlertStream}): {@code PUT} and
 *       {@code GET /api/v1/tenants/{tenant}/notification-targets/{target}}, {@code GET} of the
 *       collection, {@code GET /api/v1/tenants/{tenant}/notification-deliveries} and the live
 *       {@code GET /api/v1/tenants/{tenant}/alerts/stream} (Server-Sent Events).
 *   <li>MQTT credentials ({@link MqttCredentialEndpoint}, admin only): {@code POST} and {@code GET}
 *       {@code /api/v1/tenants/{tenant}/mqtt-credentials}, {@code DELETE …/{name}}, {@code POST …/{name}/rotate};
 *       reading conflicts ({@link ReadingConflictsEndpoint}): {@code GET /api/v1/tenants/{tenant}/reading-conflicts}.
 * </ul>
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
    private final NotifyOptions notify;
    private final Clock clock = Clock.systemUTC();

    /** The excursion alerts that logs, traces and reports show. */
    private ExcursionSource excursions = new AlertExcursions();

    private ReportFonts reportFonts = new ReportFonts(java.util.Optional.empty());
    private java.time.ZoneId timezone = java.time.ZoneId.of("UTC");
    /** Login sessions' timeouts and the slowing of failed logins. */
    private AuthOptions people = new AuthOptions(java.util.Optional.empty(), java.time.Duration.ofHours(12));
    /** Who is told of MQTT credential changes (the embedded broker disconnects revoked clients). */
    private MqttCredentialEvents credentialEvents = MqttCredentialEvents.NONE;

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
     */
    public HttpVerticle(
            HttpOptions http,
            DataSource dataSource,
            TokenService tokens,
            PrometheusMeterRegistry registry,
            BooleanSupplier brokerConnected,
            String storage) {
        this(http, dataSource, tokens, registry, brokerConnected, storage, NotifyOptions.defaults());
    }

    /**
     * As above, with the notification settings: e-mail notification targets are accepted only when
     * {@code notify} names an SMTP server.
     */
    public HttpVerticle(
            HttpOptions http,
            DataSource dataSource,
            TokenService tokens,
            PrometheusMeterRegistry registry,
            BooleanSupplier brokerConnected,
            String storage,
            NotifyOptions notify) {
        this.notify = Objects.requireNonNull(notify, "notify");
        this.http = Objects.requireNonNull(http, "http");
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.brokerConnected = Objects.requireNonNull(brokerConnected, "brokerConnected");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /**
     * The records' collaborators, set before deployment: where excursion alerts come from, and the
     * font PDF reports embed.
     */
    public HttpVerticle records(ExcursionSource excursions, ReportFonts fonts) {
        this.excursions = Objects.requireNonNull(excursions, "excursions");
        this.reportFonts = Objects.requireNonNull(fonts, "fonts");
        return this;
    }

    /** The settings of logins and sessions (timeouts, slowing of failed attempts), set before deployment. */
    /** The time zone of sites registered without one (the {@code timezone} setting; UTC by default). */
    public HttpVerticle timezone(java.time.ZoneId zone) {
        this.timezone = Objects.requireNonNull(zone, "zone");
        return this;
    }

    public HttpVerticle people(AuthOptions auth) {
        this.people = Objects.requireNonNull(auth, "auth");
        return this;
    }

    /** Who is told of MQTT credential changes, set before deployment. */
    public HttpVerticle credentials(MqttCredentialEvents events) {
        this.credentialEvents = Objects.requireNonNull(events, "events");
        return this;
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
        AuditStore audit = new AuditStore();
        RegistryStore registryStore = new RegistryStore(audit);
        AccessPolicy policy = new AccessPolicy(registryStore);
        ReadingStore readings = new ReadingStore();
        Router r = Router.router(vertx);
        r.route().handler(new RequestMetrics(registry));
        r.route().handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));

        get(r, "/health", new HealthEndpoint(db, brokerConnected, storage));
        get(r, "/metrics", this::metrics);
        get(
                r,
                "/api/v1/openapi.yaml",
                ctx -> ctx.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml") // RFC 9512
                        .end(openApi));

        SessionAuth sessions = new SessionAuth(db, new SessionStore(), people);
        BearerAuth auth = new BearerAuth(tokens, sessions);
        // People (web app): login, logout, who am I, users of tenants, regulators, the sites a caller may read.
        LoginEndpoint login = new LoginEndpoint(vertx, db, people, sessions, audit, registry);
        route(r, HttpMethod.POST, "/api/v1/login", login::login);
        route(r, HttpMethod.POST, "/api/v1/logout", auth, login::logout);
        get(r, "/api/v1/me", auth, login::whoAmI);
        UserEndpoint users = new UserEndpoint(vertx, db, audit);
        get(r, "/api/v1/sites", auth, users::sites);
        route(r, HttpMethod.GET, "/api/v1/regulators", auth, users::listRegulators);
        route(r, HttpMethod.POST, "/api/v1/regulators", auth, users::createRegulator);
        route(r, HttpMethod.GET, "/api/v1/tenants/{tenant}/users", auth, users::list);
        route(r, HttpMethod.POST, "/api/v1/tenants/{tenant}/users", auth, users::create);
        route(r, HttpMethod.DELETE, "/api/v1/tenants/{tenant}/users/{username}", auth, users::disable);
        get(
                r,
                "/api/v1/tenants/{tenant}/sensors/{sensor}/readings",
                auth,
                new ReadingsEndpoint(db, policy, new ReadingQueryStore(), clock));
        // Before /sensors/{sensor}: routes match in order.
        get(r, "/api/v1/tenants/{tenant}/sensors/unassigned", auth, new UnassignedEndpoint(db, policy, readings));
        get(
                r,
                "/api/v1/tenants/{tenant}/rejections",
                auth,
                new RejectionsEndpoint(db, policy, new RejectionStore(), clock));
        get(
                r,
                "/api/v1/tenants/{tenant}/reading-conflicts",
                auth,
                new ReadingConflictsEndpoint(db, policy, readings, clock));
        MqttCredentialEndpoint mqttCredentials =
                MqttCredentialEndpoint.create(db, policy, audit, credentialEvents, clock);
        route(r, HttpMethod.GET, "/api/v1/tenants/{tenant}/mqtt-credentials", auth, mqttCredentials::list);
        route(r, HttpMethod.POST, "/api/v1/tenants/{tenant}/mqtt-credentials", auth, mqttCredentials::issue);
        route(r, HttpMethod.DELETE, "/api/v1/tenants/{tenant}/mqtt-credentials/{name}", auth, mqttCredentials::revoke);
        route(
                r,
                HttpMethod.POST,
                "/api/v1/tenants/{tenant}/mqtt-credentials/{name}/rotate",
                auth,
                mqttCredentials::rotate);

        RegistryEndpoint registryEndpoint = new RegistryEndpoint(db, policy, registryStore, audit);
        registry(r, auth, registryEndpoint, Entity.SITE, (id, body) -> RegistryBody.site(body, timezone));
        registry(r, auth, registryEndpoint, Entity.ASSET, (id, body) -> RegistryBody.asset(body));
        registry(r, auth, registryEndpoint, Entity.SENSOR, (id, body) -> RegistryBody.sensor(body));
        registry(r, auth, registryEndpoint, Entity.PROFILE, RegistryBody::profile);
        registry(r, auth, registryEndpoint, Entity.PRODUCT, (id, body) -> RegistryBody.product(body));
        registry(r, auth, registryEndpoint, Entity.BATCH, (id, body) -> RegistryBody.batch(body));
        get(r, "/api/v1/tenants/{tenant}/audit", auth, registryEndpoint::audit);

        ShipmentEndpoint shipments = new ShipmentEndpoint(db, policy, registryStore, new ShipmentStore(audit));
        route(r, HttpMethod.GET, "/api/v1/tenants/{tenant}/shipments", auth, shipments::listShipments);
        route(r, HttpMethod.POST, "/api/v1/tenants/{tenant}/shipments", auth, shipments::createShipment);
        route(r, HttpMethod.GET, "/api/v1/tenants/{tenant}/shipments/{shipment}", auth, shipments::getShipment);
        route(r, HttpMethod.POST, "/api/v1/tenants/{tenant}/shipments/{shipment}/deliver", auth, shipments::deliver);
        route(r, HttpMethod.GET, "/api/v1/tenants/{tenant}/placements", auth, shipments::listPlacements);
        route(r, HttpMethod.POST, "/api/v1/tenants/{tenant}/placements", auth, shipments::createPlacement);

        OutboxStore outbox = new OutboxStore();
        alertStream = new AlertStream(vertx, db, policy, outbox, registry);
        // Before any /alerts/{id} route: routes match in order.
        get(r, "/api/v1/tenants/{tenant}/alerts/stream", auth, alertStream::handle);
        NotificationEndpoint notifications = new NotificationEndpoint(
                db,
                policy,
                new NotificationTargetStore(),
                outbox,
                audit,
                notify.emailEnabled(),
                notify.webhookAllowPrivate());
        route(r, HttpMethod.GET, "/api/v1/tenants/{tenant}/notification-targets", auth, notifications::listTargets);
        route(
                r,
                HttpMethod.GET,
                "/api/v1/tenants/{tenant}/notification-targets/{target}",
                auth,
                notifications::getTarget);
        route(
                r,
                HttpMethod.PUT,
                "/api/v1/tenants/{tenant}/notification-targets/{target}",
                auth,
                notifications::putTarget);
        route(
                r,
                HttpMethod.GET,
                "/api/v1/tenants/{tenant}/notification-deliveries",
                auth,
                notifications::listDeliveries);
        AlertEndpoint alerts = new AlertEndpoint(db, policy, new AlertStore(), audit, outbox::append);
        get(r, "/api/v1/tenants/{tenant}/alerts", auth, alerts::list);
        get(r, "/api/v1/tenants/{tenant}/alerts/{id}", auth, alerts::get);
        route(r, HttpMethod.POST, "/api/v1/tenants/{tenant}/alerts/{id}/ack", auth, alerts::acknowledge);
        route(r, HttpMethod.POST, "/api/v1/tenants/{tenant}/alerts/{id}/resolve", auth, alerts::resolve);
        // Records (records module): integrity of the sealed readings, calibrations, temperature logs, batch traces.
        RecordsEndpoint records = new RecordsEndpoint(
                db,
                policy,
                new IntegrityCheck(new DigestStore()),
                new CalibrationStore(),
                new RegistryView(),
                audit,
                clock);
        get(r, "/api/v1/tenants/{tenant}/integrity", auth, records::integrity);
        TemperatureLogService logs = new TemperatureLogService(
                new RegistryView(),
                new AttributionStore(),
                new ProfileStore(),
                new SeriesStore(),
                new CalibrationStore(),
                new DigestStore(),
                excursions,
                timezone);
        get(
                r,
                "/api/v1/tenants/{tenant}/sites/{site}/temperature-log",
                auth,
                new TemperatureLogEndpoint(db, policy, logs, new LogPdf(reportFonts), clock)::handle);
        // Periodic compliance (self-inspection) reports and their schedules (records module, contract §10).
        ComplianceReportService complianceReports =
                new ComplianceReportService(logs, new IntegrityCheck(new DigestStore()));
        get(
                r,
                "/api/v1/tenants/{tenant}/sites/{site}/compliance-report",
                auth,
                new ComplianceReportEndpoint(db, policy, complianceReports, new ReportDocuments(reportFonts), clock)
                        ::handle);
        get(
                r,
                "/api/v1/tenants/{tenant}/self-inspection",
                auth,
                new SelfInspectionEndpoint(
                        db,
                        policy,
                        new SelfInspectionService(complianceReports),
                        new SelfInspectionPdf(reportFonts),
                        clock)::handle);
        ReportScheduleEndpoint schedules = new ReportScheduleEndpoint(
                db, policy, new ReportScheduleStore(), complianceReports, new NotificationTargetStore(), audit, clock);
        get(r, "/api/v1/tenants/{tenant}/report-schedules", auth, schedules::list);
        get(r, "/api/v1/tenants/{tenant}/report-schedules/{schedule}", auth, schedules::get);
        route(r, HttpMethod.PUT, "/api/v1/tenants/{tenant}/report-schedules/{schedule}", auth, schedules::put);
        route(r, HttpMethod.DELETE, "/api/v1/tenants/{tenant}/report-schedules/{schedule}", auth, schedules::delete);
        BatchTraceService traces = new BatchTraceService(
                new RegistryView(),
                new AttributionStore(),
                new ProfileStore(),
                new SeriesStore(),
                new CalibrationStore(),
                excursions);
        get(
                r,
                "/api/v1/tenants/{tenant}/batches/{lot}/trace",
                auth,
                new BatchTraceEndpoint(db, policy, traces, clock)::handle);
        route(
                r,
                HttpMethod.GET,
                "/api/v1/tenants/{tenant}/sensors/{sensor}/calibrations",
                auth,
                records::listCalibrations);
        route(
                r,
                HttpMethod.POST,
                "/api/v1/tenants/{tenant}/sensors/{sensor}/calibrations",
                auth,
                records::addCalibration);

        WebApp.mount(r);

        // Unknown paths under a tenant ask for a token first: without one, nothing about the tenant is answered.
        r.route("/api/v1/tenants/*").handler(auth).handler(HttpVerticle::noSuchEndpoint);
        r.route().last().handler(HttpVerticle::noSuchEndpoint);
        r.route().failureHandler(new FailureHandler());
        return r;
    }

    /** {@code PUT} and {@code GET} of one registry entity, {@code GET} of its collection. */
    private static void registry(
            Router r,
            BearerAuth auth,
            RegistryEndpoint endpoint,
            Entity e,
            BiFunction<String, Buffer, RegistryBody.Parsed> parse) {
        String collection = "/api/v1/tenants/{tenant}/" + e.collection();
        String item = collection + "/{" + e.idColumn() + "}";
        route(r, HttpMethod.GET, collection, auth, ctx -> endpoint.list(ctx, e));
        route(r, HttpMethod.GET, item, auth, ctx -> endpoint.get(ctx, e));
        route(r, HttpMethod.PUT, item, auth, ctx -> endpoint.put(ctx, e, parse));
    }

    @SafeVarargs
    private static void get(Router r, String template, Handler<RoutingContext>... handlers) {
        route(r, HttpMethod.GET, template, handlers);
    }

    /**
     * Registers a route written as in the OpenAPI document ({@code {param}}), with its handlers in
     * order (authentication first where needed). The template also tags the request metrics, so it is
     * set before anything can fail.
     */
    @SafeVarargs
    private static void route(Router r, HttpMethod method, String template, Handler<RoutingContext>... handlers) {
        Route route = r.route(method, template.replaceAll("\\{(\\w+)}", ":$1")).handler(ctx -> {
            ctx.put(RequestMetrics.ROUTE, template);
            ctx.next();
        });
        for (Handler<RoutingContext> h : handlers) {
            route.handler(h);
        }
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

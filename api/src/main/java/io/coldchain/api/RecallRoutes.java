package io.coldchain.api;

import io.coldchain.alerting.store.RecallHoldStore;
import io.coldchain.records.trace.BatchTraceService;
import io.coldchain.records.trace.PublicTraceService;
import io.coldchain.registry.AuditStore;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.ShipmentStore;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.publiccode.PublicCodeStore;
import io.coldchain.registry.recall.LotLocations;
import io.coldchain.registry.recall.RecallService;
import io.coldchain.registry.recall.RecallStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;

/**
 * The routes of recalls and public trace codes (contract §9), mounted by {@link HttpVerticle} with
 * one call, before the web app's static files:
 * <ul>
 *   <li>{@code POST} and {@code GET /api/v1/tenants/{tenant}/recalls}, {@code GET …/recalls/{recall}},
 *       {@code POST …/recalls/{recall}/locations/{site}}, {@code POST …/recalls/{recall}/close}
 *       ({@link RecallEndpoint});
 *   <li>{@code GET} and {@code DELETE /api/v1/tenants/{tenant}/batches/{lot}/public-code}
 *       ({@link PublicCodeEndpoint});
 *   <li>no token: {@code GET /api/v1/public/trace/{code}} behind a per-address rate limit, and the
 *       page {@code GET /t/{code}} ({@link PublicTraceEndpoint}).
 * </ul>
 */
final class RecallRoutes {
    /** Public look-ups per client address: a burst of this many, then {@link #PUBLIC_REFILL} apart. */
    static final int PUBLIC_BURST = 60;

    static final Duration PUBLIC_REFILL = Duration.ofSeconds(1);

    private RecallRoutes() {}

    static void mount(
            Router r,
            Handler<RoutingContext> auth,
            DbWorker db,
            AccessPolicy policy,
            AuditStore audit,
            BatchTraceService traces,
            MeterRegistry metrics,
            Clock clock) {
        RegistryView registry = new RegistryView();
        RecallStore recallStore = new RecallStore();
        RecallService recalls = new RecallService(
                recallStore,
                new LotLocations(new AttributionStore(), new ShipmentStore(audit)),
                registry,
                new RecallHoldStore(),
                audit);
        RecallEndpoint recall = new RecallEndpoint(db, policy, recalls, clock);
        String base = "/api/v1/tenants/{tenant}/recalls";
        route(r, HttpMethod.GET, base, auth, recall::list);
        route(r, HttpMethod.POST, base, auth, recall::create);
        route(r, HttpMethod.GET, base + "/{recall}", auth, recall::get);
        route(r, HttpMethod.POST, base + "/{recall}/locations/{site}", auth, recall::updateLocation);
        route(r, HttpMethod.POST, base + "/{recall}/close", auth, recall::close);

        PublicCodeStore codes = new PublicCodeStore(audit);
        PublicCodeEndpoint code = new PublicCodeEndpoint(db, policy, codes, registry);
        String publicCode = "/api/v1/tenants/{tenant}/batches/{lot}/public-code";
        route(r, HttpMethod.GET, publicCode, auth, code::get);
        route(r, HttpMethod.DELETE, publicCode, auth, code::revoke);

        PublicTraceEndpoint trace = new PublicTraceEndpoint(
                db, codes, recallStore, new PublicTraceService(traces, registry), clock, metrics);
        ClientRateLimit limit = new ClientRateLimit(PUBLIC_BURST, PUBLIC_REFILL, metrics, System::nanoTime);
        route(r, HttpMethod.GET, "/api/v1/public/trace/{code}", limit, trace::json);
        route(r, HttpMethod.GET, "/t/{code}", PublicTraceEndpoint::page);
    }

    /** As {@code HttpVerticle.route}: the template tags the request metrics before anything can fail. */
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
}

package io.coldchain.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;

/**
 * Times every request into {@value #METER} (Prometheus: {@code coldchain_http_requests_seconds}),
 * tagged by method, route template and status. The route is the template ({@code /api/v1/tenants/{tenant}/…}),
 * never the concrete path, and unknown paths are all {@code unmatched}: tag values must stay few
 * whatever callers send.
 */
final class RequestMetrics implements Handler<RoutingContext> {
    static final String METER = "coldchain.http.requests";
    /** Context key where a matched route leaves its template. */
    static final String ROUTE = "coldchain.route";

    private final MeterRegistry registry;

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(ar -> {
            String route = ctx.get(ROUTE);
            Timer.builder(METER)
                    .description("HTTP requests by route and status")
                    .tag("method", method(ctx.request().method()))
                    .tag("route", route == null ? "unmatched" : route)
                    .tag("status", String.valueOf(ctx.response().getStatusCode()))
                    .register(registry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        });
        ctx.next();
    }

    private static String method(HttpMethod m) {
        return HttpMethod.values().contains(m) ? m.name() : "OTHER";
    }
}

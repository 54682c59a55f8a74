package io.coldchain.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Registers routes written as in the OpenAPI document ({@code {param}}). An authenticated route gets
 * {@link BearerAuth} and then {@link RequestContext#attach} in front of its endpoint, so every
 * endpoint finds the caller, the tenant and the region scope derived once. The template also tags
 * the request metrics, so it is set before anything can fail.
 */
final class Routes {
    private final Router router;
    private final BearerAuth auth;

    Routes(Router router, BearerAuth auth) {
        this.router = router;
        this.auth = auth;
    }

    /** A route anyone may call (health, metrics, the OpenAPI document, login). */
    void open(HttpMethod method, String template, Handler<RoutingContext> endpoint) {
        route(method, template).handler(endpoint);
    }

    /** A route anyone may call, behind a guard (a rate limit) that ends the request or hands it on. */
    void open(HttpMethod method, String template, Handler<RoutingContext> guard, Handler<RoutingContext> endpoint) {
        route(method, template).handler(guard).handler(endpoint);
    }

    /** A route for authenticated callers only: 401 before the endpoint is reached. */
    void authenticated(HttpMethod method, String template, Handler<RoutingContext> endpoint) {
        route(method, template).handler(auth).handler(RequestContext::attach).handler(endpoint);
    }

    void get(String template, Handler<RoutingContext> endpoint) {
        authenticated(HttpMethod.GET, template, endpoint);
    }

    void put(String template, Handler<RoutingContext> endpoint) {
        authenticated(HttpMethod.PUT, template, endpoint);
    }

    void post(String template, Handler<RoutingContext> endpoint) {
        authenticated(HttpMethod.POST, template, endpoint);
    }

    void delete(String template, Handler<RoutingContext> endpoint) {
        authenticated(HttpMethod.DELETE, template, endpoint);
    }

    private Route route(HttpMethod method, String template) {
        return router.route(method, template.replaceAll("\\{(\\w+)}", ":$1")).handler(ctx -> {
            ctx.put(RequestMetrics.ROUTE, template);
            ctx.next();
        });
    }
}

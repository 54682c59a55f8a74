package io.coldchain.api;

import io.coldchain.registry.RegionScope;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.Optional;

/**
 * Who calls, for which tenant, within which region: derived once per request, right after
 * authentication ({@link #attach}), and read by every endpoint and by {@link AccessPolicy}, so no
 * handler re-reads the token or the path's tenant.
 *
 * @param caller the authenticated principal
 * @param tenantParam the path's {@code {tenant}}, checked as an identifier (a bad one was a 400
 *     before this existed); empty on routes without one ({@code /api/v1/me}, {@code /api/v1/sites}, ...)
 * @param region for a regulator with a region code, the region it reads; empty for everyone else
 *     (tenant users read their whole tenant, a regulator without a region reads nothing)
 */
record RequestContext(Principal caller, Optional<String> tenantParam, Optional<RegionScope> region) {
    static final String KEY = "coldchain.request";

    RequestContext {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(tenantParam, "tenantParam");
        Objects.requireNonNull(region, "region");
    }

    /** The handler after authentication: builds the context and hands the request on. */
    static void attach(RoutingContext ctx) {
        Principal caller = ctx.get(BearerAuth.PRINCIPAL);
        if (caller == null) {
            // A route reached without BearerAuth in front of it: a wiring bug, not the caller's fault.
            throw new IllegalStateException("no principal on " + ctx.request().path());
        }
        Optional<String> tenant =
                ctx.pathParam("tenant") == null ? Optional.empty() : Optional.of(Params.id(ctx, "tenant"));
        tenant.ifPresent(t -> ctx.put(FailureHandler.TENANT, t));
        Optional<RegionScope> region =
                caller.isRegulator() ? caller.regionPrefix().map(RegionScope::region) : Optional.empty();
        ctx.put(KEY, new RequestContext(caller, tenant, region));
        ctx.next();
    }

    /** The context {@link #attach} left on this request. */
    static RequestContext of(RoutingContext ctx) {
        RequestContext request = ctx.get(KEY);
        if (request == null) {
            throw new IllegalStateException(
                    "no request context on " + ctx.request().path());
        }
        return request;
    }

    /** The path's tenant; only called by endpoints whose route has one. */
    String tenant() {
        return tenantParam.orElseThrow(() -> new IllegalStateException("the route has no {tenant}"));
    }

    String role() {
        return caller.role();
    }

    boolean hasRole(String role) {
        return caller.role().equals(role);
    }
}

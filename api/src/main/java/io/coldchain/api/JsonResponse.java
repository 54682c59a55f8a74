package io.coldchain.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Writes a successful JSON answer; errors go through {@link FailureHandler}. */
final class JsonResponse {
    private JsonResponse() {}

    static void send(RoutingContext ctx, int status, Buffer body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                // Records of a tenant: no shared cache may keep them.
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(body);
    }

    static void ok(RoutingContext ctx, Buffer body) {
        send(ctx, 200, body);
    }
}

package io.coldchain.api;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failed request becomes a response: {@code {"error": code, "detail": text}}
 * with the status of the {@link ColdchainException}. Anything else is our fault: 500
 * {@code {"error": "internal"}}, logged here once with method, path and tenant, and never a stack
 * trace or an exception message to the caller.
 */
final class FailureHandler implements Handler<RoutingContext> {
    /** Context key under which endpoints leave the tenant they serve, for the log line. */
    static final String TENANT = "coldchain.tenant";

    static final String INTERNAL_DETAIL = "internal error; it has been logged";

    private static final Logger LOG = LoggerFactory.getLogger(FailureHandler.class);

    @Override
    public void handle(RoutingContext ctx) {
        ColdchainException error = translate(ctx.failure(), ctx.statusCode());
        log(ctx, error);
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            // Too late for an error body: the client would take a half-written response for a whole one.
            response.reset();
            return;
        }
        if (error.status() == 401) {
            // RFC 6750 §3: tells the client which scheme to use.
            response.putHeader("WWW-Authenticate", "Bearer realm=\"coldchain\"");
        }
        String detail = error.status() == 500 ? INTERNAL_DETAIL : error.detail();
        response.setStatusCode(error.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(new JsonObject()
                        .put("error", error.error())
                        .put("detail", detail)
                        .encode());
    }

    static ColdchainException translate(Throwable failure, int status) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ColdchainException ce) {
            return ce;
        }
        if (t instanceof HttpException he) {
            return fromStatus(he.getStatusCode(), he);
        }
        if (t == null) {
            // ctx.fail(status) from Vert.x itself, e.g. 413 from the body handler.
            return fromStatus(status, null);
        }
        return ColdchainException.internal(t.toString(), t);
    }

    private static ColdchainException fromStatus(int status, Throwable cause) {
        if (status < 400 || status > 599) {
            return ColdchainException.internal("failure with status " + status, cause);
        }
        String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
        String code =
                reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        return new ColdchainException(status, code, reason, cause);
    }

    private static void log(RoutingContext ctx, ColdchainException error) {
        if (error.status() < 500) {
            return; // the caller's mistake, answered in the response; logging it would let anyone flood the log
        }
        Object tenant = ctx.get(TENANT);
        if (tenant == null) {
            Principal p = ctx.get(BearerAuth.PRINCIPAL);
            tenant = p == null ? "-" : p.tenant();
        }
        Throwable cause = error.status() == 500 ? (error.getCause() != null ? error.getCause() : error) : null;
        String path = Ids.describe(ctx.request().path());
        if (cause != null) {
            LOG.error("HTTP {} {} failed (tenant {})", ctx.request().method(), path, tenant, cause);
        } else {
            LOG.warn(
                    "HTTP {} {} failed (tenant {}): {} {}{}",
                    ctx.request().method(),
                    path,
                    tenant,
                    error.status(),
                    error.detail(),
                    error.getCause() == null ? "" : " (" + error.getCause() + ")");
        }
    }
}

package io.coldchain.api;

import io.coldchain.core.error.ColdchainException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health}: 200 when the database answers within {@link #DB_TIMEOUT} and the broker
 * connection is up, 503 otherwise, with what is down in the body. No authentication: load
 * balancers and orchestrators call it.
 *
 * <p>Probes arriving while a database check is under way share it: during an outage each check
 * may hold a worker until it times out, and probes every second must not pile up behind it.
 */
final class HealthEndpoint implements Handler<RoutingContext> {
    static final Duration DB_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(HealthEndpoint.class);

    private final DbWorker db;
    private final BooleanSupplier brokerConnected;
    private final String storage;
    /** The check under way, shared by concurrent probes. Touched on this verticle's event loop only. */
    private Future<Void> inflight;

    private Boolean lastUp;

    HealthEndpoint(DbWorker db, BooleanSupplier brokerConnected, String storage) {
        this.db = db;
        this.brokerConnected = brokerConnected;
        this.storage = storage;
    }

    @Override
    public void handle(RoutingContext ctx) {
        boolean broker = brokerUp();
        databaseCheck().onComplete(ar -> {
            boolean database = ar.succeeded();
            boolean up = database && broker;
            noteTransition(up, ar, broker);
            JsonObject body = new JsonObject()
                    .put("status", up ? "up" : "down")
                    .put(
                            "database",
                            new JsonObject().put("up", database).put("detail", database ? "ok" : reason(ar.cause())))
                    .put("broker", new JsonObject().put("up", broker))
                    .put("storage", storage);
            JsonResponse.send(ctx, up ? 200 : 503, body.toBuffer());
        });
    }

    private Future<Void> databaseCheck() {
        Future<Void> check = inflight;
        if (check == null) {
            Future<Void> started = db.ping(DB_TIMEOUT);
            inflight = started;
            // May run at once if the check is already over; then it just clears what it set.
            started.onComplete(ar -> {
                if (inflight == started) {
                    inflight = null;
                }
            });
            check = started;
        }
        return check;
    }

    private boolean brokerUp() {
        try {
            return brokerConnected.getAsBoolean();
        } catch (RuntimeException e) {
            // A broken probe must not break the health answer; it means we cannot vouch for the broker.
            LOG.warn("Broker connection probe failed: {}", e.toString());
            return false;
        }
    }

    private static String reason(Throwable t) {
        if (t instanceof ColdchainException ce) {
            return ce.detail();
        }
        if (t instanceof TimeoutException) {
            return "no answer within " + DB_TIMEOUT.toSeconds() + " s";
        }
        return "unavailable (" + t.getClass().getSimpleName() + ")";
    }

    /** Logs only changes, so that a probe every second during an outage does not flood the log. */
    private void noteTransition(boolean up, AsyncResult<Void> database, boolean broker) {
        if (lastUp != null && lastUp == up) {
            return;
        }
        lastUp = up;
        if (up) {
            LOG.info("Health: up");
        } else {
            Throwable cause = database.failed() ? database.cause() : null;
            LOG.warn(
                    "Health: down (database {}, broker {})",
                    cause == null ? "up" : String.valueOf(cause.getCause() != null ? cause.getCause() : cause),
                    broker ? "up" : "down");
        }
    }
}

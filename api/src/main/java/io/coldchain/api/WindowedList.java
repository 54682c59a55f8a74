package io.coldchain.api;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * What the tenant's time-windowed lists share (a sensor's readings, rejections, reading conflicts):
 * the access check and the list's own parameters first ({@link #open}), then {@code from}/{@code to}
 * (by default the span before now) and {@code limit}, one row more than the limit asked of the
 * database (so the page can tell whether there is more), and the page rendered on the worker.
 */
abstract class WindowedList<R> implements Handler<RoutingContext> {
    /** How to read a page's rows; {@code limit} is already one more than the caller's. */
    @FunctionalInterface
    interface Rows<R> {
        List<R> read(Connection c, TimeWindow window, int limit) throws SQLException;
    }

    /** How to answer them: at most {@code limit} rows, and whether there are more. */
    @FunctionalInterface
    interface Render<R> {
        Buffer render(TimeWindow window, int limit, List<R> rows);
    }

    /** One list request, after its access check: how to read the rows, and how to answer them. */
    record Page<R>(Rows<R> rows, Render<R> render) {}

    final AccessPolicy policy;
    private final DbWorker db;
    private final Clock clock;
    private final Duration defaultSpan;
    private final int defaultLimit;
    private final int maxLimit;

    WindowedList(DbWorker db, AccessPolicy policy, Clock clock, Duration defaultSpan, int defaultLimit, int maxLimit) {
        this.db = db;
        this.policy = policy;
        this.clock = clock;
        this.defaultSpan = defaultSpan;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    /** Checks the caller's access and the list's own parameters (400, 403, 404 before any query). */
    abstract Page<R> open(RequestContext request, RoutingContext ctx);

    @Override
    public final void handle(RoutingContext ctx) {
        Page<R> page = open(RequestContext.of(ctx), ctx);
        TimeWindow window = Params.window(ctx, clock.instant(), defaultSpan);
        int limit = Params.limit(ctx, defaultLimit, maxLimit);
        db.query(
                        c -> page.rows().read(c, window, limit + 1),
                        rows -> page.render().render(window, limit, rows))
                .onSuccess(body -> JsonResponse.ok(ctx, body))
                .onFailure(ctx::fail);
    }
}

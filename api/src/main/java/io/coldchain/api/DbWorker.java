package io.coldchain.api;

import io.coldchain.core.db.Jdbc;
import io.coldchain.core.error.ColdchainException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The only way the HTTP edge reaches the database: blocking JDBC on a small worker pool of its own,
 * never on the event loop. The pool is bounded (and smaller than the connection pool) so that a
 * burst of slow queries queues here instead of starving the ingest writers of connections.
 */
final class DbWorker implements AutoCloseable {
    /** Queries in parallel; the writers keep the rest of the connection pool. */
    static final int THREADS = 4;

    private final DataSource dataSource;
    private final WorkerExecutor executor;

    DbWorker(Vertx vertx, DataSource dataSource) {
        this.dataSource = dataSource;
        this.executor = vertx.createSharedWorkerExecutor("coldchain-http-db", THREADS);
    }

    /**
     * Runs {@code work} on a worker with a connection, then {@code after} on the same worker once the
     * connection is back in the pool (rendering a large response should not hold a connection, nor the
     * event loop). Unordered: requests do not wait for each other.
     */
    <T, R> Future<R> query(Jdbc.Work<T> work, Function<T, R> after) {
        return executor.executeBlocking(
                () -> {
                    T result;
                    try (Connection c = dataSource.getConnection()) {
                        result = work.apply(c);
                    } catch (SQLException e) {
                        throw translate(e);
                    }
                    return after.apply(result);
                },
                false);
    }

    /** Whether the database answers within {@code timeout}; fails with the reason otherwise. */
    Future<Void> ping(Duration timeout) {
        int seconds = (int) Math.max(1, timeout.toSeconds());
        return executor.<Void>executeBlocking(
                        () -> {
                            try (Connection c = dataSource.getConnection()) {
                                // isValid is JDBC's "SELECT 1": PgJDBC sends an empty query and waits for the answer.
                                if (!c.isValid(seconds)) {
                                    throw ColdchainException.unavailable(
                                            "database did not answer within " + seconds + " s", null);
                                }
                                return null;
                            } catch (SQLException e) {
                                throw translate(e);
                            }
                        },
                        false)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Connection trouble is 503 (try again later); anything else is a bug or a schema problem, 500. */
    private static Exception translate(SQLException e) {
        String state = e.getSQLState();
        if (e instanceof SQLTransientConnectionException || (state != null && state.startsWith("08"))) {
            // The driver's message may name hosts and ports: it goes to the log (as the cause), not to callers.
            return ColdchainException.unavailable(
                    "database unavailable" + (state == null ? "" : " (SQL state " + state + ")"), e);
        }
        return e;
    }

    @Override
    public void close() {
        executor.close();
    }
}

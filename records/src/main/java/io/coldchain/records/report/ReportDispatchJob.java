package io.coldchain.records.report;

import io.coldchain.records.report.ReportDeliveryStore.Outgoing;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the queued reports ({@code report_deliveries}) through a {@link ReportSender}, at least once
 * (each with its idempotency key): claims due rows with a lease in a short transaction, sends them
 * outside it, then records delivered, a retry (the notification settings' backoff: base doubled per
 * attempt up to max) or parked after the last attempt. A dispatcher that dies between claim and
 * result leaves the rows to be claimed again when the lease runs out.
 *
 * <p>The same queue carries recall notices (V19): they are sent the same way, told apart by their kind.
 *
 * <p>Metric: {@code coldchain_report_deliveries_total{kind=report|recall,outcome=delivered|retry|parked}}
 * ({@code outcome=queued} is counted where rows are queued).
 */
public final class ReportDispatchJob {
    private static final Logger LOG = LoggerFactory.getLogger(ReportDispatchJob.class);
    static final int BATCH = 20;
    static final Duration LEASE = Duration.ofMinutes(5);

    private final ReportDeliveryStore store;
    private final ReportSender sender;
    private final Duration retryBase;
    private final Duration retryMax;
    private final int attempts;
    private final MeterRegistry meters;

    public ReportDispatchJob(
            ReportDeliveryStore store,
            ReportSender sender,
            Duration retryBase,
            Duration retryMax,
            int attempts,
            MeterRegistry meters) {
        this.store = store;
        this.sender = sender;
        this.retryBase = retryBase;
        this.retryMax = retryMax;
        this.attempts = attempts;
        this.meters = meters;
    }

    /** What a run did. */
    public record Outcome(int delivered, int retried, int parked) {}

    public Outcome run(Connection c, Instant now) throws SQLException {
        boolean auto = c.getAutoCommit();
        List<Outgoing> claimed;
        c.setAutoCommit(false);
        try {
            claimed = store.claimDue(c, BATCH, LEASE, now);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        int delivered = 0;
        int retried = 0;
        int parked = 0;
        for (Outgoing o : claimed) {
            try {
                sender.send(c, o);
                store.markDelivered(c, o.id(), now);
                delivered++;
                count(o, "delivered");
            } catch (SQLException e) {
                throw e;
            } catch (Exception e) {
                String error = e.getClass().getSimpleName() + ": " + e.getMessage();
                if (o.attempts() >= attempts) {
                    store.markParked(c, o.id(), error);
                    parked++;
                    count(o, "parked");
                    LOG.warn(
                            "delivery {} to {} parked after {} attempts: {}",
                            o.idempotencyKey(),
                            o.target(),
                            o.attempts(),
                            error);
                } else {
                    store.markRetry(c, o.id(), error, now.plus(backoff(o.attempts())));
                    retried++;
                    count(o, "retry");
                }
            }
        }
        return new Outcome(delivered, retried, parked);
    }

    /** base × 2^(attempt − 1), at most max. */
    Duration backoff(int attempt) {
        Duration d = retryBase;
        for (int i = 1; i < attempt && d.compareTo(retryMax) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(retryMax) > 0 ? retryMax : d;
    }

    private void count(Outgoing o, String outcome) {
        meters.counter(
                        "coldchain_report_deliveries_total",
                        "kind",
                        o.isReport() ? "report" : "recall",
                        "outcome",
                        outcome)
                .increment();
    }
}

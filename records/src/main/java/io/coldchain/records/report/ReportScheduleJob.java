package io.coldchain.records.report;

import io.coldchain.records.export.ReportDocuments;
import io.coldchain.records.export.ReportDocuments.Document;
import io.coldchain.records.log.LocalPeriod;
import io.coldchain.registry.RegistryView.Site;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled job of the report schedules (run by a {@code ScheduledJobVerticle}): for each
 * schedule whose next period has ended in the site's time zone, renders that period's compliance
 * report and queues it for each target, exactly once per period. One transaction per schedule and
 * period: the schedule's row is locked ({@code FOR UPDATE SKIP LOCKED}: another instance busy with it
 * is skipped, not waited for), the deliveries inserted and {@code delivered_through} advanced
 * together, so a crash before the commit leaves the period to the next run and a commit makes it
 * done for every instance and every restart. A schedule that fell behind (the backend was down)
 * catches up, at most {@link #CATCH_UP} periods per run.
 *
 * <p>A schedule whose report cannot be rendered (a PDF without a CJK font) is logged, counted and
 * skipped until the next run; the others go on. Database errors end the run (the job's retry).
 *
 * <p>Metrics: {@code coldchain_reports_queued_total{period}} (a report queued for one target),
 * {@code coldchain_reports_failed_total} (a schedule's period that could not be rendered).
 */
public final class ReportScheduleJob {
    private static final Logger LOG = LoggerFactory.getLogger(ReportScheduleJob.class);
    static final int CATCH_UP = 40;

    private final ReportScheduleStore store;
    private final ReportDeliveryStore deliveries = new ReportDeliveryStore();
    private final ComplianceReportService reports;
    private final ReportDocuments documents;
    private final MeterRegistry meters;

    public ReportScheduleJob(
            ReportScheduleStore store,
            ComplianceReportService reports,
            ReportDocuments documents,
            MeterRegistry meters) {
        this.store = store;
        this.reports = reports;
        this.documents = documents;
        this.meters = meters;
    }

    /** What a run did: periods rendered and deliveries queued. */
    public record Outcome(int periods, int queued, int failed) {
        @Override
        public String toString() {
            return periods + " report period(s) rendered, " + queued + " delivery(ies) queued, " + failed
                    + " schedule(s) failed";
        }
    }

    public Outcome run(Connection c, Instant now) throws SQLException {
        int periods = 0;
        int queued = 0;
        int failed = 0;
        for (String[] key : store.keys(c)) {
            for (int i = 0; i < CATCH_UP; i++) {
                int n;
                try {
                    n = nextPeriod(c, key[0], key[1], now);
                } catch (RuntimeException e) {
                    // One schedule's report that cannot be rendered (e.g. a PDF without a CJK font: 503)
                    // must not hold up the others; it is tried again at the next run.
                    LOG.warn(
                            "report schedule {}/{}: the report could not be rendered: {}",
                            key[0],
                            key[1],
                            e.getMessage());
                    meters.counter("coldchain_reports_failed_total").increment();
                    failed++;
                    break;
                }
                if (n < 0) {
                    break;
                }
                periods++;
                queued += n;
            }
        }
        return new Outcome(periods, queued, failed);
    }

    /** Queues the schedule's next period if it has ended; the deliveries queued, or -1 when nothing was due. */
    private int nextPeriod(Connection c, String tenant, String schedule, Instant now) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Optional<ReportSchedule> locked = store.lock(c, tenant, schedule);
            if (locked.isEmpty()) {
                c.rollback();
                return -1;
            }
            ReportSchedule s = locked.get();
            Site site = reports.logs().site(c, tenant, s.site());
            LocalPeriod next =
                    reports.period(site, s.period(), s.deliveredThrough().plusDays(1));
            if (next.to().isAfter(now)) {
                c.rollback();
                return -1;
            }
            ComplianceReport report =
                    reports.build(c, site, s.period(), next.first(), now, "report schedule " + s.schedule());
            Document doc = documents.render(report, s.format(), s.lang());
            int n = 0;
            for (String target : s.targets()) {
                if (deliveries.queue(c, s, next, target, doc.contentType(), doc.body(), now)) {
                    n++;
                }
            }
            store.advance(c, tenant, schedule, next.last());
            c.commit();
            meters.counter(
                            "coldchain_reports_queued_total",
                            "period",
                            s.period().wire())
                    .increment(n);
            return n;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}

package io.coldchain.app;

import io.coldchain.alerting.notify.ReportNotifier;
import io.coldchain.api.AlertExcursions;
import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.records.digest.DaySealer;
import io.coldchain.records.digest.DigestStore;
import io.coldchain.records.digest.IntegrityCheck;
import io.coldchain.records.export.ReportDocuments;
import io.coldchain.records.export.ReportFonts;
import io.coldchain.records.job.ScheduledJobVerticle;
import io.coldchain.records.log.SeriesStore;
import io.coldchain.records.log.TemperatureLogService;
import io.coldchain.records.recall.RecallNoticeText;
import io.coldchain.records.report.ComplianceReportService;
import io.coldchain.records.report.ReportDeliveryStore;
import io.coldchain.records.report.ReportDispatchJob;
import io.coldchain.records.report.ReportScheduleJob;
import io.coldchain.records.report.ReportScheduleStore;
import io.coldchain.records.retention.RetentionJob;
import io.coldchain.records.retention.RetentionStore;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.calibration.CalibrationStore;
import io.coldchain.registry.profile.ProfileStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Deploys the records module's scheduled jobs: the day sealer (tamper evidence), retention, and the
 * report schedules (compliance reports queued once per period).
 */
final class RecordsWiring {
    private RecordsWiring() {}

    static Future<Void> deploy(Vertx vertx, ColdchainConfig config, DataSource pool, MeterRegistry registry) {
        var records = config.records();
        DaySealer sealer = new DaySealer(new DigestStore(), records.sealMargin(), records.resealWindow());
        ScheduledJobVerticle seal = new ScheduledJobVerticle(
                "seal",
                records.sealEvery(),
                Duration.ofSeconds(30),
                pool,
                (c, now) -> sealer.run(c, now).toString(),
                registry,
                Clock.systemUTC());
        RetentionJob retention =
                new RetentionJob(new RetentionStore(), config.storage().retention());
        ScheduledJobVerticle purge = new ScheduledJobVerticle(
                "retention",
                records.retentionEvery(),
                Duration.ofMinutes(5),
                pool,
                (c, now) -> retention.run(c, now).toString(),
                registry,
                Clock.systemUTC());
        ReportScheduleJob reportJob = reportJob(config, registry);
        ScheduledJobVerticle reports = new ScheduledJobVerticle(
                "reports",
                REPORTS_EVERY,
                Duration.ofMinutes(1),
                pool,
                (c, now) -> reportJob.run(c, now).toString(),
                registry,
                Clock.systemUTC());
        var notify = config.notifications();
        ReportNotifier notifier = new ReportNotifier(vertx, notify, Clock.systemUTC());
        ReportDispatchJob dispatchJob = new ReportDispatchJob(
                new ReportDeliveryStore(),
                (c, delivery) -> {
                    if (delivery.isReport()) {
                        notifier.send(c, notice(delivery));
                    } else {
                        notifier.send(c, recallNotice(delivery));
                    }
                },
                notify.retryBase(),
                notify.retryMax(),
                notify.retryAttempts(),
                registry);
        ScheduledJobVerticle dispatch = new ScheduledJobVerticle(
                "report-dispatch",
                Duration.ofMinutes(1),
                Duration.ofSeconds(45),
                pool,
                (c, now) -> dispatchJob.run(c, now).toString(),
                registry,
                Clock.systemUTC());
        return vertx.deployVerticle(seal)
                .compose(id -> vertx.deployVerticle(purge))
                .compose(id -> vertx.deployVerticle(reports))
                .compose(id -> vertx.deployVerticle(dispatch))
                .mapEmpty();
    }

    /**
     * A queued report as alerting sends it: a webhook gets this notice with the report's API path (the
     * document stays behind the API's access rules), an e-mail the notice and the document attached.
     */
    static ReportNotifier.Report notice(ReportDeliveryStore.Outgoing o) {
        String path = "/api/v1/tenants/" + o.tenant() + "/sites/" + o.site() + "/compliance-report?period=" + o.period()
                + "&date=" + o.firstDay() + "&format=" + o.format();
        JsonObject notice = new JsonObject()
                .put("event", "compliance_report")
                .put("tenant", o.tenant())
                .put("site", o.site())
                .put("schedule", o.schedule())
                .put("period", o.period())
                .put("first_day", o.firstDay().toString())
                .put("last_day", o.lastDay().toString())
                .put("format", o.format())
                .put("report_path", path)
                .put("idempotency_key", o.idempotencyKey());
        return new ReportNotifier.Report(
                o.tenant(),
                o.target(),
                o.idempotencyKey(),
                "Coldchain compliance report " + o.site() + " " + o.firstDay() + " – " + o.lastDay(),
                notice,
                "compliance-report-" + o.site() + "-" + o.period() + "-" + o.firstDay() + "." + o.format(),
                o.contentType(),
                o.body());
    }

    /** A queued recall notice as alerting sends it: the JSON to a webhook, the en+zh text by e-mail. */
    static ReportNotifier.Notice recallNotice(ReportDeliveryStore.Outgoing o) {
        RecallNoticeText n = RecallNoticeText.of(o);
        return new ReportNotifier.Notice(o.tenant(), o.target(), o.idempotencyKey(), n.json(), n.subject(), n.text());
    }

    /** How often report schedules are looked at: a period's report is queued within this of the period's end. */
    static final Duration REPORTS_EVERY = Duration.ofMinutes(5);

    /** The report schedules' job: the compliance reports as the HTTP API renders them (same services, same zone default). */
    private static ReportScheduleJob reportJob(ColdchainConfig config, MeterRegistry registry) {
        TemperatureLogService logs = new TemperatureLogService(
                new RegistryView(),
                new AttributionStore(),
                new ProfileStore(),
                new SeriesStore(),
                new CalibrationStore(),
                new DigestStore(),
                new AlertExcursions(),
                config.records().timezone());
        return new ReportScheduleJob(
                new ReportScheduleStore(),
                new ComplianceReportService(logs, new IntegrityCheck(new DigestStore())),
                new ReportDocuments(new ReportFonts(config.records().pdfFont())),
                registry);
    }
}

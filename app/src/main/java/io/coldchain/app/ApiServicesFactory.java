package io.coldchain.app;

import io.coldchain.alerting.notify.NotificationTarget;
import io.coldchain.alerting.notify.NotificationTargetStore;
import io.coldchain.alerting.notify.OutboxStore;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.alerting.store.RecallHoldStore;
import io.coldchain.api.AlertExcursions;
import io.coldchain.api.ApiServices;
import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.core.credential.MqttCredentialEvents;
import io.coldchain.core.readings.ReadingQueryStore;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.RejectionStore;
import io.coldchain.records.digest.DigestStore;
import io.coldchain.records.digest.IntegrityCheck;
import io.coldchain.records.excursion.ExcursionSource;
import io.coldchain.records.export.LogPdf;
import io.coldchain.records.export.ReportDocuments;
import io.coldchain.records.export.ReportFonts;
import io.coldchain.records.export.SelfInspectionPdf;
import io.coldchain.records.log.SeriesStore;
import io.coldchain.records.log.TemperatureLogService;
import io.coldchain.records.recall.RecallNoticeQueue;
import io.coldchain.records.report.ComplianceReportService;
import io.coldchain.records.report.ReportDeliveryStore;
import io.coldchain.records.report.ReportScheduleStore;
import io.coldchain.records.report.SelfInspectionService;
import io.coldchain.records.trace.BatchTraceService;
import io.coldchain.records.trace.PublicTraceService;
import io.coldchain.registry.AuditStore;
import io.coldchain.registry.RegistryStore;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.ShipmentStore;
import io.coldchain.registry.attribution.AttributionStore;
import io.coldchain.registry.calibration.CalibrationStore;
import io.coldchain.registry.credential.MqttCredentialService;
import io.coldchain.registry.credential.MqttCredentialStore;
import io.coldchain.registry.credential.PasswordHasher;
import io.coldchain.registry.profile.ProfileStore;
import io.coldchain.registry.publiccode.PublicCodeStore;
import io.coldchain.registry.recall.LotLocations;
import io.coldchain.registry.recall.RecallService;
import io.coldchain.registry.recall.RecallStore;
import io.coldchain.registry.region.RegionSites;
import io.coldchain.registry.user.LoginAttemptStore;
import io.coldchain.registry.user.SessionStore;
import io.coldchain.registry.user.UserStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/** Builds every store and service the HTTP edge works with, from the configuration. */
final class ApiServicesFactory {
    private ApiServicesFactory() {}

    /**
     * @param credentialEvents who is told of MQTT credential changes (the embedded broker disconnects
     *     revoked clients)
     */
    static ApiServices build(ColdchainConfig config, MqttCredentialEvents credentialEvents, MeterRegistry meters) {
        Clock clock = Clock.systemUTC();
        AuditStore audit = new AuditStore();
        RegistryView view = new RegistryView();
        CalibrationStore calibrations = new CalibrationStore();
        ExcursionSource excursions = new AlertExcursions();
        ReportFonts fonts = new ReportFonts(config.records().pdfFont());
        TemperatureLogService logs = new TemperatureLogService(
                view,
                new AttributionStore(),
                new ProfileStore(),
                new SeriesStore(),
                calibrations,
                new DigestStore(),
                excursions,
                config.records().timezone());
        BatchTraceService traces = new BatchTraceService(
                view,
                new AttributionStore(),
                new ProfileStore(),
                new SeriesStore(),
                calibrations,
                excursions,
                config.records().timezone());
        return new ApiServices(
                clock,
                config.records().timezone(),
                config.auth(),
                config.notifications(),
                audit,
                new RegistryStore(audit),
                view,
                new ShipmentStore(audit),
                new SessionStore(),
                new UserStore(),
                new LoginAttemptStore(),
                new io.coldchain.registry.user.PasswordHasher(),
                new RegionSites(),
                new ReadingQueryStore(),
                new ReadingStore(),
                new RejectionStore(),
                new AlertStore(),
                new OutboxStore(),
                new NotificationTargetStore(),
                new MqttCredentialService(
                        new MqttCredentialStore(), new PasswordHasher(), auditTrail(audit), credentialEvents, clock),
                new IntegrityCheck(new DigestStore()),
                calibrations,
                logs,
                traces,
                new LogPdf(fonts),
                reports(logs, fonts),
                recalls(audit, view, traces, meters, config));
    }

    /** Compliance reports, their schedules and the yearly self-inspection summary built on them. */
    private static ApiServices.Reports reports(TemperatureLogService logs, ReportFonts fonts) {
        ComplianceReportService compliance = new ComplianceReportService(logs, new IntegrityCheck(new DigestStore()));
        return new ApiServices.Reports(
                compliance,
                new ReportDocuments(fonts),
                new ReportScheduleStore(),
                new SelfInspectionService(compliance),
                new SelfInspectionPdf(fonts));
    }

    /**
     * Recalls (their holds kept by alerting, so that alerts show them; their notices queued for the
     * tenant's enabled notification targets, sent by the report dispatcher) and public trace codes
     * (their URLs on the configured public address, {@code http.public.url}, when there is one).
     */
    private static ApiServices.Recalls recalls(
            AuditStore audit,
            RegistryView view,
            BatchTraceService traces,
            MeterRegistry meters,
            ColdchainConfig config) {
        RecallStore store = new RecallStore();
        RecallService service = new RecallService(
                store,
                new LotLocations(new AttributionStore(), new ShipmentStore(audit)),
                view,
                new RecallHoldStore(),
                audit,
                recallNotices(meters));
        return new ApiServices.Recalls(
                service,
                store,
                new PublicCodeStore(audit),
                new PublicTraceService(traces, view),
                config.http().publicUrl());
    }

    /** Recall notices for every enabled notification target of the tenant. */
    static RecallNoticeQueue recallNotices(MeterRegistry meters) {
        NotificationTargetStore targets = new NotificationTargetStore();
        return new RecallNoticeQueue(
                new ReportDeliveryStore(),
                (c, tenant) -> targets.list(c, tenant).stream()
                        .filter(NotificationTarget::enabled)
                        .map(NotificationTarget::target)
                        .toList(),
                meters);
    }

    /** The credential service's audit entries, in the tenant's audit trail (never a password). */
    static MqttCredentialService.AuditTrail auditTrail(AuditStore audit) {
        return (c, tenant, actor, role, action, entity, id, before, after) -> audit.insert(
                c,
                tenant,
                actor,
                role,
                action,
                entity,
                id,
                before == null ? null : new JsonObject(before),
                after == null ? null : new JsonObject(after));
    }
}

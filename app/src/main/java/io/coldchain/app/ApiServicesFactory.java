package io.coldchain.app;

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
import io.coldchain.records.log.SeriesStore;
import io.coldchain.records.log.TemperatureLogService;
import io.coldchain.records.report.ComplianceReportService;
import io.coldchain.records.report.ReportScheduleStore;
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
import io.vertx.core.json.JsonObject;
import java.time.Clock;

/** Builds every store and service the HTTP edge works with, from the configuration. */
final class ApiServicesFactory {
    private ApiServicesFactory() {}

    /**
     * @param credentialEvents who is told of MQTT credential changes (the embedded broker disconnects
     *     revoked clients)
     */
    static ApiServices build(ColdchainConfig config, MqttCredentialEvents credentialEvents) {
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
                view, new AttributionStore(), new ProfileStore(), new SeriesStore(), calibrations, excursions);
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
                new ApiServices.Reports(
                        new ComplianceReportService(logs, new IntegrityCheck(new DigestStore())),
                        new ReportDocuments(fonts),
                        new ReportScheduleStore()),
                recalls(audit, view, traces));
    }

    /** Recalls (their holds kept by alerting, so that alerts show them) and public trace codes. */
    private static ApiServices.Recalls recalls(AuditStore audit, RegistryView view, BatchTraceService traces) {
        RecallStore store = new RecallStore();
        RecallService service = new RecallService(
                store,
                new LotLocations(new AttributionStore(), new ShipmentStore(audit)),
                view,
                new RecallHoldStore(),
                audit);
        return new ApiServices.Recalls(
                service, store, new PublicCodeStore(audit), new PublicTraceService(traces, view));
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

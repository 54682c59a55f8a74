package io.coldchain.api;

import io.coldchain.alerting.notify.NotificationTargetStore;
import io.coldchain.alerting.notify.OutboxStore;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.core.config.AuthOptions;
import io.coldchain.core.config.NotifyOptions;
import io.coldchain.core.credential.MqttCredentialEvents;
import io.coldchain.core.readings.ReadingQueryStore;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.RejectionStore;
import io.coldchain.records.digest.DigestStore;
import io.coldchain.records.digest.IntegrityCheck;
import io.coldchain.records.export.LogPdf;
import io.coldchain.records.export.ReportFonts;
import io.coldchain.records.log.SeriesStore;
import io.coldchain.records.log.TemperatureLogService;
import io.coldchain.records.trace.BatchTraceService;
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
import io.coldchain.registry.region.RegionSites;
import io.coldchain.registry.user.LoginAttemptStore;
import io.coldchain.registry.user.SessionStore;
import io.coldchain.registry.user.UserStore;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The endpoints' collaborators for tests, as the application builds them (app's
 * {@code ApiServicesFactory}, which api cannot depend on): real stores on the test database, no
 * broker to tell of credential changes, the default PDF font.
 */
final class TestServices {
    static final AuthOptions AUTH = new AuthOptions(Optional.empty(), Duration.ofHours(12));

    private TestServices() {}

    static ApiServices standard() {
        return with(AUTH, NotifyOptions.defaults());
    }

    static ApiServices with(AuthOptions auth, NotifyOptions notifications) {
        return with(auth, notifications, Optional.empty());
    }

    /** With {@code http.public.url} set to this address (the base of public codes' URLs). */
    static ApiServices withPublicUrl(java.net.URI publicUrl) {
        return with(AUTH, NotifyOptions.defaults(), Optional.of(publicUrl));
    }

    private static ApiServices with(AuthOptions auth, NotifyOptions notifications, Optional<java.net.URI> publicUrl) {
        Clock clock = Clock.systemUTC();
        AuditStore audit = new AuditStore();
        RegistryView view = new RegistryView();
        CalibrationStore calibrations = new CalibrationStore();
        AlertExcursions excursions = new AlertExcursions();
        MqttCredentialService.AuditTrail trail = (c, tenant, actor, role, action, entity, id, before, after) ->
                audit.insert(c, tenant, actor, role, action, entity, id, json(before), json(after));
        TemperatureLogService logs = new TemperatureLogService(
                view,
                new AttributionStore(),
                new ProfileStore(),
                new SeriesStore(),
                calibrations,
                new DigestStore(),
                excursions);
        BatchTraceService traces = new BatchTraceService(
                view, new AttributionStore(), new ProfileStore(), new SeriesStore(), calibrations, excursions);
        io.coldchain.registry.recall.RecallStore recallStore = new io.coldchain.registry.recall.RecallStore();
        io.coldchain.records.report.ComplianceReportService compliance =
                new io.coldchain.records.report.ComplianceReportService(logs, new IntegrityCheck(new DigestStore()));
        return new ApiServices(
                clock,
                java.time.ZoneId.of("UTC"),
                auth,
                notifications,
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
                        new MqttCredentialStore(), new PasswordHasher(), trail, MqttCredentialEvents.NONE, clock),
                new IntegrityCheck(new DigestStore()),
                calibrations,
                logs,
                traces,
                new LogPdf(new ReportFonts(Optional.empty())),
                new ApiServices.Reports(
                        compliance,
                        new io.coldchain.records.export.ReportDocuments(new ReportFonts(Optional.empty())),
                        new io.coldchain.records.report.ReportScheduleStore(),
                        new io.coldchain.records.report.SelfInspectionService(compliance),
                        new io.coldchain.records.export.SelfInspectionPdf(new ReportFonts(Optional.empty()))),
                new ApiServices.Recalls(
                        new io.coldchain.registry.recall.RecallService(
                                recallStore,
                                new io.coldchain.registry.recall.LotLocations(
                                        new AttributionStore(), new ShipmentStore(audit)),
                                view,
                                new io.coldchain.alerting.store.RecallHoldStore(),
                                audit,
                                recallNotices()),
                        recallStore,
                        new io.coldchain.registry.publiccode.PublicCodeStore(audit),
                        new io.coldchain.records.trace.PublicTraceService(traces, view),
                        publicUrl));
    }

    /** Recall notices as app wires them: one per enabled notification target of the tenant. */
    static io.coldchain.records.recall.RecallNoticeQueue recallNotices() {
        io.coldchain.alerting.notify.NotificationTargetStore targets =
                new io.coldchain.alerting.notify.NotificationTargetStore();
        return new io.coldchain.records.recall.RecallNoticeQueue(
                new io.coldchain.records.report.ReportDeliveryStore(),
                (c, tenant) -> targets.list(c, tenant).stream()
                        .filter(io.coldchain.alerting.notify.NotificationTarget::enabled)
                        .map(io.coldchain.alerting.notify.NotificationTarget::target)
                        .toList(),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    private static JsonObject json(java.util.Map<String, Object> fields) {
        return fields == null ? null : new JsonObject(fields);
    }
}

package io.coldchain.api;

import io.coldchain.alerting.notify.NotificationTargetStore;
import io.coldchain.alerting.notify.OutboxStore;
import io.coldchain.alerting.store.AlertStore;
import io.coldchain.core.config.AuthOptions;
import io.coldchain.core.config.NotifyOptions;
import io.coldchain.core.readings.ReadingQueryStore;
import io.coldchain.ingest.store.ReadingStore;
import io.coldchain.ingest.store.RejectionStore;
import io.coldchain.records.digest.IntegrityCheck;
import io.coldchain.records.export.LogPdf;
import io.coldchain.records.export.ReportDocuments;
import io.coldchain.records.export.SelfInspectionPdf;
import io.coldchain.records.log.TemperatureLogService;
import io.coldchain.records.report.ComplianceReportService;
import io.coldchain.records.report.ReportScheduleStore;
import io.coldchain.records.report.SelfInspectionService;
import io.coldchain.records.trace.BatchTraceService;
import io.coldchain.records.trace.PublicTraceService;
import io.coldchain.registry.AuditStore;
import io.coldchain.registry.RegistryStore;
import io.coldchain.registry.RegistryView;
import io.coldchain.registry.ShipmentStore;
import io.coldchain.registry.calibration.CalibrationStore;
import io.coldchain.registry.credential.MqttCredentialService;
import io.coldchain.registry.publiccode.PublicCodeStore;
import io.coldchain.registry.recall.RecallService;
import io.coldchain.registry.recall.RecallStore;
import io.coldchain.registry.region.RegionSites;
import io.coldchain.registry.user.LoginAttemptStore;
import io.coldchain.registry.user.PasswordHasher;
import io.coldchain.registry.user.SessionStore;
import io.coldchain.registry.user.UserStore;
import java.time.Clock;
import java.util.Objects;

/**
 * Everything the HTTP edge works with, built by the application (app's {@code ApiServicesFactory}) and
 * handed to {@link HttpVerticle}: the edge itself only authenticates, parses and routes, so which
 * stores and services exist, and how they are configured, is decided in one place outside it.
 *
 * @param clock the time "now" for default windows and audit entries
 * @param defaultTimezone the time zone of sites registered without one (the {@code timezone} setting)
 * @param auth login sessions' timeouts and the slowing of failed logins
 * @param notifications whether e-mail targets are accepted and webhooks may target private addresses
 * @param passwords hashes and checks the web app's passwords (Argon2id)
 * @param regionSites the sites a caller may list across tenants ({@code GET /api/v1/sites})
 * @param mqttCredentials issues, rotates and revokes MQTT credentials, auditing into {@code audit}
 *     and telling the broker of changes
 */
public record ApiServices(
        Clock clock,
        java.time.ZoneId defaultTimezone,
        AuthOptions auth,
        NotifyOptions notifications,
        AuditStore audit,
        RegistryStore registry,
        RegistryView registryView,
        ShipmentStore shipments,
        SessionStore sessions,
        UserStore users,
        LoginAttemptStore loginAttempts,
        PasswordHasher passwords,
        RegionSites regionSites,
        ReadingQueryStore readingQueries,
        ReadingStore readings,
        RejectionStore rejections,
        AlertStore alerts,
        OutboxStore outbox,
        NotificationTargetStore notificationTargets,
        MqttCredentialService mqttCredentials,
        IntegrityCheck integrity,
        CalibrationStore calibrations,
        TemperatureLogService temperatureLogs,
        BatchTraceService batchTraces,
        LogPdf pdf,
        Reports reports,
        Recalls recalls) {
    /**
     * Recalls and public trace codes (contract §9).
     *
     * @param publicUrl the base of the codes' URLs ({@code http.public.url}); empty: the request's
     *     scheme and Host header
     */
    public record Recalls(
            RecallService service,
            RecallStore store,
            PublicCodeStore codes,
            PublicTraceService publicTraces,
            java.util.Optional<java.net.URI> publicUrl) {
        public Recalls {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(codes, "codes");
            Objects.requireNonNull(publicTraces, "publicTraces");
            Objects.requireNonNull(publicUrl, "publicUrl");
        }

        /** Codes' URLs from the request (no public address configured). */
        public Recalls(
                RecallService service, RecallStore store, PublicCodeStore codes, PublicTraceService publicTraces) {
            this(service, store, codes, publicTraces, java.util.Optional.empty());
        }
    }

    /** Periodic compliance (self-inspection) reports and their schedules (contract §10). */
    public record Reports(
            ComplianceReportService compliance,
            ReportDocuments documents,
            ReportScheduleStore schedules,
            SelfInspectionService selfInspection,
            SelfInspectionPdf selfInspectionPdf) {
        public Reports {
            Objects.requireNonNull(selfInspection, "selfInspection");
            Objects.requireNonNull(selfInspectionPdf, "selfInspectionPdf");
            Objects.requireNonNull(compliance, "compliance");
            Objects.requireNonNull(documents, "documents");
            Objects.requireNonNull(schedules, "schedules");
        }
    }

    public ApiServices {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(defaultTimezone, "defaultTimezone");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(registryView, "registryView");
        Objects.requireNonNull(shipments, "shipments");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(loginAttempts, "loginAttempts");
        Objects.requireNonNull(passwords, "passwords");
        Objects.requireNonNull(regionSites, "regionSites");
        Objects.requireNonNull(readingQueries, "readingQueries");
        Objects.requireNonNull(readings, "readings");
        Objects.requireNonNull(rejections, "rejections");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(outbox, "outbox");
        Objects.requireNonNull(notificationTargets, "notificationTargets");
        Objects.requireNonNull(mqttCredentials, "mqttCredentials");
        Objects.requireNonNull(integrity, "integrity");
        Objects.requireNonNull(calibrations, "calibrations");
        Objects.requireNonNull(temperatureLogs, "temperatureLogs");
        Objects.requireNonNull(batchTraces, "batchTraces");
        Objects.requireNonNull(pdf, "pdf");
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(recalls, "recalls");
    }
}

package io.coldchain.api;

/** Records (records module): integrity of the sealed readings, calibrations, temperature logs, batch traces. */
final class RecordsRoutes {
    private RecordsRoutes() {}

    static void mount(Routes r, DbWorker db, AccessPolicy policy, ApiServices s) {
        RecordsEndpoint records = new RecordsEndpoint(
                db, policy, s.integrity(), s.calibrations(), s.registryView(), s.audit(), s.clock());
        r.get("/api/v1/tenants/{tenant}/integrity", records::integrity);
        r.get(
                "/api/v1/tenants/{tenant}/sites/{site}/temperature-log",
                new TemperatureLogEndpoint(db, policy, s.temperatureLogs(), s.pdf(), s.clock())::handle);
        // Periodic compliance (self-inspection) reports and their schedules (contract §10).
        r.get(
                "/api/v1/tenants/{tenant}/sites/{site}/compliance-report",
                new ComplianceReportEndpoint(
                        db, policy, s.reports().compliance(), s.reports().documents(), s.clock())::handle);
        ReportScheduleEndpoint schedules = new ReportScheduleEndpoint(
                db,
                policy,
                s.reports().schedules(),
                s.reports().compliance(),
                s.notificationTargets(),
                s.audit(),
                s.clock());
        r.get("/api/v1/tenants/{tenant}/report-schedules", schedules::list);
        r.get("/api/v1/tenants/{tenant}/report-schedules/{schedule}", schedules::get);
        r.put("/api/v1/tenants/{tenant}/report-schedules/{schedule}", schedules::put);
        r.delete("/api/v1/tenants/{tenant}/report-schedules/{schedule}", schedules::delete);
        r.get(
                "/api/v1/tenants/{tenant}/self-inspection",
                new SelfInspectionEndpoint(
                        db,
                        policy,
                        s.reports().selfInspection(),
                        s.reports().selfInspectionPdf(),
                        s.clock(),
                        s.defaultTimezone())::handle);
        r.get(
                "/api/v1/tenants/{tenant}/batches/{lot}/trace",
                new BatchTraceEndpoint(db, policy, s.batchTraces(), s.clock())::handle);
        r.get("/api/v1/tenants/{tenant}/sensors/{sensor}/calibrations", records::listCalibrations);
        r.post("/api/v1/tenants/{tenant}/sensors/{sensor}/calibrations", records::addCalibration);
    }
}

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
        r.get(
                "/api/v1/tenants/{tenant}/batches/{lot}/trace",
                new BatchTraceEndpoint(db, policy, s.batchTraces(), s.clock())::handle);
        r.get("/api/v1/tenants/{tenant}/sensors/{sensor}/calibrations", records::listCalibrations);
        r.post("/api/v1/tenants/{tenant}/sensors/{sensor}/calibrations", records::addCalibration);
    }
}

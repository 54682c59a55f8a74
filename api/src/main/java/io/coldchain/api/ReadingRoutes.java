package io.coldchain.api;

/**
 * What gateways sent: readings, unregistered sensors, rejections, reading conflicts; and the MQTT
 * credentials gateways log in with.
 */
final class ReadingRoutes {
    private ReadingRoutes() {}

    static void mount(Routes r, DbWorker db, AccessPolicy policy, ApiServices s) {
        r.get(
                "/api/v1/tenants/{tenant}/sensors/{sensor}/readings",
                new ReadingsEndpoint(db, policy, s.readingQueries(), s.clock()));
        // Before the registry's /sensors/{sensor}: routes match in order.
        r.get("/api/v1/tenants/{tenant}/sensors/unassigned", new UnassignedEndpoint(db, policy, s.readings()));
        r.get("/api/v1/tenants/{tenant}/rejections", new RejectionsEndpoint(db, policy, s.rejections(), s.clock()));
        r.get(
                "/api/v1/tenants/{tenant}/reading-conflicts",
                new ReadingConflictsEndpoint(db, policy, s.readings(), s.clock()));

        MqttCredentialEndpoint credentials = new MqttCredentialEndpoint(db, policy, s.mqttCredentials());
        r.get("/api/v1/tenants/{tenant}/mqtt-credentials", credentials::list);
        r.post("/api/v1/tenants/{tenant}/mqtt-credentials", credentials::issue);
        r.delete("/api/v1/tenants/{tenant}/mqtt-credentials/{name}", credentials::revoke);
        r.post("/api/v1/tenants/{tenant}/mqtt-credentials/{name}/rotate", credentials::rotate);
    }
}

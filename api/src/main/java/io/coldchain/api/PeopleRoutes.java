package io.coldchain.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;

/** People (web app): login, logout, who am I, users of tenants, regulators, the sites a caller may read. */
final class PeopleRoutes {
    private PeopleRoutes() {}

    static void mount(
            Routes r,
            Vertx vertx,
            DbWorker db,
            AccessPolicy policy,
            ApiServices s,
            SessionAuth sessions,
            MeterRegistry metrics) {
        LoginEndpoint login = new LoginEndpoint(vertx, db, s, sessions, metrics);
        r.open(HttpMethod.POST, "/api/v1/login", login::login);
        r.post("/api/v1/logout", login::logout);
        r.get("/api/v1/me", login::whoAmI);
        UserEndpoint users = new UserEndpoint(vertx, db, policy, s);
        r.get("/api/v1/sites", users::sites);
        r.get("/api/v1/regulators", users::listRegulators);
        r.post("/api/v1/regulators", users::createRegulator);
        r.get("/api/v1/tenants/{tenant}/users", users::list);
        r.post("/api/v1/tenants/{tenant}/users", users::create);
        r.delete("/api/v1/tenants/{tenant}/users/{username}", users::disable);
    }
}

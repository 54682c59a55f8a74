package io.coldchain.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;

/**
 * The routes of recalls and public trace codes (contract §9), mounted by {@link HttpVerticle}
 * before the web app's static files; their stores and services come in {@link ApiServices.Recalls}:
 * <ul>
 *   <li>{@code POST} and {@code GET /api/v1/tenants/{tenant}/recalls}, {@code GET …/recalls/{recall}},
 *       {@code POST …/recalls/{recall}/locations/{site}}, {@code POST …/recalls/{recall}/close}
 *       ({@link RecallEndpoint});
 *   <li>{@code GET} and {@code DELETE /api/v1/tenants/{tenant}/batches/{lot}/public-code}
 *       ({@link PublicCodeEndpoint});
 *   <li>no token: {@code GET /api/v1/public/trace/{code}} behind a per-address rate limit, and the
 *       page {@code GET /t/{code}} ({@link PublicTraceEndpoint}).
 * </ul>
 */
final class RecallRoutes {
    /** Public look-ups per client address: a burst of this many, then {@link #PUBLIC_REFILL} apart. */
    static final int PUBLIC_BURST = 60;

    static final Duration PUBLIC_REFILL = Duration.ofSeconds(1);

    private RecallRoutes() {}

    static void mount(Routes r, DbWorker db, AccessPolicy policy, ApiServices s, MeterRegistry metrics) {
        ApiServices.Recalls recalls = s.recalls();
        RecallEndpoint recall = new RecallEndpoint(db, policy, recalls.service(), s.clock());
        String base = "/api/v1/tenants/{tenant}/recalls";
        r.get(base, recall::list);
        r.post(base, recall::create);
        r.get(base + "/{recall}", recall::get);
        r.post(base + "/{recall}/locations/{site}", recall::updateLocation);
        r.post(base + "/{recall}/close", recall::close);

        PublicCodeEndpoint code =
                new PublicCodeEndpoint(db, policy, recalls.codes(), s.registryView(), recalls.publicUrl());
        String publicCode = "/api/v1/tenants/{tenant}/batches/{lot}/public-code";
        r.get(publicCode, code::get);
        r.delete(publicCode, code::revoke);

        PublicTraceEndpoint trace = new PublicTraceEndpoint(
                db, recalls.codes(), recalls.store(), recalls.publicTraces(), s.clock(), metrics);
        ClientRateLimit limit = new ClientRateLimit(PUBLIC_BURST, PUBLIC_REFILL, metrics, System::nanoTime);
        r.open(HttpMethod.GET, "/api/v1/public/trace/{code}", limit, trace::json);
        r.open(HttpMethod.GET, "/t/{code}", PublicTraceEndpoint::page);
    }
}

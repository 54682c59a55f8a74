package io.coldchain.api;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.records.trace.PublicTrace;
import io.coldchain.records.trace.PublicTraceService;
import io.coldchain.registry.publiccode.PublicCodeStore;
import io.coldchain.registry.recall.RecallStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The public trace of a batch, no login: {@code GET /api/v1/public/trace/{code}} (JSON) and the page
 * that shows it, {@code GET /t/{code}} (a static page, Chinese and English, that calls the JSON).
 *
 * <p>A wrong, revoked or malformed code is 404 with one fixed body, after the same single index
 * look-up ({@link PublicCodeStore#resolve}), so answers and their timing class do not tell them
 * apart. The JSON names the product, the lot, its dates and a verdict per leg; never the tenant,
 * a site, asset or sensor id, a person or another lot ({@link PublicTrace}).
 */
final class PublicTraceEndpoint {
    static final String PAGE = "webroot/trace.html";

    private final DbWorker db;
    private final PublicCodeStore codes;
    private final RecallStore recalls;
    private final PublicTraceService traces;
    private final Clock clock;
    /** Look-ups by outcome: a rising {@code not_found} is someone trying codes. */
    private final Counter found;

    private final Counter notFound;

    PublicTraceEndpoint(
            DbWorker db,
            PublicCodeStore codes,
            RecallStore recalls,
            PublicTraceService traces,
            Clock clock,
            MeterRegistry metrics) {
        this.db = db;
        this.codes = codes;
        this.recalls = recalls;
        this.traces = traces;
        this.clock = clock;
        this.found = lookups(metrics, "found");
        this.notFound = lookups(metrics, "not_found");
    }

    private static Counter lookups(MeterRegistry metrics, String outcome) {
        return Counter.builder("coldchain_public_trace_lookups")
                .description("Public trace look-ups by code (rate-limited ones not included)")
                .tag("outcome", outcome)
                .register(metrics);
    }

    void json(RoutingContext ctx) {
        String code = ctx.pathParam("code");
        db.query(
                        c -> {
                            Optional<PublicCodeStore.Target> target = codes.resolve(c, code == null ? "" : code);
                            if (target.isEmpty()) {
                                return Optional.<PublicTrace>empty();
                            }
                            String tenant = target.get().tenant();
                            String lot = target.get().lot();
                            return traces.trace(c, tenant, lot, recalls.recalled(c, tenant, lot), clock.instant());
                        },
                        trace -> {
                            (trace.isPresent() ? found : notFound).increment();
                            return trace.map(PublicTraceEndpoint::render).orElseThrow(PublicTraceEndpoint::noSuchCode);
                        })
                .onSuccess(b -> ctx.response()
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                        .putHeader("X-Robots-Tag", "noindex")
                        .end(b))
                .onFailure(ctx::fail);
    }

    /** The page: the same for every code (it asks the JSON route), so it reveals nothing by itself. */
    static void page(RoutingContext ctx) {
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", WebApp.CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Robots-Tag", "noindex")
                .putHeader(HttpHeaders.CACHE_CONTROL, "max-age=300")
                .sendFile(PAGE)
                .onFailure(ctx::fail);
    }

    static ColdchainException noSuchCode() {
        return ColdchainException.notFound("no trace for this code");
    }

    static Buffer render(PublicTrace t) {
        JsonArray legs = new JsonArray();
        for (PublicTrace.PublicLeg l : t.legs()) {
            legs.add(new JsonObject()
                    .put("asset_kind", l.assetKind())
                    .put("site_kind", l.siteKind())
                    .put("from", str(l.from()))
                    .put("to", str(l.to()))
                    .put("verdict", l.verdict().wire())
                    .put("minutes_out_of_range", l.outOfRange().toMinutes()));
        }
        return new JsonObject()
                .put("product", t.product())
                .put("lot", t.lot())
                .put("produced_on", t.producedOn().toString())
                .put("expires_on", t.expiresOn().toString())
                .put("verdict", t.verdict().wire())
                .put("recalled", t.recalled())
                .put("legs", legs)
                .toBuffer();
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }
}

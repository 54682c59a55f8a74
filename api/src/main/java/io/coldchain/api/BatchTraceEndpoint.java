package io.coldchain.api;

import io.coldchain.records.export.TraceJson;
import io.coldchain.records.trace.BatchTraceService;
import io.coldchain.registry.RegionScope;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * {@code GET /api/v1/tenants/{tenant}/batches/{lot}/trace}: the batch's whole cold chain (records
 * module). admin and qa of the tenant; a regulator when the batch has been at a site of its region
 * (a placement's site, a shipment's origin or destination), of any tenant.
 */
final class BatchTraceEndpoint {
    private final DbWorker db;
    private final AccessPolicy policy;
    private final BatchTraceService service;
    private final Clock clock;

    BatchTraceEndpoint(DbWorker db, AccessPolicy policy, BatchTraceService service, Clock clock) {
        this.db = db;
        this.policy = policy;
        this.service = service;
        this.clock = clock;
    }

    void handle(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        RegionScope scope = policy.readScope(request);
        String lot = Params.id(ctx, "lot");
        db.query(
                        c -> {
                            var batch = service.batch(c, tenant, lot);
                            policy.requireInScope(c, scope, "batches", tenant, lot);
                            return service.trace(c, batch, clock.instant());
                        },
                        TraceJson::render)
                .onSuccess(body -> JsonResponse.ok(ctx, body))
                .onFailure(ctx::fail);
    }
}

package io.coldchain.api;

import io.coldchain.registry.RegionScope;
import io.coldchain.registry.RegistryStore.Actor;
import io.coldchain.registry.recall.Recall;
import io.coldchain.registry.recall.RecallService;
import io.coldchain.registry.recall.RecallService.NewRecall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;

/**
 * Recalls (contract §9), registry's {@link RecallService} at the edge: {@code POST …/recalls} (201),
 * {@code GET …/recalls} and {@code …/recalls/{recall}}, {@code POST …/recalls/{recall}/locations/{site}}
 * and {@code POST …/recalls/{recall}/close}. Writes: admin and qa of the tenant, in one transaction
 * each. Reads: admin and qa; a regulator the recalls with a site in its region (404 otherwise, as
 * for a recall that does not exist).
 */
final class RecallEndpoint {
    private final DbWorker db;
    private final AccessPolicy policy;
    private final RecallService service;
    private final Clock clock;

    RecallEndpoint(DbWorker db, AccessPolicy policy, RecallService service, Clock clock) {
        this.db = db;
        this.policy = policy;
        this.service = service;
        this.clock = clock;
    }

    void create(RoutingContext ctx) {
        Principal caller = RequestContext.of(ctx).caller();
        String tenant = writer(ctx);
        NewRecall body = RecallBody.create(ctx.body().buffer());
        Actor actor = new Actor(caller.subject(), caller.role());
        db.query(
                        c -> RegistryEndpoint.inTransaction(
                                c, () -> service.create(c, tenant, body, actor, clock.instant())),
                        r -> RecallJson.render(r, RegionScope.WHOLE_TENANT).toBuffer())
                .onSuccess(b -> JsonResponse.send(ctx, 201, b))
                .onFailure(ctx::fail);
    }

    void list(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        RegionScope scope = policy.recallRead(request);
        db.query(c -> service.list(c, tenant, scope), recalls -> {
                    JsonArray out = new JsonArray();
                    recalls.forEach(r -> out.add(RecallJson.render(r, scope)));
                    return new JsonObject()
                            .put("tenant", tenant)
                            .put("recalls", out)
                            .toBuffer();
                })
                .onSuccess(b -> JsonResponse.ok(ctx, b))
                .onFailure(ctx::fail);
    }

    void get(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        RegionScope scope = policy.recallRead(request);
        String id = Params.id(ctx, "recall");
        db.query(
                        c -> service.find(c, tenant, id, scope),
                        found -> found.map(r -> RecallJson.render(r, scope))
                                .orElseThrow(() -> AccessPolicy.notFound(tenant))
                                .toBuffer())
                .onSuccess(b -> JsonResponse.ok(ctx, b))
                .onFailure(ctx::fail);
    }

    void updateLocation(RoutingContext ctx) {
        Principal caller = RequestContext.of(ctx).caller();
        String tenant = writer(ctx);
        String id = Params.id(ctx, "recall");
        String site = Params.id(ctx, "site");
        RecallBody.SiteUpdate body = RecallBody.site(ctx.body().buffer());
        Actor actor = new Actor(caller.subject(), caller.role());
        write(ctx, c -> service.updateSite(c, tenant, id, site, body.status(), body.note(), actor));
    }

    void close(RoutingContext ctx) {
        Principal caller = RequestContext.of(ctx).caller();
        String tenant = writer(ctx);
        String id = Params.id(ctx, "recall");
        RecallBody.Closing body = RecallBody.close(ctx.body().buffer());
        Actor actor = new Actor(caller.subject(), caller.role());
        write(ctx, c -> service.close(c, tenant, id, body.note(), body.force(), actor));
    }

    private void write(RoutingContext ctx, io.coldchain.core.db.Jdbc.Work<Recall> work) {
        db.query(
                        c -> RegistryEndpoint.inTransaction(c, () -> work.apply(c)),
                        r -> RecallJson.render(r, RegionScope.WHOLE_TENANT).toBuffer())
                .onSuccess(b -> JsonResponse.ok(ctx, b))
                .onFailure(ctx::fail);
    }

    private String writer(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        policy.requireRecallWrite(request);
        return request.tenant();
    }
}

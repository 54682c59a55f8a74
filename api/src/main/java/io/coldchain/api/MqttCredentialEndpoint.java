package io.coldchain.api;

import io.coldchain.core.credential.MqttIdentity;
import io.coldchain.core.model.Ids;
import io.coldchain.registry.credential.MqttCredential;
import io.coldchain.registry.credential.MqttCredentialService;
import io.coldchain.registry.credential.MqttCredentialService.Actor;
import io.coldchain.registry.credential.MqttCredentialService.Issued;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * MQTT credentials of a tenant (contract §5), admin only ({@link AccessPolicy#requireCredentials}):
 * <ul>
 *   <li>{@code POST …/mqtt-credentials} {@code {"name", "kind": "gateway"|"alerts"}} → 201 with the
 *       user name and the password, shown this once; 409 when a live credential has that name;
 *   <li>{@code GET …/mqtt-credentials}: all of them, revoked ones included, never a password or hash;
 *   <li>{@code DELETE …/mqtt-credentials/{name}} → 200, revoked (connected clients are disconnected);
 *   <li>{@code POST …/mqtt-credentials/{name}/rotate} {@code {"grace_s"?}} → 200 with a new password;
 *       the old one stays valid for {@code grace_s} seconds (default 0).
 * </ul>
 */
final class MqttCredentialEndpoint {
    private final DbWorker db;
    private final AccessPolicy policy;
    private final MqttCredentialService service;

    MqttCredentialEndpoint(DbWorker db, AccessPolicy policy, MqttCredentialService service) {
        this.db = db;
        this.policy = policy;
        this.service = service;
    }

    void issue(RoutingContext ctx) {
        RequestContext request = admin(ctx);
        String tenant = request.tenant();
        BodyReader body = BodyReader.of(ctx.body().buffer());
        body.known("name", "kind");
        String name = Ids.require("name", body.string("name", true));
        String kindName = body.string("kind", true);
        MqttIdentity.Kind kind = MqttCredential.kindOf(kindName)
                .orElseThrow(() -> BodyReader.invalid("kind must be one of [alerts, gateway]"));
        db.query(c -> service.issue(c, actor(request), tenant, name, kind), MqttCredentialEndpoint::issued)
                .onSuccess(b -> JsonResponse.send(ctx, 201, b))
                .onFailure(ctx::fail);
    }

    void list(RoutingContext ctx) {
        RequestContext request = admin(ctx);
        String tenant = request.tenant();
        db.query(c -> service.list(c, tenant), rows -> {
                    JsonArray out = new JsonArray();
                    rows.forEach(r -> out.add(new JsonObject(r.describe())));
                    return new JsonObject()
                            .put("tenant", tenant)
                            .put("mqtt_credentials", out)
                            .toBuffer();
                })
                .onSuccess(b -> JsonResponse.ok(ctx, b))
                .onFailure(ctx::fail);
    }

    void revoke(RoutingContext ctx) {
        RequestContext request = admin(ctx);
        String tenant = request.tenant();
        String name = Params.id(ctx, "name");
        db.query(c -> service.revoke(c, actor(request), tenant, name), r -> new JsonObject(r.describe()).toBuffer())
                .onSuccess(b -> JsonResponse.ok(ctx, b))
                .onFailure(ctx::fail);
    }

    void rotate(RoutingContext ctx) {
        RequestContext request = admin(ctx);
        String tenant = request.tenant();
        String name = Params.id(ctx, "name");
        // No body is a rotation without grace; a body that is not JSON (a form: its parts leave no body) is refused.
        String type = ctx.request().getHeader("Content-Type");
        boolean notJson =
                type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
        BodyReader body = notJson
                ? BodyReader.of(ctx.body().buffer())
                : BodyReader.ofOptional(ctx.body().buffer());
        body.known("grace_s");
        // Integers only (60.0 and "60" are refused, as everywhere else in the API).
        Integer grace = body.integer("grace_s", 0, (int) MqttCredentialService.MAX_GRACE.toSeconds());
        Duration graceTime = Duration.ofSeconds(grace == null ? 0 : grace);
        db.query(c -> service.rotate(c, actor(request), tenant, name, graceTime), MqttCredentialEndpoint::issued)
                .onSuccess(b -> JsonResponse.ok(ctx, b))
                .onFailure(ctx::fail);
    }

    /** The request, once its caller may manage the tenant's credentials. */
    private RequestContext admin(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        policy.requireCredentials(request);
        return request;
    }

    private static Actor actor(RequestContext request) {
        return new Actor(request.caller().subject(), request.role());
    }

    private static Buffer issued(Issued issued) {
        MqttCredential c = issued.credential();
        return new JsonObject()
                .put("name", c.name())
                .put("kind", MqttCredential.kindName(c.kind()))
                .put("username", c.identity().username())
                .put("password", issued.password())
                .put(
                        "previous_valid_until",
                        c.previousValidUntil().map(Object::toString).orElse(null))
                .toBuffer();
    }
}

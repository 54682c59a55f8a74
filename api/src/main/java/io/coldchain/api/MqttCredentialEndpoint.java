package io.coldchain.api;

import io.coldchain.core.credential.MqttIdentity;
import io.coldchain.core.model.Ids;
import io.coldchain.registry.credential.MqttCredential;
import io.coldchain.registry.credential.MqttCredentialService;
import io.coldchain.registry.credential.MqttCredentialService.Actor;
import io.coldchain.registry.credential.MqttCredentialService.Issued;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

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
        RequestContext request = RequestContext.of(ctx);
        policy.requireCredentials(request);
        Principal caller = request.caller();
        String tenant = request.tenant();
        JsonObject body = object(ctx.body().buffer(), false);
        known(body, "name", "kind");
        String name = Ids.require("name", string(body, "name"));
        String kindName = string(body, "kind");
        MqttIdentity.Kind kind = MqttCredential.kindOf(kindName)
                .orElseThrow(() -> RegistryBody.invalid("kind must be one of [alerts, gateway]"));
        db.query(c -> service.issue(c, actor(caller), tenant, name, kind), MqttCredentialEndpoint::issued)
                .onSuccess(b -> JsonResponse.send(ctx, 201, b))
                .onFailure(ctx::fail);
    }

    void list(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        policy.requireCredentials(request);
        Principal caller = request.caller();
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
        RequestContext request = RequestContext.of(ctx);
        policy.requireCredentials(request);
        Principal caller = request.caller();
        String tenant = request.tenant();
        String name = Params.id(ctx, "name");
        db.query(c -> service.revoke(c, actor(caller), tenant, name), r -> new JsonObject(r.describe()).toBuffer())
                .onSuccess(b -> JsonResponse.ok(ctx, b))
                .onFailure(ctx::fail);
    }

    void rotate(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        policy.requireCredentials(request);
        Principal caller = request.caller();
        String tenant = request.tenant();
        String name = Params.id(ctx, "name");
        // No body is a rotation without grace; a body that is not JSON (a form: its parts leave no body) is refused.
        String type = ctx.request().getHeader("Content-Type");
        boolean notJson =
                type != null && !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
        JsonObject body = object(ctx.body().buffer(), !notJson);
        known(body, "grace_s");
        Object g = body.getValue("grace_s");
        long grace = 0;
        if (g != null) {
            // Integers only (60.0 and "60" are refused, as everywhere else in the API).
            if (!(g instanceof Integer || g instanceof Long)
                    || ((Number) g).longValue() < 0
                    || ((Number) g).longValue() > MqttCredentialService.MAX_GRACE.toSeconds()) {
                throw RegistryBody.invalid(
                        "grace_s must be an integer from 0 to " + MqttCredentialService.MAX_GRACE.toSeconds());
            }
            grace = ((Number) g).longValue();
        }
        Duration graceTime = Duration.ofSeconds(grace);
        db.query(c -> service.rotate(c, actor(caller), tenant, name, graceTime), MqttCredentialEndpoint::issued)
                .onSuccess(b -> JsonResponse.ok(ctx, b))
                .onFailure(ctx::fail);
    }

    private static Actor actor(Principal caller) {
        return new Actor(caller.subject(), caller.role());
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

    private static JsonObject object(Buffer raw, boolean mayBeEmpty) {
        if (raw == null || raw.length() == 0) {
            if (mayBeEmpty) {
                return new JsonObject();
            }
            throw RegistryBody.invalid("the body must be a JSON object (got nothing)");
        }
        Object decoded;
        try {
            decoded = Json.decodeValue(raw);
        } catch (DecodeException e) {
            throw RegistryBody.invalid("the body is not valid JSON");
        }
        if (!(decoded instanceof JsonObject o)) {
            throw RegistryBody.invalid("the body must be a JSON object");
        }
        return o;
    }

    private static void known(JsonObject body, String... fields) {
        Set<String> allowed = Set.of(fields);
        TreeSet<String> unknown = new TreeSet<>(body.fieldNames());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw RegistryBody.invalid(
                    "unknown field " + Ids.describe(unknown.first()) + "; allowed: " + new TreeSet<>(allowed));
        }
    }

    private static String string(JsonObject body, String field) {
        Object v = body.getValue(field);
        if (v == null) {
            throw RegistryBody.invalid(field + " is required");
        }
        if (!(v instanceof String s)) {
            throw RegistryBody.invalid(field + " must be a string");
        }
        return s;
    }
}

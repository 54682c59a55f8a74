package io.coldchain.api;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.coldchain.core.profile.DefaultProfiles;
import io.coldchain.core.profile.Profile;
import io.coldchain.registry.AuditStore;
import io.coldchain.registry.RegionScope;
import io.coldchain.registry.RegistryStore;
import io.coldchain.registry.RegistryStore.Actor;
import io.coldchain.registry.RegistryStore.Entity;
import io.coldchain.registry.RegistryStore.PutResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The registry's sites, assets, sensors, profiles, products and batches: {@code PUT} (create or
 * replace, admin), {@code GET} of one and of the collection (admin, qa; a regulator what lies in its
 * region, see {@link AccessPolicy}), and {@code GET .../audit} (admin; a regulator the entries about
 * what lies in its region).
 *
 * <p>Profiles: every tenant has {@link DefaultProfiles#all()} without a row of its own. A GET gives
 * the tenant's stored profile when there is one, else the default of that id, each marked
 * {@code "source": "tenant"} or {@code "default"}; a PUT stores the tenant's own (201 the first time,
 * even over a default). A reference to a profile (asset, product) may name either.
 *
 * <p>A PUT runs in one transaction: references checked, row read and locked, written only when it
 * changes, with an audit row holding the values before and after. 201 when created, 200 when
 * replaced or unchanged (a repeated PUT writes nothing, not even an audit row).
 */
final class RegistryEndpoint {
    static final int AUDIT_DEFAULT_LIMIT = 100;
    static final int AUDIT_MAX_LIMIT = 1000;
    /** {@code /sensors/unassigned} is a route of its own, so no sensor may be called that. */
    static final String RESERVED_SENSOR = "unassigned";

    /** The default profiles by id, as answered; copied before anything is added to one. */
    private static final Map<String, JsonObject> DEFAULTS = defaults();

    private final DbWorker db;
    private final AccessPolicy policy;
    private final RegistryStore store;
    private final AuditStore audit;

    RegistryEndpoint(DbWorker db, AccessPolicy policy, RegistryStore store, AuditStore audit) {
        this.db = db;
        this.policy = policy;
        this.store = store;
        this.audit = audit;
    }

    /** The PUT handler of an entity; {@code parse} validates the body. */
    void put(RoutingContext ctx, Entity e, BiFunction<String, Buffer, RegistryBody.Parsed> parse) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        policy.requireRegistryWrite(request);
        String id = Params.id(ctx, e.idColumn());
        if (e == Entity.SENSOR && RESERVED_SENSOR.equals(id)) {
            throw ColdchainException.badRequest(Params.INVALID, "sensor id 'unassigned' is reserved");
        }
        RegistryBody.Parsed body = parse.apply(id, ctx.body().buffer());
        Actor actor = new Actor(request.caller().subject(), request.caller().role());
        db.query(
                        c -> inTransaction(c, () -> {
                            for (RegistryBody.Reference ref : body.references()) {
                                if (!exists(c, ref.entity(), tenant, ref.id())) {
                                    throw BodyReader.invalid(
                                            ref.field() + " " + Ids.describe(ref.id()) + " is not a registered "
                                                    + ref.entity().name() + " of tenant " + tenant);
                                }
                            }
                            return store.put(c, e, tenant, id, body.values(), actor);
                        }),
                        r -> r)
                .onSuccess((PutResult r) -> JsonResponse.send(
                        ctx, r.created() ? 201 : 200, stored(e, r.row()).toBuffer()))
                .onFailure(ctx::fail);
    }

    void get(RoutingContext ctx, Entity e) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        RegionScope scope = policy.readScope(request);
        String id = Params.id(ctx, e.idColumn());
        db.query(
                        c -> {
                            policy.requireInScope(c, scope, e.collection(), tenant, id);
                            return store.get(c, e, tenant, id);
                        },
                        stored -> {
                            JsonObject row = stored == null ? defaultOf(e, id) : stored(e, stored);
                            if (row == null) {
                                throw ColdchainException.notFound("no " + e.name() + " " + id + " in tenant " + tenant);
                            }
                            return row.toBuffer();
                        })
                .onSuccess(body -> JsonResponse.ok(ctx, body))
                .onFailure(ctx::fail);
    }

    void list(RoutingContext ctx, Entity e) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        RegionScope scope = policy.readScope(request);
        if (!scope.regional()) {
            db.query(c -> store.list(c, e, tenant), rows -> render(tenant, e.collection(), withDefaults(e, rows)))
                    .onSuccess(body -> JsonResponse.ok(ctx, body))
                    .onFailure(ctx::fail);
            return;
        }
        String prefix = scope.prefix();
        if (e == Entity.PROFILE) {
            // The profiles used in the region: the tenant's own or, where it has none of that id, the default.
            db.query(
                            c -> new RegionalProfiles(
                                    store.list(c, e, tenant), store.idsInRegion(c, e.collection(), tenant, prefix)),
                            p -> render(
                                    tenant,
                                    e.collection(),
                                    withDefaults(e, p.rows()).stream()
                                            .filter(row -> p.ids().contains(row.getString(e.idColumn())))
                                            .toList()))
                    .onSuccess(body -> JsonResponse.ok(ctx, body))
                    .onFailure(ctx::fail);
            return;
        }
        db.query(c -> store.listInRegion(c, e, tenant, prefix), rows -> render(tenant, e.collection(), rows))
                .onSuccess(body -> JsonResponse.ok(ctx, body))
                .onFailure(ctx::fail);
    }

    private record RegionalProfiles(List<JsonObject> rows, java.util.Set<String> ids) {}

    void audit(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        String tenant = request.tenant();
        RegionScope scope = policy.auditScope(request);
        int limit = Params.limit(ctx, AUDIT_DEFAULT_LIMIT, AUDIT_MAX_LIMIT);
        db.query(
                        c -> scope.regional()
                                ? audit.listInRegion(c, tenant, scope.prefix(), limit)
                                : audit.list(c, tenant, limit),
                        rows -> render(tenant, "entries", rows))
                .onSuccess(body -> JsonResponse.ok(ctx, body))
                .onFailure(ctx::fail);
    }

    /** Whether a referenced entry exists; a profile also exists when it is a default (see {@link RegistryStore#exists}). */
    private boolean exists(Connection c, Entity e, String tenant, String id) throws SQLException {
        return store.exists(c, e, tenant, id);
    }

    /** A stored row as answered: a profile is marked as the tenant's own. */
    private static JsonObject stored(Entity e, JsonObject row) {
        return e == Entity.PROFILE ? row.copy().put("source", "tenant") : row;
    }

    /** The default profile {@code id} as answered (no timestamps: it was never written), or null. */
    private static JsonObject defaultOf(Entity e, String id) {
        return e == Entity.PROFILE ? DEFAULTS.get(id) : null;
    }

    /** The tenant's profiles and the defaults it has not overridden, by id; other entities as they are. */
    private static List<JsonObject> withDefaults(Entity e, List<JsonObject> rows) {
        if (e != Entity.PROFILE) {
            return rows;
        }
        TreeMap<String, JsonObject> byId = new TreeMap<>();
        DEFAULTS.forEach((id, p) -> byId.put(id, p.copy()));
        rows.forEach(row -> byId.put(row.getString(e.idColumn()), stored(e, row)));
        return List.copyOf(byId.values());
    }

    private static Map<String, JsonObject> defaults() {
        Map<String, JsonObject> out = new TreeMap<>();
        for (Profile p : DefaultProfiles.all()) {
            out.put(
                    p.id(),
                    new JsonObject()
                            .put("profile", p.id())
                            .put("name", p.name())
                            .put("min_c", p.minC())
                            .put("max_c", p.maxC())
                            .put("rules", RegistryBody.rules(p.rules()))
                            .put("created_at", null)
                            .put("updated_at", null)
                            .put("source", "default"));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Buffer render(String tenant, String key, List<JsonObject> rows) {
        return new JsonObject()
                .put("tenant", tenant)
                .put(key, new JsonArray(List.copyOf(rows)))
                .toBuffer();
    }

    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction. A foreign-key or check violation that slipped past the
     * validation (e.g. a race) is the caller's input, so 400, not 500.
     */
    static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException e) {
            c.rollback();
            String state = e.getSQLState();
            if ("23503".equals(state)) {
                throw BodyReader.invalid("a referenced registry entry does not exist");
            }
            if ("23514".equals(state)) {
                throw BodyReader.invalid("a value is outside its allowed range");
            }
            throw e;
        } catch (RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}

package io.coldchain.api;

import io.coldchain.api.registry.AuditStore;
import io.coldchain.api.registry.RegistryStore;
import io.coldchain.api.registry.RegistryStore.Actor;
import io.coldchain.api.registry.RegistryStore.Entity;
import io.coldchain.api.registry.RegistryStore.PutResult;
import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/**
 * The registry's sites, assets and sensors: {@code PUT} (create or replace, admin),
 * {@code GET} of one and of the collection (admin, qa), and {@code GET .../audit} (admin).
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
  void put(RoutingContext ctx, Entity e, Function<Buffer, RegistryBody.Parsed> parse) {
    Principal caller = BearerAuth.principal(ctx);
    String tenant = Params.id(ctx, "tenant");
    ctx.put(FailureHandler.TENANT, tenant);
    policy.requireRegistryWrite(caller, tenant);
    String id = Params.id(ctx, e.idColumn());
    if (e == Entity.SENSOR && RESERVED_SENSOR.equals(id)) {
      throw ColdchainException.badRequest(Params.INVALID, "sensor id 'unassigned' is reserved");
    }
    RegistryBody.Parsed body = parse.apply(ctx.body().buffer());
    Actor actor = new Actor(caller.subject(), caller.role());
    db.query(c -> inTransaction(c, () -> {
          for (RegistryBody.Reference ref : body.references()) {
            if (!store.exists(c, ref.entity(), tenant, ref.id())) {
              throw RegistryBody.invalid(ref.field() + " " + Ids.describe(ref.id()) + " is not a registered "
                  + ref.entity().name() + " of tenant " + tenant);
            }
          }
          return store.put(c, e, tenant, id, body.values(), actor);
        }), r -> r)
        .onSuccess((PutResult r) -> JsonResponse.send(ctx, r.created() ? 201 : 200, r.row().toBuffer()))
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx, Entity e) {
    Principal caller = BearerAuth.principal(ctx);
    String tenant = Params.id(ctx, "tenant");
    ctx.put(FailureHandler.TENANT, tenant);
    policy.requireRegistryRead(caller, tenant);
    String id = Params.id(ctx, e.idColumn());
    db.query(c -> store.get(c, e, tenant, id), row -> {
          if (row == null) {
            throw ColdchainException.notFound("no " + e.name() + " " + id + " in tenant " + tenant);
          }
          return row.toBuffer();
        })
        .onSuccess(body -> JsonResponse.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx, Entity e) {
    Principal caller = BearerAuth.principal(ctx);
    String tenant = Params.id(ctx, "tenant");
    ctx.put(FailureHandler.TENANT, tenant);
    policy.requireRegistryRead(caller, tenant);
    db.query(c -> store.list(c, e, tenant), rows -> render(tenant, e.collection(), rows))
        .onSuccess(body -> JsonResponse.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  void audit(RoutingContext ctx) {
    Principal caller = BearerAuth.principal(ctx);
    String tenant = Params.id(ctx, "tenant");
    ctx.put(FailureHandler.TENANT, tenant);
    policy.requireAudit(caller, tenant);
    int limit = Params.limit(ctx, AUDIT_DEFAULT_LIMIT, AUDIT_MAX_LIMIT);
    db.query(c -> audit.list(c, tenant, limit), rows -> render(tenant, "entries", rows))
        .onSuccess(body -> JsonResponse.ok(ctx, body))
        .onFailure(ctx::fail);
  }

  private static Buffer render(String tenant, String key, List<JsonObject> rows) {
    return new JsonObject().put("tenant", tenant).put(key, new JsonArray(List.copyOf(rows))).toBuffer();
  }

  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction. A foreign-key or check violation that slipped past the
   * validation (e.g. a race) is the caller's input, so 400, not 500.
   */
  private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      T result = work.run();
      c.commit();
      return result;
    } catch (SQLException e) {
      c.rollback();
      String state = e.getSQLState();
      if ("23503".equals(state)) {
        throw RegistryBody.invalid("a referenced site or asset does not exist");
      }
      if ("23514".equals(state)) {
        throw RegistryBody.invalid("a value is outside its allowed range");
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

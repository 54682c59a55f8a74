package io.coldchain.api;

import io.coldchain.core.error.ColdchainException;
import io.coldchain.core.model.Ids;
import io.coldchain.registry.AuditStore;
import io.coldchain.registry.region.RegionSites;
import io.coldchain.registry.user.NewUser;
import io.coldchain.registry.user.PasswordHasher;
import io.coldchain.registry.user.SessionStore;
import io.coldchain.registry.user.User;
import io.coldchain.registry.user.UserAccounts;
import io.coldchain.registry.user.UserStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;

/**
 * Users of tenants ({@code POST}, {@code GET .../users}, {@code DELETE .../users/{username}} to
 * disable), regulators ({@code POST}, {@code GET /api/v1/regulators}) and the sites a caller may
 * read across tenants ({@code GET /api/v1/sites}: the regulator's start page).
 *
 * <p>Who may: a tenant's users are managed by its {@code admin} (403 for {@code qa} and regulators,
 * 404 for another tenant's admin) and by the {@code platform} administrator; regulators only by the
 * platform administrator (or the {@code user add-regulator} command). Passwords are hashed with
 * Argon2id on a worker thread and never stored, logged or answered; every change is audited.
 */
final class UserEndpoint {
    /** Audit entries about regulators and the platform go under this tenant: no tenant can be named so. */
    static final String NO_TENANT = UserAccounts.NO_TENANT;

    private final Vertx vertx;
    private final DbWorker db;
    private final AccessPolicy policy;
    private final AuditStore audit;
    private final UserStore users;
    private final SessionStore sessions;
    private final RegionSites sites;
    private final PasswordHasher hasher;
    /** The zone of sites registered before sites had one (V12 left them NULL): the {@code timezone} setting. */
    private final String defaultZone;

    UserEndpoint(Vertx vertx, DbWorker db, AccessPolicy policy, ApiServices services) {
        this.vertx = vertx;
        this.policy = policy;
        this.audit = services.audit();
        this.users = services.users();
        this.sessions = services.sessions();
        this.sites = services.regionSites();
        this.hasher = services.passwords();
        this.defaultZone = services.defaultTimezone().getId();
        this.db = db;
    }

    void create(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        policy.requireUserAdmin(request);
        Principal p = request.caller();
        String tenant = request.tenant();
        PeopleBody.NewAccount body = PeopleBody.tenantUser(ctx.body().buffer());
        insert(
                ctx,
                p,
                new NewUser(
                        body.username(), Optional.of(tenant), body.role(), Optional.empty(), body.displayName(), ""),
                body.password(),
                tenant);
    }

    void createRegulator(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        policy.requirePlatform(request, "create regulators");
        Principal p = request.caller();
        PeopleBody.NewAccount body = PeopleBody.regulator(ctx.body().buffer());
        insert(
                ctx,
                p,
                new NewUser(body.username(), Optional.empty(), User.REGULATOR, body.region(), body.displayName(), ""),
                body.password(),
                NO_TENANT);
    }

    void list(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        policy.requireUserAdmin(request);
        Principal p = request.caller();
        String tenant = request.tenant();
        db.query(c -> users.ofTenant(c, tenant), UserEndpoint::listJson)
                .onSuccess(json -> JsonResponse.ok(ctx, json.toBuffer()))
                .onFailure(ctx::fail);
    }

    void listRegulators(RoutingContext ctx) {
        policy.requirePlatform(RequestContext.of(ctx), "list regulators");
        db.query(users::regulators, UserEndpoint::listJson)
                .onSuccess(json -> JsonResponse.ok(ctx, json.toBuffer()))
                .onFailure(ctx::fail);
    }

    /** Disables the account and ends its sessions; the account stays, named by the audit trail. */
    void disable(RoutingContext ctx) {
        RequestContext request = RequestContext.of(ctx);
        policy.requireUserAdmin(request);
        Principal p = request.caller();
        String tenant = request.tenant();
        String username = ctx.pathParam("username");
        if (username.equals(p.subject())) {
            throw ColdchainException.conflict(
                    "own_account", "an admin cannot disable their own account; ask another admin");
        }
        db.query(
                        c -> {
                            c.setAutoCommit(false);
                            try {
                                User u = users.ofTenant(c, tenant, username)
                                        .orElseThrow(() -> ColdchainException.notFound(
                                                "no user " + Ids.describe(username) + " in tenant " + tenant));
                                User after = users.disable(c, u.id());
                                int ended = sessions.endAllOf(c, u.id());
                                if (u.enabled()) {
                                    audit.insert(
                                            c,
                                            tenant,
                                            p.subject(),
                                            p.role(),
                                            "disable_user",
                                            "user",
                                            username,
                                            json(u),
                                            json(after).put("sessions_ended", ended));
                                }
                                c.commit();
                                return after;
                            } catch (Exception e) {
                                c.rollback();
                                throw e;
                            } finally {
                                c.setAutoCommit(true);
                            }
                        },
                        UserEndpoint::json)
                .onSuccess(json -> JsonResponse.ok(ctx, json.toBuffer()))
                .onFailure(ctx::fail);
    }

    /** {@code GET /api/v1/sites}: a tenant's own sites for its admin and qa; every tenant's sites of the region for a regulator. */
    void sites(RoutingContext ctx) {
        Principal p = RequestContext.of(ctx).caller();
        if (Principal.PLATFORM.equals(p.role())) {
            throw ColdchainException.forbidden("the platform administrator reads no tenant's sites");
        }
        Optional<String> prefix = p.regionPrefix();
        if (p.isRegulator() && prefix.isEmpty()) {
            // A regulator token without a region reads nothing, as everywhere.
            JsonResponse.ok(ctx, new JsonObject().put("sites", new JsonArray()).toBuffer());
            return;
        }
        db.query(c -> p.isRegulator() ? sites.inRegion(c, prefix.get()) : sites.ofTenant(c, p.tenant()), list -> {
                    JsonArray out = new JsonArray();
                    list.forEach(s -> out.add(new JsonObject()
                            .put("tenant", s.tenant())
                            .put("site", s.site())
                            .put("name", s.name())
                            .put("kind", s.kind())
                            .put("region", s.region())
                            .put("address", s.address())
                            .put("timezone", s.timezone() != null ? s.timezone() : defaultZone)));
                    return new JsonObject().put("sites", out);
                })
                .onSuccess(json -> JsonResponse.ok(ctx, json.toBuffer()))
                .onFailure(ctx::fail);
    }

    private void insert(RoutingContext ctx, Principal p, NewUser draft, String password, String auditTenant) {
        vertx.executeBlocking(() -> hasher.hash(password), false)
                .compose(hash -> db.query(
                        c -> {
                            NewUser u = new NewUser(
                                    draft.username(),
                                    draft.tenant(),
                                    draft.role(),
                                    draft.region(),
                                    draft.displayName(),
                                    hash);
                            c.setAutoCommit(false);
                            try {
                                User created = users.insert(c, u, p.subject());
                                audit.insert(
                                        c,
                                        auditTenant,
                                        p.subject(),
                                        p.role(),
                                        "create_user",
                                        "user",
                                        created.username(),
                                        null,
                                        json(created));
                                c.commit();
                                return created;
                            } catch (Exception e) {
                                c.rollback();
                                throw e;
                            } finally {
                                c.setAutoCommit(true);
                            }
                        },
                        UserEndpoint::json))
                .onSuccess(json -> JsonResponse.send(ctx, 201, json.toBuffer()))
                .onFailure(ctx::fail);
    }

    static JsonObject json(User u) {
        return UserAccounts.json(u);
    }

    private static JsonObject listJson(List<User> list) {
        JsonArray out = new JsonArray();
        list.forEach(u -> out.add(json(u)));
        return new JsonObject().put("users", out);
    }
}

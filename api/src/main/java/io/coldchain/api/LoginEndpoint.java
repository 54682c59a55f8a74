package io.coldchain.api;

import io.coldchain.core.config.AuthOptions;
import io.coldchain.core.error.ColdchainException;
import io.coldchain.registry.AuditStore;
import io.coldchain.registry.user.LoginAttemptStore;
import io.coldchain.registry.user.PasswordHasher;
import io.coldchain.registry.user.Session;
import io.coldchain.registry.user.SessionStore;
import io.coldchain.registry.user.User;
import io.coldchain.registry.user.UserStore;
import io.coldchain.registry.user.UserStore.Credentials;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/login}, {@code POST /api/v1/logout} and {@code GET /api/v1/me}.
 *
 * <p>A login answers a session cookie ({@code HttpOnly}, {@code SameSite=Strict}, {@code Secure}
 * over HTTPS) and the session's CSRF token, or, with {@code "token": true}, a bearer token for a
 * tool. Failed attempts are slowed: the attempt waits 250 ms doubled for each failure within
 * {@link #FAILURE_WINDOW} for its username (since its last success) or from its address, at most
 * {@code auth.login.delay.max}, before the password is even looked at; every attempt is kept in
 * {@code login_attempts}, counted in {@code coldchain_logins_total{outcome}} and, for a known user of a
 * tenant, written to the tenant's audit trail. An unknown username, a wrong password and a disabled
 * account get the same answer after the same work.
 */
final class LoginEndpoint {
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);
    static final Duration FIRST_DELAY = Duration.ofMillis(250);
    private static final Logger LOG = LoggerFactory.getLogger(LoginEndpoint.class);

    private final Vertx vertx;
    private final DbWorker db;
    private final AuthOptions auth;
    private final SessionAuth sessionAuth;
    private final UserStore users;
    private final SessionStore sessions;
    private final LoginAttemptStore attempts;
    private final AuditStore audit;
    private final PasswordHasher hasher;
    private final Counter succeeded;
    private final Counter failed;

    LoginEndpoint(Vertx vertx, DbWorker db, ApiServices services, SessionAuth sessionAuth, MeterRegistry metrics) {
        this.vertx = vertx;
        this.db = db;
        this.auth = services.auth();
        this.sessionAuth = sessionAuth;
        this.audit = services.audit();
        this.users = services.users();
        this.sessions = services.sessions();
        this.attempts = services.loginAttempts();
        this.hasher = services.passwords();
        this.succeeded = Counter.builder("coldchain.logins")
                .tag("outcome", "success")
                .description("Login attempts by outcome")
                .register(metrics);
        this.failed = Counter.builder("coldchain.logins")
                .tag("outcome", "failure")
                .description("Login attempts by outcome")
                .register(metrics);
    }

    /** A session handed out: its secret (cookie value or bearer token) and CSRF token. Never logged. */
    private record Issued(String secret, String csrf) {
        @Override
        public String toString() {
            return "Issued[***]";
        }
    }

    /** What an attempt came to: the user when the password was right, and the session it got. */
    private record Outcome(Optional<User> user, Optional<Issued> issued) {}

    /** How long an attempt waits after {@code failures} recent failures. */
    static Duration delayAfter(int failures, Duration max) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        Duration d = FIRST_DELAY.multipliedBy(1L << Math.min(failures - 1, 20));
        return d.compareTo(max) > 0 ? max : d;
    }

    void login(RoutingContext ctx) {
        PeopleBody.Login body = PeopleBody.login(ctx.body().buffer());
        String address = ctx.request().remoteAddress() == null
                ? "unknown"
                : ctx.request().remoteAddress().hostAddress();
        db.query(c -> attempts.recentFailures(c, body.username(), address, FAILURE_WINDOW), f -> f)
                .compose(failures -> wait(delayAfter(failures.worst(), auth.loginDelayMax())))
                .compose(v ->
                        db.query(c -> users.credentials(c, body.username()), found -> verified(found, body.password())))
                .compose(user -> db.query(
                        c -> {
                            boolean ok = user.isPresent();
                            attempts.record(c, body.username(), address, ok);
                            if (!ok) {
                                return new Outcome(user, Optional.empty());
                            }
                            Issued issued = new Issued(SessionTokens.newSecret(), SessionTokens.newCsrfToken());
                            sessions.create(
                                    c,
                                    SessionTokens.hash(issued.secret()),
                                    user.get().id(),
                                    body.bearer() ? Session.BEARER : Session.COOKIE,
                                    issued.csrf());
                            auditLogin(c, user.get(), "login", address);
                            return new Outcome(user, Optional.of(issued));
                        },
                        outcome -> outcome))
                .onSuccess(result -> answer(ctx, body, address, result))
                .onFailure(ctx::fail);
    }

    private void answer(RoutingContext ctx, PeopleBody.Login body, String address, Outcome outcome) {
        Optional<User> user = outcome.user();
        Optional<Issued> issued = outcome.issued();
        if (user.isEmpty() || issued.isEmpty()) {
            failed.increment();
            // Not the username as typed: people type passwords into it. login_attempts keeps it, in the database.
            LOG.info("Login failed from {}", address);
            ctx.fail(new ColdchainException(401, "invalid_login", "wrong username or password"));
            return;
        }
        succeeded.increment();
        User u = user.get();
        LOG.info(
                "Login of {} ({}{}) from {}",
                u.username(),
                u.role(),
                u.tenant().map(t -> " of tenant " + t).orElse(""),
                address);
        JsonObject out = me(u).put("idle_timeout_s", auth.sessionIdle().toSeconds())
                .put("absolute_timeout_s", auth.sessionAbsolute().toSeconds());
        String secret = issued.get().secret();
        if (body.bearer()) {
            out.put("token", secret).put("token_type", "Bearer");
        } else {
            ctx.response()
                    .addCookie(Cookie.cookie(SessionTokens.COOKIE, secret)
                            .setPath("/")
                            .setHttpOnly(true)
                            .setSameSite(CookieSameSite.STRICT)
                            .setSecure(ctx.request().isSSL()));
            out.put("csrf_token", issued.get().csrf());
        }
        JsonResponse.ok(ctx, out.toBuffer());
    }

    /** Ends the session of the request (a token of the {@code token} command has none: it just expires) and clears the cookie. */
    void logout(RoutingContext ctx) {
        Session s = ctx.get(SessionAuth.SESSION);
        sessionAuth
                .end(ctx)
                .compose(ended -> s == null
                        ? Future.succeededFuture()
                        : db.query(
                                c -> {
                                    auditLogin(c, s.user(), "logout", null);
                                    return null;
                                },
                                x -> x))
                .onSuccess(v -> {
                    ctx.response()
                            .addCookie(Cookie.cookie(SessionTokens.COOKIE, "")
                                    .setPath("/")
                                    .setHttpOnly(true)
                                    .setSameSite(CookieSameSite.STRICT)
                                    .setSecure(ctx.request().isSSL())
                                    .setMaxAge(0));
                    ctx.response()
                            .setStatusCode(204)
                            .putHeader("Cache-Control", "no-store")
                            .end();
                })
                .onFailure(ctx::fail);
    }

    /** Who is calling: for the web app's header, and the CSRF token of a cookie session after a reload. */
    void whoAmI(RoutingContext ctx) {
        Principal p = RequestContext.of(ctx).caller();
        Session s = ctx.get(SessionAuth.SESSION);
        JsonObject out;
        if (s != null) {
            out = me(s.user()).put("session", s.kind());
            if (Session.COOKIE.equals(s.kind())) {
                out.put("csrf_token", s.csrfToken());
            }
        } else {
            out = new JsonObject()
                    .put("username", p.subject())
                    .put("display_name", "")
                    .put("role", p.role())
                    .put("tenant", p.tenant())
                    .put("region", p.region().orElse(null))
                    .put("session", "token");
        }
        JsonResponse.ok(ctx, out.toBuffer());
    }

    static JsonObject me(User u) {
        return new JsonObject()
                .put("username", u.username())
                .put("display_name", u.displayName())
                .put("role", u.role())
                .put("tenant", u.tenant().orElse(null))
                .put("region", u.region().orElse(null));
    }

    /** The user if the password is right and the account enabled; the same work when the username is unknown. */
    private Optional<User> verified(Optional<Credentials> found, String password) {
        if (found.isEmpty()) {
            hasher.verifyNothing(password);
            return Optional.empty();
        }
        boolean ok = hasher.verify(password, found.get().passwordHash());
        return ok && found.get().user().enabled() ? Optional.of(found.get().user()) : Optional.empty();
    }

    private void auditLogin(java.sql.Connection c, User u, String action, String address) throws java.sql.SQLException {
        if (u.tenant().isPresent()) {
            audit.insert(
                    c,
                    u.tenant().get(),
                    u.username(),
                    u.role(),
                    action,
                    "user",
                    u.username(),
                    null,
                    address == null ? null : new JsonObject().put("address", address));
        }
    }

    private Future<Void> wait(Duration d) {
        if (d.isZero()) {
            return Future.succeededFuture();
        }
        return Future.future(p -> vertx.setTimer(d.toMillis(), id -> p.complete()));
    }
}

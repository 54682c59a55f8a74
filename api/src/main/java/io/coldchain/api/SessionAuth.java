package io.coldchain.api;

import io.coldchain.core.config.AuthOptions;
import io.coldchain.core.error.ColdchainException;
import io.coldchain.registry.user.Session;
import io.coldchain.registry.user.SessionStore;
import io.coldchain.registry.user.User;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Login sessions as callers: finds the session of a secret (a web app cookie or a bearer token from
 * {@code POST /api/v1/login}), ends it when it has been idle or alive too long, requires the CSRF
 * token on a cookie session's writes, and leaves the same {@link Principal} a token of the
 * {@code token} command gives, so that every endpoint serves a browser unchanged.
 */
final class SessionAuth {
    /** Context key of the {@link Session} behind the principal, when there is one (logout ends it). */
    static final String SESSION = "coldchain.session";

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final DbWorker db;
    private final SessionStore sessions;
    private final AuthOptions auth;

    SessionAuth(DbWorker db, SessionStore sessions, AuthOptions auth) {
        this.db = Objects.requireNonNull(db, "db");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.auth = Objects.requireNonNull(auth, "auth");
    }

    /**
     * Resolves {@code secret}, presented as {@code kind} (a cookie secret is refused as a bearer token
     * and the other way round), puts the principal and the session in the context and continues; 401
     * when there is no such live session, 403 {@code csrf} for a cookie write without the right token.
     */
    void authenticate(RoutingContext ctx, String secret, String kind) {
        byte[] hash = SessionTokens.hash(secret);
        db.query(
                        c -> {
                            Optional<Session> found =
                                    sessions.find(c, hash).filter(s -> s.kind().equals(kind));
                            if (found.isEmpty()) {
                                return Optional.<Session>empty();
                            }
                            Session s = found.get();
                            if (expired(s)) {
                                sessions.end(c, s.id());
                                return Optional.<Session>empty();
                            }
                            sessions.touch(c, s.id(), touchEvery());
                            return found;
                        },
                        s -> s)
                .onComplete(ar -> {
                    if (ar.failed()) {
                        ctx.fail(ar.cause());
                        return;
                    }
                    if (ar.result().isEmpty()) {
                        ctx.fail(ColdchainException.unauthorized(
                                "no such session, or it has ended (logged out, timed out or disabled)"));
                        return;
                    }
                    Session s = ar.result().get();
                    if (Session.COOKIE.equals(kind)
                            && !SAFE.contains(ctx.request().method())
                            && !SessionTokens.sameToken(
                                    ctx.request().getHeader(SessionTokens.CSRF_HEADER), s.csrfToken())) {
                        ctx.fail(new ColdchainException(
                                403,
                                "csrf",
                                "a write with a session cookie needs the session's " + SessionTokens.CSRF_HEADER
                                        + " header (from POST /api/v1/login or GET /api/v1/me)"));
                        return;
                    }
                    ctx.put(SESSION, s);
                    ctx.put(BearerAuth.PRINCIPAL, principal(s.user()));
                    ctx.next();
                });
    }

    /** Ends the session of this request, if it came with one. */
    Future<Boolean> end(RoutingContext ctx) {
        Session s = ctx.get(SESSION);
        if (s == null) {
            return Future.succeededFuture(false);
        }
        return db.query(c -> sessions.end(c, s.id()), ended -> ended);
    }

    /** The principal of a user: the same shape a token gives (subject, tenant, role, region). */
    static Principal principal(User u) {
        // Regulators and the platform administrator belong to no tenant: "" matches no tenant id.
        return new Principal(u.username(), u.tenant().orElse(""), u.role(), u.region());
    }

    private boolean expired(Session s) {
        return !s.now().isBefore(s.lastSeenAt().plus(auth.sessionIdle()))
                || !s.now().isBefore(s.createdAt().plus(auth.sessionAbsolute()));
    }

    /** Activity is recorded at most every minute, finer for short idle timeouts (tests). */
    private Duration touchEvery() {
        Duration quarter = auth.sessionIdle().dividedBy(4);
        return quarter.compareTo(Duration.ofMinutes(1)) < 0 ? quarter : Duration.ofMinutes(1);
    }
}

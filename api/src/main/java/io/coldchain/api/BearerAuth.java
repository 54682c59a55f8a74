package io.coldchain.api;

import io.coldchain.core.error.ColdchainException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * {@code Authorization: Bearer <token>} (or a login session, see {@link SessionAuth}): verifies the token and leaves the {@link Principal} in the
 * routing context under {@link #PRINCIPAL} for {@link RequestContext#attach}; 401 otherwise. Verification is a few microseconds of
 * HMAC, so it runs on the event loop.
 */
final class BearerAuth implements Handler<RoutingContext> {
    static final String PRINCIPAL = "coldchain.principal";
    private static final String SCHEME = "bearer ";

    private final TokenService tokens;
    private final SessionAuth sessions;

    /** Accepts tokens and login sessions: a {@code coldchain_session} cookie, or a bearer token from {@code POST /api/v1/login}. */
    BearerAuth(TokenService tokens, SessionAuth sessions) {
        this.tokens = tokens;
        this.sessions = sessions;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            io.vertx.core.http.Cookie cookie = ctx.request().getCookie(SessionTokens.COOKIE);
            if (cookie != null && SessionTokens.looksLikeSession(cookie.getValue())) {
                sessions.authenticate(ctx, cookie.getValue(), io.coldchain.registry.user.Session.COOKIE);
                return;
            }
            throw ColdchainException.unauthorized("missing Authorization: Bearer <token>");
        }
        // The scheme is case-insensitive (RFC 9110 §11.1).
        if (header.length() <= SCHEME.length()
                || !header.substring(0, SCHEME.length())
                        .toLowerCase(Locale.ROOT)
                        .equals(SCHEME)) {
            throw ColdchainException.unauthorized("Authorization must use the Bearer scheme");
        }
        String token = header.substring(SCHEME.length()).trim();
        if (SessionTokens.looksLikeSession(token)) {
            sessions.authenticate(ctx, token, io.coldchain.registry.user.Session.BEARER);
            return;
        }
        ctx.put(PRINCIPAL, tokens.verify(token));
        ctx.next();
    }
}

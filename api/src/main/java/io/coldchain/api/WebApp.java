package io.coldchain.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web app (contract §6): static files from the jar, {@code webroot/} at {@code /} and the
 * chart library's WebJar under {@code /webjars/}. No build step: plain ES modules. The pages call the
 * JSON API with the session cookie; nothing here needs a login, since the files hold no data.
 *
 * <p>Every page is sent with a strict Content-Security-Policy (scripts and data only from here, no
 * inline script, no framing), so that an injected string cannot run.
 */
final class WebApp {
    static final String CSP =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                    + "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private WebApp() {}

    static void mount(Router r) {
        // No method on the route: the router's route list (held to the OpenAPI document) names API routes only.
        r.route("/*").handler(ctx -> {
            HttpMethod m = ctx.request().method();
            if ((m == HttpMethod.GET || m == HttpMethod.HEAD)
                    && !ctx.request().path().startsWith("/api/")) {
                ctx.response()
                        .putHeader("Content-Security-Policy", CSP)
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("Referrer-Policy", "no-referrer");
            }
            ctx.next();
        });
        r.route("/webjars/*")
                .handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(86_400));
        // Short caching: a new release must reach the browsers the same day.
        r.route("/*")
                .handler(StaticHandler.create("webroot").setMaxAgeSeconds(300).setIndexPage("index.html"));
    }
}

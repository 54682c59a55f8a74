package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.coldchain.core.error.ColdchainException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one failure handler: what callers see when something goes wrong (no database needed). */
class FailureHandlerTest {
    private static Vertx vertx;
    private static String base;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.get("/bug").handler(ctx -> {
            throw new IllegalStateException("secret internals: jdbc:postgresql://db:5432");
        });
        router.get("/async-bug").handler(ctx -> ctx.fail(new NullPointerException("also secret")));
        router.get("/conflict").handler(ctx -> {
            throw ColdchainException.conflict("already_there", "the thing exists");
        });
        router.get("/unavailable")
                .handler(ctx -> ctx.fail(ColdchainException.unavailable(
                        "database unavailable", new java.sql.SQLException("connection refused"))));
        router.get("/status").handler(ctx -> ctx.fail(405));
        router.route().failureHandler(new FailureHandler());
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void bugsAre500InternalWithoutTheirMessage() throws Exception {
        for (String path : new String[] {"/bug", "/async-bug"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(new JsonObject(r.body()))
                    .isEqualTo(new JsonObject().put("error", "internal").put("detail", FailureHandler.INTERNAL_DETAIL));
            assertThat(r.body()).doesNotContain("secret").doesNotContain("Exception");
        }
    }

    @Test
    void domainErrorsKeepTheirStatusCodeAndDetail() throws Exception {
        HttpResponse<String> r = get("/conflict");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(r.body()))
                .isEqualTo(new JsonObject().put("error", "already_there").put("detail", "the thing exists"));

        HttpResponse<String> u = get("/unavailable");
        assertThat(u.statusCode()).isEqualTo(503);
        assertThat(new JsonObject(u.body()).getString("error")).isEqualTo("unavailable");
        assertThat(u.body()).doesNotContain("connection refused");
    }

    @Test
    void bareStatusFailuresGetAJsonBodyToo() throws Exception {
        HttpResponse<String> r = get("/status");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("content-type")).contains("application/json");
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("method_not_allowed");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

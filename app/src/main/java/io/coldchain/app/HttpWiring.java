package io.coldchain.app;

import io.coldchain.api.HttpVerticle;
import io.coldchain.api.TokenService;
import io.coldchain.core.config.ColdchainConfig;
import io.coldchain.core.credential.MqttCredentialEvents;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/** Builds the HTTP edge from the configuration and its collaborators ({@link ApiServicesFactory}); returns the port it listens on. */
final class HttpWiring {
    private HttpWiring() {}

    static Future<Integer> deploy(
            Vertx vertx,
            ColdchainConfig config,
            DataSource pool,
            PrometheusMeterRegistry registry,
            BooleanSupplier brokerConnected,
            String storage,
            MqttCredentialEvents credentialEvents) {
        TokenService tokens = new TokenService(config.auth(), config.dataDir());
        HttpVerticle http = new HttpVerticle(
                config.http(),
                pool,
                tokens,
                registry,
                brokerConnected,
                storage,
                ApiServicesFactory.build(config, credentialEvents, registry));
        return vertx.deployVerticle(http)
                .map(id -> http.actualPort())
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "The HTTP API cannot listen on "
                                + config.http().host() + ":" + config.http().port() + " (" + e.getMessage()
                                + "); choose another port with COLDCHAIN_HTTP_PORT or -D http.port=…",
                        e)));
    }
}

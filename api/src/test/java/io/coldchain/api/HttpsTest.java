package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coldchain.core.config.HttpOptions;
import io.coldchain.core.config.NotifyOptions;
import io.coldchain.core.config.TlsListener;
import io.coldchain.testkit.SelfSignedPem;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over HTTPS with a PEM pair made by the test, beside the plain listener. */
class HttpsTest {
    @TempDir
    static Path dir;

    private static TestApi api;
    private static SelfSignedPem pem;
    private static HttpVerticle server;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi("httpsapi");
        pem = SelfSignedPem.create(dir);
        server = api.serve(
                new HttpOptions(
                        "127.0.0.1",
                        0,
                        Optional.of(new TlsListener("127.0.0.1", 0, pem.certificate(), pem.privateKey()))),
                NotifyOptions.defaults());
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void health_answers_over_tls_to_a_client_that_trusts_the_certificate() throws Exception {
        int port = server.actualTlsPort().orElseThrow();
        HttpClient trusting = HttpClient.newBuilder()
                .sslContext(pem.trustingContext())
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<String> r = get(trusting, "https://localhost:" + port + "/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getString("status")).isEqualTo("up");
        assertThat(r.sslSession())
                .hasValueSatisfying(s -> assertThat(s.getProtocol()).startsWith("TLSv1."));
        // The plain listener keeps answering beside it.
        assertThat(get(trusting, "http://127.0.0.1:" + server.actualPort() + "/health")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void the_tls_port_speaks_only_tls_and_only_with_a_trusted_certificate() {
        int port = server.actualTlsPort().orElseThrow();
        HttpClient defaultTrust =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        assertThatThrownBy(() -> get(defaultTrust, "https://localhost:" + port + "/health"))
                .isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> get(defaultTrust, "http://127.0.0.1:" + port + "/health"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void a_key_that_is_not_a_key_fails_the_start_naming_the_settings() {
        assertThatThrownBy(() -> api.serve(
                        new HttpOptions(
                                "127.0.0.1",
                                0,
                                Optional.of(new TlsListener("127.0.0.1", 0, pem.certificate(), pem.certificate()))),
                        NotifyOptions.defaults()))
                .hasMessageContaining("COLDCHAIN_HTTP_TLS_HOST, _PORT, _CERT, _KEY");
    }

    @Test
    void without_a_certificate_there_is_no_tls_listener() {
        assertThat(api.verticle.actualTlsPort()).isEmpty();
    }
}

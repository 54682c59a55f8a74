package io.coldchain.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coldchain.core.config.HttpOptions;
import io.coldchain.core.config.NotifyOptions;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhook targets on this machine, private networks, link-local or metadata addresses are refused
 * at registration with a 400 that says why and which setting allows them; with the setting on they
 * are accepted.
 */
class WebhookDestinationEndpointTest {
    private static final String T = "/api/v1/tenants/acme";
    private static final String SECRET = "0123456789abcdef";
    private static TestApi api;
    private static String admin;
    private static String allowing;

    @BeforeAll
    static void start() throws Exception {
        api = new TestApi("webhookdest");
        admin = api.token("acme", "admin", null);
        HttpVerticle open = api.serve(
                new HttpOptions("127.0.0.1", 0), NotifyOptions.defaults().withWebhookAllowPrivate(true));
        allowing = "http://127.0.0.1:" + open.actualPort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    private static JsonObject hook(String url) {
        return new JsonObject().put("channel", "webhook").put("url", url).put("secret", SECRET);
    }

    private static HttpResponse<String> put(String base, String id, String url) throws Exception {
        return api.sendTo(
                base + T + "/notification-targets/" + id,
                "PUT",
                admin,
                hook(url).encode().getBytes(StandardCharsets.UTF_8),
                "application/json");
    }

    private static void assertRefused(String url, String reason) throws Exception {
        HttpResponse<String> r = put(api.base, "t" + Math.abs(url.hashCode()), url);
        assertThat(r.statusCode()).as(url + " -> " + r.body()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("detail"))
                .as(url)
                .contains(reason)
                .contains("notify.webhook.allow.private=true");
    }

    @Test
    void local_private_link_local_and_metadata_destinations_are_refused() throws Exception {
        assertRefused("http://127.0.0.1:8080/hook", "loopback");
        assertRefused("http://[::1]/hook", "loopback");
        assertRefused("http://localhost/hook", "this machine");
        assertRefused("http://10.1.2.3/hook", "private");
        assertRefused("http://172.20.0.5/hook", "private");
        assertRefused("https://192.168.0.10/hook", "private");
        assertRefused("http://[fd00::2]/hook", "private");
        assertRefused("http://169.254.169.254/latest/meta-data/", "metadata");
        assertRefused("http://[fe80::1]/hook", "link-local");
        assertRefused("http://metadata.google.internal/computeMetadata/v1/", "metadata");
        assertRefused("http://100.100.100.200/latest/meta-data/", "metadata");
        assertThat(api.get(T + "/notification-targets", admin).body()).doesNotContain("169.254");
    }

    @Test
    void a_name_is_refused_for_what_it_resolves_to() throws Exception {
        String name = InetAddress.getLocalHost().getHostName();
        assumeTrue(
                !name.equalsIgnoreCase("localhost")
                        && InetAddress.getByName(name).isLoopbackAddress(),
                "this machine's name (" + name + ") does not resolve to a loopback address");
        assertRefused("http://" + name + ":9000/hook", "resolves to 127.");
    }

    @Test
    void public_destinations_and_with_the_setting_private_ones_are_accepted() throws Exception {
        assertThat(put(api.base, "public", "https://hooks.example.com/coldchain")
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> local = put(allowing, "local", "http://127.0.0.1:9000/hook");
        assertThat(local.statusCode()).as(local.body()).isEqualTo(201);
        assertThat(new JsonObject(local.body()).getString("url")).isEqualTo("http://127.0.0.1:9000/hook");
    }
}

package io.coldchain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loopback unless opened, TLS only with both PEM files, secrets never printed. */
class SecureDefaultsConfigTest {

    @Test
    void plain_listeners_default_to_loopback_and_no_tls_and_no_warning() {
        ColdchainConfig c = ConfigLoader.of(Map.of());
        assertThat(c.mqtt().embeddedBind()).isEqualTo("127.0.0.1");
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
        assertThat(c.mqtt().embeddedTls()).isEmpty();
        assertThat(c.http().tls()).isEmpty();
        assertThat(c.notifications().webhookAllowPrivate()).isFalse();
        assertThat(ListenerExposure.warnings(c)).isEmpty();
    }

    @Test
    void opening_a_plain_listener_warns_naming_the_setting() {
        ColdchainConfig c = ConfigLoader.of(Map.of("mqtt.bind", "0.0.0.0", "http.host", "0.0.0.0"));
        assertThat(ListenerExposure.warnings(c))
                .hasSize(2)
                .anySatisfy(w -> assertThat(w)
                        .contains("COLDCHAIN_MQTT_BIND")
                        .contains("mqtt.bind")
                        .contains("0.0.0.0:1883"))
                .anySatisfy(w -> assertThat(w)
                        .contains("COLDCHAIN_HTTP_HOST")
                        .contains("http.host")
                        .contains("0.0.0.0:8080"));
        assertThat(ListenerExposure.warnings(ConfigLoader.of(Map.of("mqtt.bind", "::1", "http.host", "localhost"))))
                .isEmpty();
    }

    @Test
    void an_external_broker_is_not_the_embedded_listener() {
        ColdchainConfig c = ConfigLoader.of(Map.of("mqtt.url", "tcp://broker:1883", "mqtt.bind", "0.0.0.0"));
        assertThat(ListenerExposure.warnings(c)).isEmpty();
    }

    @Test
    void tls_listeners_need_both_readable_pem_files(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n");
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n");
        ColdchainConfig c = ConfigLoader.of(Map.of(
                "mqtt.tls.cert",
                cert.toString(),
                "mqtt.tls.key",
                key.toString(),
                "http.tls.cert",
                cert.toString(),
                "http.tls.key",
                key.toString(),
                "http.tls.port",
                "0"));
        assertThat(c.mqtt().embeddedTls())
                .contains(new TlsListener("0.0.0.0", 8883, cert.toAbsolutePath(), key.toAbsolutePath()));
        assertThat(c.http().tls()).contains(new TlsListener("0.0.0.0", 0, cert.toAbsolutePath(), key.toAbsolutePath()));

        assertThatThrownBy(() -> ConfigLoader.of(Map.of("mqtt.tls.cert", cert.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("COLDCHAIN_MQTT_TLS_KEY")
                .hasMessageContaining("both");
        assertThatThrownBy(() -> ConfigLoader.of(Map.of(
                        "http.tls.cert",
                        cert.toString(),
                        "http.tls.key",
                        dir.resolve("nope.pem").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("COLDCHAIN_HTTP_TLS_KEY")
                .hasMessageContaining("not a readable file");
        assertThatThrownBy(() -> ConfigLoader.of(Map.of(
                        "mqtt.tls.cert", cert.toString(), "mqtt.tls.key", key.toString(), "mqtt.tls.port", "1883")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("COLDCHAIN_MQTT_TLS_PORT")
                .hasMessageContaining("port of its own");
        assertThatThrownBy(() -> ConfigLoader.of(Map.of(
                        "mqtt.tls.cert",
                        cert.toString(),
                        "mqtt.tls.key",
                        key.toString(),
                        "mqtt.url",
                        "tcp://broker:1883")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("COLDCHAIN_MQTT_TLS_CERT")
                .hasMessageContaining("external broker");
    }

    @Test
    void a_bad_listen_address_or_flag_names_the_setting() {
        assertThatThrownBy(() ->
                        ConfigLoader.of(Map.of("http.host", "http://0.0.0.0", "notify.webhook.allow.private", "yes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("COLDCHAIN_HTTP_HOST")
                .hasMessageContaining("COLDCHAIN_NOTIFY_WEBHOOK_ALLOW_PRIVATE");
        assertThat(ConfigLoader.of(Map.of("notify.webhook.allow.private", "true"))
                        .notifications()
                        .webhookAllowPrivate())
                .isTrue();
    }

    @Test
    void passwords_in_urls_never_reach_the_printout_or_the_error() {
        ColdchainConfig c = ConfigLoader.load(
                Map.of(),
                Map.of(
                        "COLDCHAIN_DB_URL",
                        "jdbc:postgresql://u:dbpw@db:5432/cold?password=dbpw2",
                        "COLDCHAIN_MQTT_URL",
                        "tcp://gw:mqttpw@broker:1883",
                        "COLDCHAIN_MQTT_PASSWORD",
                        "mqttpw3",
                        "COLDCHAIN_SMTP_PASSWORD",
                        "smtppw",
                        "COLDCHAIN_AUTH_JWT_SECRET",
                        "0123456789abcdef0123456789abcdef-jwt"),
                Optional.empty());
        assertThat(c.toString())
                .doesNotContain("dbpw")
                .doesNotContain("mqttpw")
                .doesNotContain("smtppw")
                .doesNotContain("abcdef-jwt")
                .contains("jdbc:postgresql://u:***@db:5432/cold")
                .contains("tcp://gw:***@broker:1883");

        assertThatThrownBy(() -> ConfigLoader.of(Map.of("mqtt.url", "mqtt://gw:mqttpw@broker:1883")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("COLDCHAIN_MQTT_URL")
                .hasMessageContaining("gw:***@broker")
                .hasMessageNotContaining("mqttpw");
    }

    @Test
    void password_and_secret_settings_are_known_as_secrets() {
        assertThat(Settings.ALL.stream().filter(Setting::secret).map(Setting::key))
                .contains("db.password", "mqtt.password", "smtp.password", "auth.jwt.secret")
                .doesNotContain("auth.token.ttl", "mqtt.tls.key", "db.url");
    }
}

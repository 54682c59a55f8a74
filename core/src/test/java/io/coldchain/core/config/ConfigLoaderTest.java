package io.coldchain.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration: defaults, precedence, and start-up failures that say what to fix. */
class ConfigLoaderTest {

    @Test
    void defaults_mean_embedded_servers() {
        ColdchainConfig c = ConfigLoader.of(Map.of());
        assertThat(c.db().embedded()).isTrue();
        assertThat(c.mqtt().embedded()).isTrue();
        assertThat(c.mqtt().embeddedPort()).isEqualTo(1883);
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.dataDir()).isEqualTo(Path.of("coldchain-data").toAbsolutePath());
        assertThat(c.storage().retention()).isGreaterThanOrEqualTo(StorageOptions.MIN_RETENTION);
    }

    @Test
    void the_time_zone_of_sites_without_one_is_utc_unless_set_and_must_be_an_iana_zone() {
        assertThat(ConfigLoader.of(Map.of()).records().timezone().getId()).isEqualTo("UTC");
        assertThat(ConfigLoader.load(Map.of(), Map.of("COLDCHAIN_TIMEZONE", "Asia/Shanghai"), Optional.empty())
                        .records()
                        .timezone()
                        .getId())
                .isEqualTo("Asia/Shanghai");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("COLDCHAIN_TIMEZONE", "Beijing"), Optional.empty()))
                .hasMessageContaining("COLDCHAIN_TIMEZONE")
                .hasMessageContaining("'Beijing' is not an IANA time zone such as Asia/Shanghai");
    }

    @Test
    void flags_beat_environment_beat_file(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.properties");
        Files.writeString(file, "http.port=7001\nCOLDCHAIN_MQTT_PORT=7002\ningest.writers=3\n");
        ColdchainConfig c = ConfigLoader.load(
                Map.of("http.port", "7101"),
                Map.of("COLDCHAIN_HTTP_PORT", "7201", "COLDCHAIN_MQTT_PORT", "7202"),
                Optional.of(file));
        assertThat(c.http().port()).isEqualTo(7101);
        assertThat(c.mqtt().embeddedPort()).isEqualTo(7202);
        assertThat(c.ingest().writers()).isEqualTo(3);
    }

    @Test
    void external_servers_are_taken_from_the_contract_variables() {
        ColdchainConfig c = ConfigLoader.load(
                Map.of(),
                Map.of(
                        "COLDCHAIN_DB_URL",
                        "jdbc:postgresql://db:5432/cold",
                        "COLDCHAIN_DB_USER",
                        "u",
                        "COLDCHAIN_DB_PASSWORD",
                        "secret",
                        "COLDCHAIN_MQTT_URL",
                        "tcp://broker:1883"),
                Optional.empty());
        assertThat(c.db().url()).contains("jdbc:postgresql://db:5432/cold");
        assertThat(c.mqtt().brokerUrl()).isEqualTo("tcp://broker:1883");
        assertThat(c.toString()).doesNotContain("secret");
    }

    @Test
    void every_mistake_is_reported_at_once_naming_the_setting() {
        assertThatThrownBy(() -> ConfigLoader.load(
                        Map.of(),
                        Map.of(
                                "COLDCHAIN_HTTP_PORT", "eighty",
                                "COLDCHAIN_DB_URL", "postgres://db/x",
                                "COLDCHAIN_MQTT_URL", "http://broker",
                                "COLDCHAIN_STORAGE_RETENTION", "1y",
                                "COLDCHAIN_STORAGE_TIMESCALE", "maybe",
                                "COLDCHAIN_AUTH_JWT_SECRET", "short"),
                        Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("COLDCHAIN_HTTP_PORT")
                .hasMessageContaining("'eighty' is not a whole number")
                .hasMessageContaining("COLDCHAIN_DB_URL")
                .hasMessageContaining("jdbc:postgresql://")
                .hasMessageContaining("COLDCHAIN_MQTT_URL")
                .hasMessageContaining("COLDCHAIN_STORAGE_RETENTION")
                .hasMessageContaining("shorter than the minimum")
                .hasMessageContaining("COLDCHAIN_STORAGE_TIMESCALE")
                .hasMessageContaining("COLDCHAIN_AUTH_JWT_SECRET");
    }

    @Test
    void unknown_keys_in_flags_and_files_are_refused(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ConfigLoader.of(Map.of("http.prot", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http.prot")
                .hasMessageContaining("unknown setting");
        Path file = dir.resolve("c.properties");
        Files.writeString(file, "db.ulr=jdbc:postgresql://x/y\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), Optional.of(file)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("db.ulr");
    }

    @Test
    void pool_must_fit_the_writers() {
        assertThatThrownBy(() -> ConfigLoader.of(Map.of("ingest.writers", "4", "db.pool.size", "5")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("COLDCHAIN_DB_POOL_SIZE")
                .hasMessageContaining("ingest.writers + 2 = 6");
    }

    @Test
    void durations_as_people_write_them() {
        assertThat(Durations.parse("50ms")).isEqualTo(Duration.ofMillis(50));
        assertThat(Durations.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(Durations.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2y")).isGreaterThanOrEqualTo(Duration.ofDays(730));
        assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("not a duration");
    }

    @Test
    void the_public_url_of_printed_codes_is_unset_by_default_and_must_be_a_whole_http_address() {
        assertThat(ConfigLoader.of(Map.of()).http().publicUrl()).isEmpty();
        assertThat(ConfigLoader.load(
                                Map.of(),
                                Map.of("COLDCHAIN_HTTP_PUBLIC_URL", "https://cold.example.com/chain/"),
                                Optional.empty())
                        .http()
                        .publicUrl())
                .hasValue(java.net.URI.create("https://cold.example.com/chain"));
        for (String bad : new String[] {
            "cold.example.com",
            "/t",
            "ftp://cold.example.com",
            "https://cold.example.com/?a=1",
            "https://",
            "http://a b"
        }) {
            assertThatThrownBy(() -> ConfigLoader.of(Map.of("http.public.url", bad)))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("COLDCHAIN_HTTP_PUBLIC_URL")
                    .hasMessageContaining("absolute http(s) address");
        }
    }

    @Test
    void notifications_default_to_no_email_and_eight_attempts() {
        NotifyOptions n = ConfigLoader.of(Map.of()).notifications();
        assertThat(n.emailEnabled()).isFalse();
        assertThat(n.retryAttempts()).isEqualTo(8);
        assertThat(n.retryBase()).isLessThan(n.retryMax());
        assertThat(n.smtpStartTls()).isTrue();
    }

    @Test
    void smtp_settings_come_from_the_environment_and_the_password_is_masked() {
        NotifyOptions n = ConfigLoader.load(
                        Map.of(),
                        Map.of(
                                "COLDCHAIN_SMTP_HOST",
                                "smtp.example.com",
                                "COLDCHAIN_SMTP_PORT",
                                "2525",
                                "COLDCHAIN_SMTP_USERNAME",
                                "alerts",
                                "COLDCHAIN_SMTP_PASSWORD",
                                "hunter2",
                                "COLDCHAIN_SMTP_STARTTLS",
                                "false",
                                "COLDCHAIN_NOTIFY_RETRY_BASE",
                                "500ms",
                                "COLDCHAIN_NOTIFY_RETRY_MAX",
                                "1m",
                                "COLDCHAIN_NOTIFY_RETRY_ATTEMPTS",
                                "3"),
                        Optional.empty())
                .notifications();
        assertThat(n.smtpHost()).contains("smtp.example.com");
        assertThat(n.smtpPort()).isEqualTo(2525);
        assertThat(n.smtpStartTls()).isFalse();
        assertThat(n.retryBase()).isEqualTo(Duration.ofMillis(500));
        assertThat(n.retryMax()).isEqualTo(Duration.ofMinutes(1));
        assertThat(n.retryAttempts()).isEqualTo(3);
        assertThat(n.toString()).doesNotContain("hunter2");
    }

    @Test
    void bad_notification_settings_name_the_setting() {
        assertThatThrownBy(() -> ConfigLoader.load(
                        Map.of(),
                        Map.of(
                                "COLDCHAIN_SMTP_FROM",
                                "nobody",
                                "COLDCHAIN_SMTP_STARTTLS",
                                "yes",
                                "COLDCHAIN_NOTIFY_RETRY_BASE",
                                "1m",
                                "COLDCHAIN_NOTIFY_RETRY_MAX",
                                "10s",
                                "COLDCHAIN_NOTIFY_RETRY_ATTEMPTS",
                                "0",
                                "COLDCHAIN_SMTP_HOST",
                                "smtp://x"),
                        Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("COLDCHAIN_SMTP_FROM")
                .hasMessageContaining("COLDCHAIN_SMTP_STARTTLS")
                .hasMessageContaining("COLDCHAIN_NOTIFY_RETRY_MAX")
                .hasMessageContaining("COLDCHAIN_NOTIFY_RETRY_ATTEMPTS")
                .hasMessageContaining("COLDCHAIN_SMTP_HOST");
    }

    @Test
    void one_instance_by_default_scale_out_and_dynamic_security_only_when_asked() {
        ColdchainConfig c = ConfigLoader.of(Map.of());
        assertThat(c.mqtt().shared())
                .as("plain persistent subscription by default")
                .isFalse();
        assertThat(c.mqtt().reconnectInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.mqtt().dynsec()).isFalse();
        assertThat(c.alerting().gapSettle()).isEqualTo(Duration.ofMinutes(2));

        ColdchainConfig scaled = ConfigLoader.of(Map.of(
                "mqtt.share.group",
                "coldchain",
                "mqtt.consumers",
                "2",
                "mqtt.url",
                "tcp://broker:1883",
                "mqtt.dynsec.username",
                "admin",
                "mqtt.dynsec.password",
                "dynsec-secret"));
        assertThat(scaled.mqtt().shared()).isTrue();
        assertThat(scaled.mqtt().dynsec()).isTrue();
        assertThat(scaled.mqtt().toString()).doesNotContain("dynsec-secret");
    }

    @Test
    void several_consumers_without_a_share_group_and_half_a_dynsec_admin_are_refused() {
        assertThatThrownBy(() -> ConfigLoader.of(Map.of(
                        "mqtt.consumers", "2", "mqtt.url", "tcp://broker:1883", "mqtt.dynsec.username", "admin")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("COLDCHAIN_MQTT_CONSUMERS")
                .hasMessageContaining("need a share group")
                .hasMessageContaining("COLDCHAIN_MQTT_DYNSEC_USERNAME")
                .hasMessageContaining("set both");
        assertThatThrownBy(() -> ConfigLoader.of(Map.of("mqtt.dynsec.username", "admin", "mqtt.dynsec.password", "x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("for an external Mosquitto");
    }
}

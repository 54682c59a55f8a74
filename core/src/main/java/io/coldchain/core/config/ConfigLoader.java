package io.coldchain.core.config;

import static io.coldchain.core.config.Settings.*;

import io.coldchain.core.model.TimeZones;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link ColdchainConfig} from, in order of precedence: command-line {@code -D key=value}
 * flags, {@code COLDCHAIN_*} environment variables, an optional properties file, and the defaults
 * in {@link Settings}. Every problem is collected and reported at once, each naming the setting.
 */
public final class ConfigLoader extends SettingReader {
    private ConfigLoader() {}

    /**
     * @param flags {@code key -> value} from the command line
     * @param env the process environment
     * @param file an optional properties file (keys as in {@link Settings}, or the environment names)
     */
    public static ColdchainConfig load(Map<String, String> flags, Map<String, String> env, Optional<Path> file) {
        ConfigLoader loader = new ConfigLoader();
        Map<String, Setting> known = Settings.byKey();
        known.values().forEach(s -> loader.put(s.key(), s.defaultValue(), "default"));
        file.ifPresent(f -> loader.readFile(f, known));
        for (Setting s : known.values()) {
            String v = env.get(s.envName());
            if (v != null) {
                loader.put(s.key(), v, "environment " + s.envName());
            }
        }
        flags.forEach((k, v) -> {
            if (!known.containsKey(k)) {
                loader.problem("-D " + k + ": unknown setting; known keys are " + known.keySet());
            } else {
                loader.put(k, v, "flag -D " + k);
            }
        });
        return loader.build();
    }

    /** Defaults only, plus overrides: convenient for tests. */
    public static ColdchainConfig of(Map<String, String> overrides) {
        return load(overrides, Map.of(), Optional.empty());
    }

    private ColdchainConfig build() {
        Path dataDir = Path.of(raw(DATA_DIR)).toAbsolutePath().normalize();

        Optional<String> dbUrl = optional(DB_URL);
        dbUrl.ifPresent(u -> {
            if (!u.startsWith("jdbc:postgresql:")) {
                problem(where(DB_URL) + ": '" + u + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db)");
            }
        });
        DatabaseOptions db = new DatabaseOptions(
                dbUrl,
                raw(DB_USER),
                raw(DB_PASSWORD),
                intIn(DB_POOL_SIZE, 2, 200),
                intIn(DB_EMBEDDED_PORT, 0, 65535),
                bool(DB_EMBEDDED_DURABLE, true));

        Optional<String> mqttUrl = optional(MQTT_URL);
        mqttUrl.ifPresent(u -> {
            try {
                URI uri = URI.create(u);
                if (!List.of("tcp", "ssl", "ws", "wss").contains(String.valueOf(uri.getScheme()))
                        || uri.getHost() == null) {
                    problem(where(MQTT_URL) + ": '" + u
                            + "' must look like tcp://host:1883 (or ssl://, ws://, wss://)");
                }
            } catch (IllegalArgumentException e) {
                problem(where(MQTT_URL) + ": '" + u + "' is not a URL (tcp://host:1883)");
            }
        });
        String clientId = optional(MQTT_CLIENT_ID).orElseGet(() -> "coldchain-" + hostName());
        if (clientId.length() > 60) {
            problem(where(MQTT_CLIENT_ID) + ": at most 60 characters (a consumer suffix is added)");
        }
        String group = raw(MQTT_SHARE_GROUP);
        if (group.contains("/") || group.contains("+") || group.contains("#")) {
            problem(where(MQTT_SHARE_GROUP) + ": must not contain / + # (or leave it empty for one instance)");
        }
        int consumers = intIn(MQTT_CONSUMERS, 1, 16);
        if (group.isEmpty() && consumers > 1) {
            problem(where(MQTT_CONSUMERS) + ": " + consumers
                    + " connections need a share group (set COLDCHAIN_MQTT_SHARE_GROUP),"
                    + " or each would receive every reading");
        }
        Optional<String> dynsecUser = optional(MQTT_DYNSEC_USERNAME);
        Optional<String> dynsecPassword = optional(MQTT_DYNSEC_PASSWORD);
        if (dynsecUser.isPresent() != dynsecPassword.isPresent()) {
            // Worded so that no "...PASSWORD: word" follows: the secret mask would hide the advice.
            problem(where(MQTT_DYNSEC_USERNAME) + ": set both it and " + MQTT_DYNSEC_PASSWORD.envName()
                    + " (the Mosquitto dynamic-security admin), or neither");
        }
        if (dynsecUser.isPresent() && mqttUrl.isEmpty()) {
            problem(where(MQTT_DYNSEC_USERNAME)
                    + ": dynamic security is for an external Mosquitto; set COLDCHAIN_MQTT_URL or unset it");
        }
        int mqttPort = intIn(MQTT_PORT, 1, 65535);
        Optional<TlsListener> mqttTls =
                tls(MQTT_TLS_BIND, MQTT_TLS_PORT, 1, MQTT_TLS_CERT, MQTT_TLS_KEY, MQTT_PORT, mqttPort);
        if (mqttUrl.isPresent() && mqttTls.isPresent()) {
            problem(where(MQTT_TLS_CERT) + ": the TLS listener is the embedded broker's, and " + MQTT_URL.envName()
                    + " names an external broker; configure TLS on that broker (and use ssl:// in the URL) or unset "
                    + MQTT_TLS_CERT.envName() + " and " + MQTT_TLS_KEY.envName());
        }
        MqttOptions mqtt = new MqttOptions(
                mqttUrl,
                mqttPort,
                host(MQTT_BIND),
                optional(MQTT_USERNAME),
                optional(MQTT_PASSWORD),
                clientId,
                group,
                intIn(MQTT_RECEIVE_MAXIMUM, 1, 65535),
                consumers,
                duration(MQTT_SESSION_EXPIRY, Duration.ofMinutes(1)),
                duration(MQTT_RECONNECT_INTERVAL, Duration.ofMillis(50)),
                dynsecUser,
                dynsecPassword,
                mqttTls);

        int httpPort = intIn(HTTP_PORT, 0, 65535);
        HttpOptions http = new HttpOptions(
                host(HTTP_HOST),
                httpPort,
                tls(HTTP_TLS_HOST, HTTP_TLS_PORT, 0, HTTP_TLS_CERT, HTTP_TLS_KEY, HTTP_PORT, httpPort),
                publicUrl());

        IngestOptions ingest = new IngestOptions(
                intIn(INGEST_BATCH_READINGS, 1, 1_000_000),
                duration(INGEST_BATCH_DELAY, Duration.ZERO),
                intIn(INGEST_WRITERS, 1, 64),
                duration(INGEST_RETRY_MAX, Duration.ofMillis(100)));

        StorageOptions.TimescaleMode mode = parse(
                STORAGE_TIMESCALE,
                "one of auto, required, off",
                v -> StorageOptions.TimescaleMode.valueOf(v.toUpperCase(Locale.ROOT)),
                StorageOptions.TimescaleMode.AUTO);
        StorageOptions storage = new StorageOptions(
                mode,
                duration(STORAGE_COMPRESS_AFTER, Duration.ofHours(1)),
                duration(STORAGE_RETENTION, StorageOptions.MIN_RETENTION));

        RecordsOptions records = new RecordsOptions(
                duration(RECORDS_SEAL_EVERY, Duration.ofSeconds(10)),
                duration(RECORDS_SEAL_MARGIN, Duration.ofSeconds(30)),
                duration(RECORDS_RESEAL_WINDOW, Duration.ofDays(1)),
                duration(RECORDS_RETENTION_EVERY, Duration.ofMinutes(1)),
                optional(RECORDS_PDF_FONT).map(Path::of),
                parse(
                        TIMEZONE,
                        TimeZones.expected(),
                        v -> TimeZones.parse(v).orElseThrow(),
                        java.time.ZoneId.of("UTC")));

        Optional<String> secret = optional(AUTH_JWT_SECRET);
        secret.ifPresent(s -> {
            if (s.getBytes(StandardCharsets.UTF_8).length < 32) {
                problem(where(AUTH_JWT_SECRET) + ": must be at least 32 bytes");
            }
        });
        Duration idle = duration(AUTH_SESSION_IDLE, Duration.ofSeconds(1));
        Duration absolute = duration(AUTH_SESSION_ABSOLUTE, Duration.ofSeconds(1));
        if (absolute.compareTo(idle) < 0) {
            problem(where(AUTH_SESSION_ABSOLUTE) + ": " + raw(AUTH_SESSION_ABSOLUTE) + " is shorter than "
                    + AUTH_SESSION_IDLE.key() + " (" + raw(AUTH_SESSION_IDLE) + "); make it at least as long");
        }
        AuthOptions auth = new AuthOptions(
                secret,
                duration(AUTH_TOKEN_TTL, Duration.ofMinutes(1)),
                idle,
                absolute,
                duration(AUTH_LOGIN_DELAY_MAX, Duration.ZERO));

        AlertingOptions alerting = new AlertingOptions(
                decimalIn(ALERT_HYSTERESIS, 0, 5),
                duration(ALERT_CLEAR, Duration.ZERO),
                duration(ALERT_LOOKBACK, Duration.ofHours(1)),
                duration(ALERT_GAP_VEHICLE, Duration.ofMinutes(1)),
                duration(ALERT_GAP_FIXED, Duration.ofMinutes(1)),
                duration(ALERT_GAP_TOLERANCE, Duration.ZERO),
                duration(ALERT_GAP_SETTLE, Duration.ZERO),
                decimalIn(ALERT_BATTERY_LOW, 0, 10),
                duration(ALERT_BATTERY_DELAY, Duration.ZERO),
                duration(ALERT_ESCALATE_CRITICAL, Duration.ofMinutes(1)),
                duration(ALERT_ESCALATE_WARNING, Duration.ofMinutes(1)),
                intIn(ALERT_ESCALATE_MAX, 0, 10));
        NotifyOptions notifications = notifications();

        if (db.poolSize() < ingest.writers() + 2) {
            problem(where(DB_POOL_SIZE) + ": needs at least ingest.writers + 2 = " + (ingest.writers() + 2)
                    + " connections (one per writer, and two for alert evaluation, which holds its claim on"
                    + " one while it commits alerts on the other)");
        }
        failOnProblems();
        return new ColdchainConfig(dataDir, db, mqtt, http, ingest, storage, records, auth, alerting, notifications);
    }

    private NotifyOptions notifications() {
        Optional<String> host = optional(SMTP_HOST);
        host.ifPresent(h -> {
            if (h.contains("/") || h.contains(" ") || h.contains("@")) {
                problem(where(SMTP_HOST) + ": '" + h
                        + "' must be a host name or address, e.g. smtp.example.com (no URL, no user)");
            }
        });
        String from = raw(SMTP_FROM);
        if (!from.matches("[^@\\s<>]+@[^@\\s<>]+")) {
            problem(where(SMTP_FROM) + ": '" + from + "' is not an e-mail address (name@example.com)");
        }
        boolean startTls = bool(SMTP_STARTTLS, true);
        int port = intIn(SMTP_PORT, 1, 65535);
        Duration base = duration(NOTIFY_RETRY_BASE, Duration.ofMillis(10));
        Duration max = duration(NOTIFY_RETRY_MAX, Duration.ofMillis(10));
        if (max.compareTo(base) < 0) {
            problem(where(NOTIFY_RETRY_MAX) + ": " + raw(NOTIFY_RETRY_MAX) + " is shorter than notify.retry.base "
                    + raw(NOTIFY_RETRY_BASE));
            max = base;
        }
        int attempts = intIn(NOTIFY_RETRY_ATTEMPTS, 1, 100);
        return new NotifyOptions(
                host,
                Math.min(65535, Math.max(1, port)),
                optional(SMTP_USERNAME),
                optional(SMTP_PASSWORD),
                from,
                startTls,
                base,
                max,
                Math.max(1, attempts),
                bool(NOTIFY_WEBHOOK_ALLOW_PRIVATE, false));
    }

    /**
     * {@code http.public.url}: printed on packaging, so it must be a whole address a phone can open
     * (absolute http or https with a host) that codes' paths can follow (no query or fragment); a
     * trailing slash is dropped.
     */
    private Optional<URI> publicUrl() {
        Optional<String> raw = optional(HTTP_PUBLIC_URL);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String fix = ": '" + raw.get()
                + "' must be the absolute http(s) address people reach the API at, without query or fragment,"
                + " e.g. https://cold.example.com";
        URI u;
        try {
            u = new URI(raw.get().trim());
        } catch (java.net.URISyntaxException e) {
            problem(where(HTTP_PUBLIC_URL) + fix);
            return Optional.empty();
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https"))
                || u.getHost() == null
                || u.getRawQuery() != null
                || u.getRawFragment() != null
                || u.getRawUserInfo() != null) {
            problem(where(HTTP_PUBLIC_URL) + fix);
            return Optional.empty();
        }
        String text = u.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return Optional.of(URI.create(text));
    }

    private static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h.replaceAll("[^A-Za-z0-9_.:\\-]", "-");
        } catch (IOException e) {
            return "local";
        }
    }
}

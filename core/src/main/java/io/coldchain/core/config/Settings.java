package io.coldchain.core.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every setting the backend knows, with its default. The README's configuration table mirrors this list. */
public final class Settings {
    public static final Setting DATA_DIR = new Setting(
            "data.dir",
            "./coldchain-data",
            "Directory for embedded PostgreSQL and broker data and the token signing keys; survives restarts.");
    public static final Setting DB_URL = new Setting(
            "db.url",
            "",
            "JDBC URL of an external PostgreSQL (TimescaleDB optional). Empty: start the embedded PostgreSQL.");
    public static final Setting DB_USER = new Setting("db.user", "postgres", "Database user.");
    public static final Setting DB_PASSWORD = new Setting("db.password", "", "Database password.");
    public static final Setting DB_POOL_SIZE = new Setting(
            "db.pool.size", "10", "Connections in the pool (writers, HTTP queries, alerting, notifications).");
    public static final Setting DB_EMBEDDED_PORT =
            new Setting("db.embedded.port", "0", "Port of the embedded PostgreSQL on 127.0.0.1; 0 picks a free one.");
    public static final Setting DB_EMBEDDED_DURABLE = new Setting(
            "db.embedded.durable",
            "true",
            "true: the embedded PostgreSQL syncs every commit to disk (fsync, synchronous commit). false: faster, but a power cut or OS crash may lose acknowledged readings; for throw-away benchmarks only.");
    public static final Setting MQTT_URL = new Setting(
            "mqtt.url",
            "",
            "URL of an external MQTT broker, e.g. tcp://host:1883. Empty: start the embedded HiveMQ CE broker.");
    public static final Setting MQTT_PORT = new Setting("mqtt.port", "1883", "Port of the embedded broker.");
    public static final Setting MQTT_BIND = new Setting(
            "mqtt.bind",
            "127.0.0.1",
            "Address the embedded broker's plain MQTT listener binds to: this machine only unless opened (e.g. 0.0.0.0, warned at start: no TLS).");
    public static final Setting MQTT_TLS_PORT = new Setting(
            "mqtt.tls.port",
            "8883",
            "Port of the embedded broker's MQTT over TLS listener (only with mqtt.tls.cert and mqtt.tls.key).");
    public static final Setting MQTT_TLS_BIND =
            new Setting("mqtt.tls.bind", "0.0.0.0", "Address the embedded broker's TLS listener binds to.");
    public static final Setting MQTT_TLS_CERT = new Setting(
            "mqtt.tls.cert",
            "",
            "PEM certificate (server first, then its chain) for the embedded broker's TLS listener. Empty: no TLS listener.");
    public static final Setting MQTT_TLS_KEY = new Setting(
            "mqtt.tls.key",
            "",
            "PEM private key of that certificate (PKCS#8 or RSA PKCS#1, unencrypted; keep it readable by this user only).");
    public static final Setting MQTT_USERNAME = new Setting(
            "mqtt.username",
            "",
            "User name for an external broker, if it needs one. The embedded broker ignores it: the backend logs in to it with a password generated at each start.");
    public static final Setting MQTT_PASSWORD = new Setting("mqtt.password", "", "Password for an external broker.");
    public static final Setting MQTT_CLIENT_ID = new Setting(
            "mqtt.client.id",
            "",
            "The backend's MQTT client id; must be stable across restarts (persistent session) and unique per instance. Empty: coldchain-<hostname>.");
    public static final Setting MQTT_SHARE_GROUP = new Setting(
            "mqtt.share.group",
            "",
            "Empty: one instance, a plain persistent subscription (survives a broker restart). A name: scale-out, instances in this shared-subscription group split the readings (see docs/durability.md for what each broker does).");
    public static final Setting MQTT_RECONNECT_INTERVAL = new Setting(
            "mqtt.reconnect.interval",
            "500ms",
            "Fixed pause between reconnect attempts when the broker goes away, so ingest resumes within about this long of its return.");
    public static final Setting MQTT_DYNSEC_USERNAME = new Setting(
            "mqtt.dynsec.username",
            "",
            "Admin of Mosquitto's dynamic-security plugin. Set: the backend creates, rotates and deletes the broker's gateway and alerts clients and roles. Empty: off.");
    public static final Setting MQTT_DYNSEC_PASSWORD =
            new Setting("mqtt.dynsec.password", "", "Password of that admin.");
    public static final Setting MQTT_RECEIVE_MAXIMUM = new Setting(
            "mqtt.receive.maximum",
            "500",
            "Unacknowledged messages the broker may have in flight to this instance: with 50-reading messages, 500 keeps both writers busy while a commit is pending (100 allowed one batch) without a second of queue on a slow machine. Memory is bounded by it and by 64 MiB of payload per connection.");
    public static final Setting MQTT_CONSUMERS = new Setting(
            "mqtt.consumers",
            "1",
            "MQTT connections this instance consumes readings on (same share group; ids <client.id>, <client.id>-1, ...). Lowering it strands the dropped ids' queued messages until they reconnect or their session expires.");
    public static final Setting MQTT_SESSION_EXPIRY = new Setting(
            "mqtt.session.expiry",
            "7d",
            "How long the broker keeps the backend's session and queued messages while it is down.");
    public static final Setting HTTP_HOST = new Setting(
            "http.host",
            "127.0.0.1",
            "Address the plain HTTP API binds to: this machine only unless opened (e.g. 0.0.0.0, warned at start: no TLS).");
    public static final Setting HTTP_PORT = new Setting("http.port", "8080", "Port of the HTTP API.");
    public static final Setting HTTP_TLS_PORT =
            new Setting("http.tls.port", "8443", "Port of the HTTPS API (only with http.tls.cert and http.tls.key).");
    public static final Setting HTTP_TLS_HOST =
            new Setting("http.tls.host", "0.0.0.0", "Address the HTTPS API binds to.");
    public static final Setting HTTP_TLS_CERT = new Setting(
            "http.tls.cert", "", "PEM certificate (server first, then its chain) for HTTPS. Empty: no HTTPS listener.");
    public static final Setting HTTP_TLS_KEY =
            new Setting("http.tls.key", "", "PEM private key of that certificate (unencrypted).");
    public static final Setting HTTP_PUBLIC_URL = new Setting(
            "http.public.url",
            "",
            "Public address of the API as people reach it (e.g. https://cold.example.com, behind a TLS proxy): the base of the URLs printed in batches' QR codes. Empty: taken from each request's scheme and Host header, so set it before printing codes.");
    public static final Setting INGEST_BATCH_READINGS =
            new Setting("ingest.batch.readings", "5000", "A write batch closes at this many readings...");
    public static final Setting INGEST_BATCH_DELAY = new Setting(
            "ingest.batch.delay", "20ms", "...or this long after its first message, whichever comes first.");
    public static final Setting INGEST_WRITERS =
            new Setting("ingest.writers", "2", "Batches written in parallel (one connection each).");
    public static final Setting INGEST_RETRY_MAX =
            new Setting("ingest.retry.max", "2s", "Longest pause between retries while the database is unavailable.");
    public static final Setting STORAGE_TIMESCALE = new Setting(
            "storage.timescale",
            "auto",
            "auto: use TimescaleDB when the extension is available; required: fail without it; off: plain tables.");
    public static final Setting STORAGE_COMPRESS_AFTER =
            new Setting("storage.compress.after", "7d", "TimescaleDB: compress reading chunks older than this.");
    public static final Setting STORAGE_RETENTION = new Setting(
            "storage.retention",
            "3y",
            "Readings older than this are deleted unless a batch still needs them (records retention job; never less than 2y, Food Safety Law art. 50).");
    public static final Setting RECORDS_SEAL_EVERY = new Setting(
            "records.seal.every",
            "15m",
            "How often closed UTC days of readings are sealed (chained SHA-256 digests) and days with late readings re-sealed.");
    public static final Setting RECORDS_SEAL_MARGIN = new Setting(
            "records.seal.margin",
            "10m",
            "A seal covers readings received at least this long ago; must exceed the longest ingest write transaction.");
    public static final Setting RECORDS_RESEAL_WINDOW = new Setting(
            "records.reseal.window",
            "7d",
            "Late readings for days this far back are re-sealed as a new version; older ones are reported as not re-sealed.");
    public static final Setting RECORDS_RETENTION_EVERY = new Setting(
            "records.retention.every",
            "6h",
            "How often the retention job deletes readings older than storage.retention that no batch still needs.");
    public static final Setting RECORDS_PDF_FONT = new Setting(
            "records.pdf.font",
            "",
            "TrueType font (.ttf/.ttc) with Chinese glyphs for PDF reports, e.g. /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc. Empty: the usual Debian paths (fonts-wqy-zenhei).");
    public static final Setting TIMEZONE = new Setting(
            "timezone",
            "UTC",
            "IANA time zone (e.g. Asia/Shanghai) of sites registered without one: their logs and reports show local times and local days. Digests and retention stay on UTC days.");
    public static final Setting AUTH_JWT_SECRET = new Setting(
            "auth.jwt.secret",
            "",
            "HMAC secret (at least 32 bytes) for API tokens. Empty: a key generated once and kept in the data directory.");
    public static final Setting AUTH_TOKEN_TTL =
            new Setting("auth.token.ttl", "12h", "Default lifetime of tokens from the token command.");
    public static final Setting AUTH_SESSION_IDLE = new Setting(
            "auth.session.idle",
            "30m",
            "A web app login (or a bearer token from POST /api/v1/login) unused for this long ends.");
    public static final Setting AUTH_SESSION_ABSOLUTE = new Setting(
            "auth.session.absolute",
            "12h",
            "A login ends this long after it began, used or not; must not be shorter than auth.session.idle.");
    public static final Setting AUTH_LOGIN_DELAY_MAX = new Setting(
            "auth.login.delay.max",
            "10s",
            "Longest wait imposed on a login after failed attempts for its username or from its address (doubling from 250ms per failure within 15 min).");
    public static final Setting ALERT_HYSTERESIS = new Setting(
            "alert.hysteresis",
            "0.3",
            "°C a reading must be back inside a threshold to end an excursion (no flapping around the threshold).");
    public static final Setting ALERT_CLEAR = new Setting(
            "alert.clear",
            "5m",
            "An excursion ends only if no reading goes beyond the threshold again within this time.");
    public static final Setting ALERT_LOOKBACK = new Setting(
            "alert.lookback",
            "12h",
            "Event time around changed readings that alerting re-evaluates at least (widened to the longest rule delay).");
    public static final Setting ALERT_GAP_VEHICLE = new Setting(
            "alert.gap.vehicle",
            "10m",
            "Data gap on a vehicle's sensor without an expected interval (GB 29753: record at least every 10 min).");
    public static final Setting ALERT_GAP_FIXED = new Setting(
            "alert.gap.fixed",
            "35m",
            "Data gap on a cold room's, display case's or freezer's sensor without an expected interval.");
    public static final Setting ALERT_GAP_TOLERANCE = new Setting(
            "alert.gap.tolerance", "5m", "Added to a sensor's expected interval before its silence is a data gap.");
    public static final Setting ALERT_GAP_SETTLE = new Setting(
            "alert.gap.settle",
            "2m",
            "A hole between two readings becomes a gap alert only once the reading after it was received this long ago: readings still being committed (by a sibling instance, a redelivery) may fill it.");
    public static final Setting ALERT_BATTERY_LOW = new Setting(
            "alert.battery.low",
            "2.8",
            "Battery voltage below which a probe raises a low-battery warning; 0 turns the rule off.");
    public static final Setting ALERT_BATTERY_DELAY =
            new Setting("alert.battery.delay", "30m", "How long the battery must stay low before the warning.");
    public static final Setting ALERT_ESCALATE_CRITICAL = new Setting(
            "alert.escalate.critical",
            "15m",
            "An open critical alert not acknowledged within this time is escalated (and again after as long).");
    public static final Setting ALERT_ESCALATE_WARNING =
            new Setting("alert.escalate.warning", "60m", "The same for warnings.");
    public static final Setting ALERT_ESCALATE_MAX =
            new Setting("alert.escalate.max", "3", "Highest escalation level.");
    public static final Setting SMTP_HOST = new Setting(
            "smtp.host",
            "",
            "SMTP server for alert e-mails. Empty: e-mail is off and e-mail notification targets are refused.");
    public static final Setting SMTP_PORT =
            new Setting("smtp.port", "587", "SMTP port: 587 submission (with STARTTLS), 465 implicit TLS, 25 relay.");
    public static final Setting SMTP_USERNAME =
            new Setting("smtp.username", "", "SMTP user name, if the server needs one.");
    public static final Setting SMTP_PASSWORD = new Setting("smtp.password", "", "SMTP password.");
    public static final Setting SMTP_FROM =
            new Setting("smtp.from", "coldchain@localhost", "From address of alert e-mails.");
    public static final Setting SMTP_STARTTLS = new Setting(
            "smtp.starttls",
            "true",
            "true: require STARTTLS before logging in and sending; false: plain SMTP (a relay on a trusted network only).");
    public static final Setting NOTIFY_RETRY_BASE = new Setting(
            "notify.retry.base",
            "2s",
            "First retry delay of a failed webhook or e-mail; doubled per attempt, with jitter.");
    public static final Setting NOTIFY_RETRY_MAX =
            new Setting("notify.retry.max", "10m", "Longest delay between two delivery attempts.");
    public static final Setting NOTIFY_RETRY_ATTEMPTS = new Setting(
            "notify.retry.attempts",
            "8",
            "Attempts before a webhook or e-mail delivery is parked (listed, counted, not retried); alerts on the MQTT topic are never parked.");

    public static final Setting NOTIFY_WEBHOOK_ALLOW_PRIVATE = new Setting(
            "notify.webhook.allow.private",
            "false",
            "true: webhooks may target loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local and cloud metadata addresses; "
                    + "false: refused at registration and, after resolving the name, at each delivery.");

    public static final List<Setting> ALL = List.of(
            DATA_DIR,
            DB_URL,
            DB_USER,
            DB_PASSWORD,
            DB_POOL_SIZE,
            DB_EMBEDDED_PORT,
            DB_EMBEDDED_DURABLE,
            MQTT_URL,
            MQTT_PORT,
            MQTT_BIND,
            MQTT_TLS_PORT,
            MQTT_TLS_BIND,
            MQTT_TLS_CERT,
            MQTT_TLS_KEY,
            MQTT_USERNAME,
            MQTT_PASSWORD,
            MQTT_CLIENT_ID,
            MQTT_SHARE_GROUP,
            MQTT_RECEIVE_MAXIMUM,
            MQTT_CONSUMERS,
            MQTT_SESSION_EXPIRY,
            MQTT_RECONNECT_INTERVAL,
            MQTT_DYNSEC_USERNAME,
            MQTT_DYNSEC_PASSWORD,
            HTTP_HOST,
            HTTP_PORT,
            HTTP_TLS_PORT,
            HTTP_TLS_HOST,
            HTTP_TLS_CERT,
            HTTP_TLS_KEY,
            HTTP_PUBLIC_URL,
            INGEST_BATCH_READINGS,
            INGEST_BATCH_DELAY,
            INGEST_WRITERS,
            INGEST_RETRY_MAX,
            STORAGE_TIMESCALE,
            STORAGE_COMPRESS_AFTER,
            STORAGE_RETENTION,
            RECORDS_SEAL_EVERY,
            RECORDS_SEAL_MARGIN,
            RECORDS_RESEAL_WINDOW,
            RECORDS_RETENTION_EVERY,
            RECORDS_PDF_FONT,
            TIMEZONE,
            AUTH_JWT_SECRET,
            AUTH_TOKEN_TTL,
            AUTH_SESSION_IDLE,
            AUTH_SESSION_ABSOLUTE,
            AUTH_LOGIN_DELAY_MAX,
            ALERT_HYSTERESIS,
            ALERT_CLEAR,
            ALERT_LOOKBACK,
            ALERT_GAP_VEHICLE,
            ALERT_GAP_FIXED,
            ALERT_GAP_TOLERANCE,
            ALERT_GAP_SETTLE,
            ALERT_BATTERY_LOW,
            ALERT_BATTERY_DELAY,
            ALERT_ESCALATE_CRITICAL,
            ALERT_ESCALATE_WARNING,
            ALERT_ESCALATE_MAX,
            SMTP_HOST,
            SMTP_PORT,
            SMTP_USERNAME,
            SMTP_PASSWORD,
            SMTP_FROM,
            SMTP_STARTTLS,
            NOTIFY_RETRY_BASE,
            NOTIFY_RETRY_MAX,
            NOTIFY_RETRY_ATTEMPTS,
            NOTIFY_WEBHOOK_ALLOW_PRIVATE);

    private Settings() {}

    public static Map<String, Setting> byKey() {
        Map<String, Setting> map = new LinkedHashMap<>();
        ALL.forEach(s -> map.put(s.key(), s));
        return map;
    }

    /** The configuration table in Markdown, so that the README can be checked against the code. */
    public static String markdownTable() {
        StringBuilder sb =
                new StringBuilder("| environment | key (file, -D) | default | meaning |\n|---|---|---|---|\n");
        for (Setting s : ALL) {
            sb.append("| `")
                    .append(s.envName())
                    .append("` | `")
                    .append(s.key())
                    .append("` | ")
                    .append(s.defaultValue().isEmpty() ? "" : "`" + s.defaultValue() + "`")
                    .append(" | ")
                    .append(s.description())
                    .append(" |\n");
        }
        return sb.toString();
    }
}

package io.coldchain.alerting.notify;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP receiver of webhooks, as a customer would write one: checks the signature over the raw
 * body with its own copy of the secret, answers 503 for the first {@code failFirst} requests of a
 * path (then 200), and keeps each idempotency key once, as a receiver deduplicating by key does.
 */
final class WebhookReceiver {
    record Request(String path, String key, String body, boolean signatureValid, int answered) {}

    final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    /** Idempotency keys accepted (2xx) with a valid signature, each once: what a deduplicating receiver keeps. */
    final Set<String> accepted = ConcurrentHashMap.newKeySet();

    private final Map<String, Integer> failFirst = new ConcurrentHashMap<>();
    private final Set<String> hang = ConcurrentHashMap.newKeySet();
    /** Requests to a hanging path, received and never answered. */
    final ConcurrentLinkedQueue<String> held = new ConcurrentLinkedQueue<>();

    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final String secret;
    private HttpServer server;

    WebhookReceiver(String secret) {
        this.secret = secret;
    }

    /** The first {@code n} requests to {@code path} fail with 503 ({@code Integer.MAX_VALUE}: always). */
    WebhookReceiver failFirst(String path, int n) {
        failFirst.put(path, n);
        return this;
    }

    /** Requests to {@code path} are read and never answered (a receiver stuck until the sender times out). */
    WebhookReceiver hang(String path) {
        hang.add(path);
        return this;
    }

    WebhookReceiver start(Vertx vertx) throws Exception {
        server = NotifyHarness.await(
                vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1"));
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(buf -> {
            String path = req.path();
            if (hang.contains(path)) {
                held.add(req.getHeader("Idempotency-Key"));
                return;
            }
            String key = req.getHeader("Idempotency-Key");
            boolean valid = "application/json".equals(req.getHeader("Content-Type"))
                    && verify(
                            req.getHeader("X-Coldchain-Timestamp"),
                            buf.getBytes(),
                            req.getHeader("X-Coldchain-Signature"));
            int n = seen.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            int status = !valid ? 401 : n <= failFirst.getOrDefault(path, 0) ? 503 : 200;
            if (status == 200) {
                accepted.add(key);
            }
            requests.add(new Request(path, key, buf.toString(StandardCharsets.UTF_8), valid, status));
            req.response().setStatusCode(status).end(status == 200 ? "ok" : "try later");
        });
    }

    private boolean verify(String timestamp, byte[] body, String signature) {
        if (timestamp == null || signature == null || !timestamp.matches("[0-9]{10}")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected =
                    ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            return false;
        }
    }

    long count(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).count();
    }
}

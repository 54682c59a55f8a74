package io.coldchain.alerting.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * POSTs an alert event to a webhook: the payload as the body, {@code Content-Type: application/json},
 * {@code Idempotency-Key}, {@code X-Coldchain-Timestamp} and {@code X-Coldchain-Signature}
 * ({@link WebhookSignature}). A 2xx answer is delivered; anything else (another status, a refused
 * connection, no answer within {@link #TIMEOUT_MS}) fails with a reason that is kept as the
 * delivery's last error. Redirects are not followed: a signed POST should not wander.
 */
final class WebhookSender {
    static final long TIMEOUT_MS = 10_000;
    private static final int MAX_ERROR_BODY = 200;

    private final Vertx vertx;
    private final WebClient client;
    private final Clock clock;
    private final boolean allowPrivate;

    /**
     * @param allowPrivate whether webhooks may reach private addresses; when not, each delivery
     *     resolves the host on a worker, checks every address ({@link WebhookAddresses}) and connects
     *     to the checked one, so that the name cannot resolve to something else in between
     */
    WebhookSender(Vertx vertx, Clock clock, boolean allowPrivate) {
        this.vertx = vertx;
        this.allowPrivate = allowPrivate;
        this.client = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setUserAgent("coldchain-notifier")
                        .setFollowRedirects(false)
                        .setConnectTimeout((int) TIMEOUT_MS)
                        .setIdleTimeout(30));
        this.clock = clock;
    }

    Future<Void> post(String url, String secret, String idempotencyKey, String payload) {
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        try {
            return destination(url)
                    .compose(server -> send(
                            server == null ? client.postAbs(url) : client.requestAbs(HttpMethod.POST, server, url),
                            secret,
                            idempotencyKey,
                            timestamp,
                            body));
        } catch (RuntimeException e) {
            // A URL Vert.x cannot parse: the target was checked at registration, so this is rare.
            return Future.failedFuture(e);
        }
    }

    /** Where to connect: null to let the client resolve the URL's host, or the checked address. */
    private Future<SocketAddress> destination(String url) {
        if (allowPrivate) {
            return Future.succeededFuture(null);
        }
        URI uri = URI.create(url);
        String host = uri.getHost();
        if (host == null) {
            return Future.failedFuture(new IllegalArgumentException("the webhook URL has no host"));
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return vertx.executeBlocking(
                () -> {
                    InetAddress address = WebhookAddresses.resolveAllowed(host).get(0);
                    return SocketAddress.inetSocketAddress(port, address.getHostAddress());
                },
                false);
    }

    private static Future<Void> send(
            HttpRequest<Buffer> request, String secret, String idempotencyKey, long timestamp, byte[] body) {
        return request.timeout(TIMEOUT_MS)
                .putHeader("Content-Type", "application/json")
                .putHeader(WebhookSignature.IDEMPOTENCY_HEADER, idempotencyKey)
                .putHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .putHeader(WebhookSignature.HEADER, WebhookSignature.sign(secret, timestamp, body))
                .sendBuffer(Buffer.buffer(body))
                .compose(WebhookSender::accepted);
    }

    private static Future<Void> accepted(HttpResponse<Buffer> r) {
        if (r.statusCode() >= 200 && r.statusCode() < 300) {
            return Future.succeededFuture();
        }
        String body = r.bodyAsString() == null ? "" : r.bodyAsString().strip();
        if (body.length() > MAX_ERROR_BODY) {
            body = body.substring(0, MAX_ERROR_BODY) + "…";
        }
        return Future.failedFuture(
                new IllegalStateException("HTTP " + r.statusCode() + (body.isEmpty() ? "" : ": " + body)));
    }

    void close() {
        client.close();
    }
}

package io.coldchain.alerting.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
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

  private final WebClient client;
  private final Clock clock;

  WebhookSender(Vertx vertx, Clock clock) {
    this.client = WebClient.create(vertx, new WebClientOptions()
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
      return client.postAbs(url)
          .timeout(TIMEOUT_MS)
          .putHeader("Content-Type", "application/json")
          .putHeader(WebhookSignature.IDEMPOTENCY_HEADER, idempotencyKey)
          .putHeader(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
          .putHeader(WebhookSignature.HEADER, WebhookSignature.sign(secret, timestamp, body))
          .sendBuffer(Buffer.buffer(body))
          .compose(WebhookSender::accepted);
    } catch (RuntimeException e) {
      // A URL Vert.x cannot parse: the target was checked at registration, so this is rare.
      return Future.failedFuture(e);
    }
  }

  private static Future<Void> accepted(HttpResponse<Buffer> r) {
    if (r.statusCode() >= 200 && r.statusCode() < 300) {
      return Future.succeededFuture();
    }
    String body = r.bodyAsString() == null ? "" : r.bodyAsString().strip();
    if (body.length() > MAX_ERROR_BODY) {
      body = body.substring(0, MAX_ERROR_BODY) + "…";
    }
    return Future.failedFuture(new IllegalStateException("HTTP " + r.statusCode() + (body.isEmpty() ? "" : ": " + body)));
  }

  void close() {
    client.close();
  }
}

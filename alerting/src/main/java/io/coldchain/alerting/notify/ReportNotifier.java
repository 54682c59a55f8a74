package io.coldchain.alerting.notify;

import io.coldchain.core.config.NotifyOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Sends a periodic compliance report (records' report schedules) to one of the tenant's
 * notification targets, with the same senders as alert events: a webhook gets a signed JSON
 * notice with the report's API path (the document stays behind the API's access rules), an e-mail
 * the document attached. Blocking: called on a worker thread by the report dispatcher, which
 * retries or parks what this throws for.
 */
public final class ReportNotifier {
    /** Longer than the webhook sender's own timeout, so that its answer is what counts. */
    static final long WAIT_S = 30;

    private final NotificationTargetStore targets = new NotificationTargetStore();
    private final WebhookSender webhooks;
    private final SmtpMailer mailer;

    public ReportNotifier(Vertx vertx, NotifyOptions options, Clock clock) {
        this.webhooks = new WebhookSender(vertx, clock, options.webhookAllowPrivate());
        this.mailer = new SmtpMailer(options);
    }

    /** A report to send: {@code notice} is the webhook's JSON body and the e-mail's text. */
    public record Report(
            String tenant,
            String target,
            String idempotencyKey,
            String subject,
            JsonObject notice,
            String filename,
            String contentType,
            byte[] document) {}

    public void send(Connection c, Report r) throws Exception {
        NotificationTarget t = targets.get(c, r.tenant(), r.target())
                .orElseThrow(() -> new IllegalStateException("no notification target " + r.target()));
        if (!t.enabled()) {
            throw new IllegalStateException("notification target " + r.target() + " is disabled");
        }
        switch (t.channel()) {
            case WEBHOOK -> {
                String secret = targets.webhookSecret(c, r.tenant(), r.target())
                        .orElseThrow(() -> new IllegalStateException("webhook " + r.target() + " has no secret"));
                webhooks.post(
                                t.url().orElseThrow(),
                                secret,
                                r.idempotencyKey(),
                                r.notice().encode())
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(WAIT_S, TimeUnit.SECONDS);
            }
            case EMAIL ->
                mailer.sendDocument(
                        t.address().orElseThrow(),
                        r.subject(),
                        r.notice().encodePrettily(),
                        r.filename(),
                        r.contentType(),
                        r.document(),
                        r.idempotencyKey());
            default -> throw new IllegalStateException("channel " + t.channel() + " takes no reports");
        }
    }
}

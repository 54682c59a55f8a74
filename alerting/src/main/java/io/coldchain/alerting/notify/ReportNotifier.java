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
 * retries or parks what this throws for. The same senders take text notices (a recall's): the signed
 * JSON to a webhook, the plain text to an e-mail address.
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

    /** A text notice (a recall's): the webhook's JSON body, and the e-mail's subject and plain text. */
    public record Notice(
            String tenant, String target, String idempotencyKey, JsonObject json, String subject, String text) {}

    public void send(Connection c, Report r) throws Exception {
        NotificationTarget t = enabledTarget(c, r.tenant(), r.target());
        switch (t.channel()) {
            case WEBHOOK -> post(c, t, r.idempotencyKey(), r.notice());
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

    /** Sends a notice: the signed JSON to a webhook, the plain text to an e-mail address. */
    public void send(Connection c, Notice n) throws Exception {
        NotificationTarget t = enabledTarget(c, n.tenant(), n.target());
        switch (t.channel()) {
            case WEBHOOK -> post(c, t, n.idempotencyKey(), n.json());
            case EMAIL ->
                mailer.send(t.address().orElseThrow(), new AlertEmail(n.subject(), n.text()), n.idempotencyKey());
            default -> throw new IllegalStateException("channel " + t.channel() + " takes no notices");
        }
    }

    private NotificationTarget enabledTarget(Connection c, String tenant, String target) throws Exception {
        NotificationTarget t = targets.get(c, tenant, target)
                .orElseThrow(() -> new IllegalStateException("no notification target " + target));
        if (!t.enabled()) {
            throw new IllegalStateException("notification target " + target + " is disabled");
        }
        return t;
    }

    private void post(Connection c, NotificationTarget t, String key, JsonObject json) throws Exception {
        String secret = targets.webhookSecret(c, t.tenant(), t.target())
                .orElseThrow(() -> new IllegalStateException("webhook " + t.target() + " has no secret"));
        webhooks.post(t.url().orElseThrow(), secret, key, json.encode())
                .toCompletionStage()
                .toCompletableFuture()
                .get(WAIT_S, TimeUnit.SECONDS);
    }
}

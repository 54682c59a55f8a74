package io.coldchain.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.coldchain.testkit.TestBroker;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A periodic report sent to a real webhook receiver (signed notice with the report's path) and a
 * real SMTP server (GreenMail: the document attached), and refused for an unknown target.
 */
class ReportNotifierTest {
    static NotifyHarness h;

    @BeforeAll
    static void setUp() {
        h = new NotifyHarness("reportnotify");
    }

    @AfterAll
    static void tearDown() throws Exception {
        h.close();
    }

    static ReportNotifier.Report report(String target) {
        return new ReportNotifier.Report(
                "acme",
                target,
                "report:acme:weekly:2026-11-16:" + target,
                "Coldchain compliance report store-1 2026-11-16 – 2026-11-22",
                new JsonObject()
                        .put("event", "compliance_report")
                        .put("report_path", "/api/v1/tenants/acme/sites/store-1/compliance-report?period=week"),
                "compliance-report-store-1-week-2026-11-16.csv",
                "text/csv; charset=utf-8",
                "site,period\r\nstore-1,week\r\n".getBytes(StandardCharsets.UTF_8));
    }

    /** A webhook target (to a fresh receiver, whose path is the target's name) and an e-mail target of acme. */
    static WebhookReceiver targets(String hook, String mail, String minSeverity, int level) throws Exception {
        WebhookReceiver receiver = new WebhookReceiver("0123456789abcdef0123").start(h.vertx());
        h.webhook("acme", hook, receiver.url("/" + hook), "0123456789abcdef0123", minSeverity, level);
        h.email("acme", mail, mail + "@dairy.example", minSeverity, level);
        return receiver;
    }

    static GreenMail smtp() {
        GreenMail smtp = new GreenMail(new ServerSetup(TestBroker.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        return smtp;
    }

    static ReportNotifier notifier(GreenMail smtp) {
        return new ReportNotifier(
                h.vertx(),
                NotifyHarness.options(Optional.of("127.0.0.1"), smtp.getSmtp().getPort(), 3),
                Clock.systemUTC());
    }

    @Test
    void a_webhook_gets_the_signed_notice_and_an_email_the_document() throws Exception {
        WebhookReceiver receiver = targets("hook", "mail", "warning", 0);
        GreenMail smtp = smtp();
        try (Connection c = h.pool.getConnection()) {
            ReportNotifier notifier = notifier(smtp);
            notifier.send(c, report("hook"));
            WebhookReceiver.Request got = receiver.requests.peek();
            assertThat(got).isNotNull();
            assertThat(got.signatureValid()).isTrue();
            assertThat(got.key()).isEqualTo("report:acme:weekly:2026-11-16:hook");
            assertThat(new JsonObject(got.body()).getString("report_path")).contains("/compliance-report?period=week");

            notifier.send(c, report("mail"));
            assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
            MimeMessage m = smtp.getReceivedMessages()[0];
            assertThat(m.getSubject()).contains("store-1").contains("2026-11-16");
            MimeMultipart parts = (MimeMultipart) m.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("compliance-report-store-1-week-2026-11-16.csv");
            assertThat(new String(parts.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("site,period\r\nstore-1,week\r\n");

            assertThatThrownBy(() -> notifier.send(c, report("nobody")))
                    .hasMessageContaining("no notification target nobody");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void a_notice_goes_signed_to_a_webhook_and_as_plain_text_by_email() throws Exception {
        // Recall notices go to every enabled target, whatever severity and escalation level it takes.
        WebhookReceiver receiver = targets("recall-hook", "recall-mail", "critical", 2);
        GreenMail smtp = smtp();
        try (Connection c = h.pool.getConnection()) {
            ReportNotifier notifier = notifier(smtp);
            JsonObject json = new JsonObject().put("event", "recall_created").put("recall", "R-1");
            notifier.send(
                    c,
                    new ReportNotifier.Notice(
                            "acme", "recall-hook", "recall:acme:R-1:recall_created:recall-hook", json, "s", "t"));
            WebhookReceiver.Request got = receiver.requests.peek();
            assertThat(got).isNotNull();
            assertThat(got.signatureValid()).isTrue();
            assertThat(got.answered()).isEqualTo(200);
            assertThat(got.key()).isEqualTo("recall:acme:R-1:recall_created:recall-hook");
            assertThat(new JsonObject(got.body())).isEqualTo(json);

            notifier.send(
                    c,
                    new ReportNotifier.Notice(
                            "acme",
                            "recall-mail",
                            "recall:acme:R-1:recall_created:recall-mail",
                            json,
                            "[Coldchain] Recall R-1: lots L-1 / 召回 R-1",
                            "Recall R-1 ...\n召回 R-1 ..."));
            assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
            MimeMessage m = smtp.getReceivedMessages()[0];
            assertThat(m.getSubject()).isEqualTo("[Coldchain] Recall R-1: lots L-1 / 召回 R-1");
            assertThat(m.getContent()).isInstanceOf(String.class);
            assertThat((String) m.getContent()).contains("召回 R-1");
            assertThat(m.getHeader("X-Coldchain-Idempotency-Key")[0])
                    .isEqualTo("recall:acme:R-1:recall_created:recall-mail");
        } finally {
            smtp.stop();
        }
    }
}

package io.coldchain.alerting.notify;

import io.coldchain.core.config.NotifyOptions;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/**
 * Sends plain-text alert e-mails over SMTP (Jakarta Mail, Eclipse Angus implementation). Blocking:
 * only ever called on a worker thread. One connection per message: alert e-mails are few, and a
 * pooled SMTP connection would need its own keep-alive and error handling.
 */
final class SmtpMailer {
    static final String TIMEOUT_MS = "10000";
    /** SMTPS (RFC 8314): TLS from the first byte instead of STARTTLS. */
    static final int IMPLICIT_TLS_PORT = 465;

    private final NotifyOptions options;
    private final Session session;

    SmtpMailer(NotifyOptions options) {
        this.options = options;
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        options.smtpHost().ifPresent(h -> p.put("mail.smtp.host", h));
        p.put("mail.smtp.port", Integer.toString(options.smtpPort()));
        p.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
        p.put("mail.smtp.timeout", TIMEOUT_MS);
        p.put("mail.smtp.writetimeout", TIMEOUT_MS);
        p.put("mail.smtp.from", options.smtpFrom());
        if (options.smtpPort() == IMPLICIT_TLS_PORT) {
            p.put("mail.smtp.ssl.enable", "true");
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        } else if (options.smtpStartTls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        Authenticator auth = null;
        if (options.smtpUsername().isPresent()) {
            p.put("mail.smtp.auth", "true");
            String user = options.smtpUsername().get();
            String password = options.smtpPassword().orElse("");
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            };
        }
        this.session = Session.getInstance(p, auth);
    }

    boolean enabled() {
        return options.emailEnabled();
    }

    /** Sends one message; throws with the server's reason when it is refused. */
    void send(String to, AlertEmail mail, String idempotencyKey) throws MessagingException {
        if (!enabled()) {
            throw new MessagingException("e-mail is off: set COLDCHAIN_SMTP_HOST (smtp.host)");
        }
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(options.smtpFrom(), true));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
        m.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        m.setText(mail.body(), StandardCharsets.UTF_8.name());
        m.setSentDate(new Date());
        // Mail clients and filters can drop duplicates of a redelivered event by this header.
        m.setHeader("X-Coldchain-Idempotency-Key", idempotencyKey);
        Transport.send(m);
    }

    /** Sends a text with one attachment (a periodic report); throws with the server's reason when refused. */
    void sendDocument(
            String to,
            String subject,
            String text,
            String filename,
            String contentType,
            byte[] document,
            String idempotencyKey)
            throws MessagingException {
        if (!enabled()) {
            throw new MessagingException("e-mail is off: set COLDCHAIN_SMTP_HOST (smtp.host)");
        }
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(options.smtpFrom(), true));
        m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
        m.setSubject(subject, StandardCharsets.UTF_8.name());
        MimeBodyPart body = new MimeBodyPart();
        body.setText(text, StandardCharsets.UTF_8.name());
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(
                new jakarta.activation.DataHandler(new jakarta.mail.util.ByteArrayDataSource(document, contentType)));
        attachment.setFileName(filename);
        m.setContent(new MimeMultipart(body, attachment));
        m.setSentDate(new Date());
        m.setHeader("X-Coldchain-Idempotency-Key", idempotencyKey);
        Transport.send(m);
    }
}

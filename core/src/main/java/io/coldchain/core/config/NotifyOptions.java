package io.coldchain.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Alert notifications: the SMTP server for e-mail targets, and how undeliverable notifications
 * (webhooks, e-mail) are retried before they are parked for a person to look at.
 *
 * @param smtpHost SMTP server; empty means e-mail is off (e-mail targets are refused at registration)
 * @param smtpPort SMTP port (587 submission with STARTTLS, 465 implicit TLS, 25 relay)
 * @param smtpFrom the From address of alert e-mails
 * @param smtpStartTls require STARTTLS before authenticating and sending
 * @param retryBase delay before the first retry; doubled for each further attempt, with jitter
 * @param retryMax longest delay between two attempts
 * @param retryAttempts attempts (the first included) before a webhook or e-mail delivery is parked
 * @param webhookAllowPrivate whether webhooks may target loopback, private, link-local and cloud
 *     metadata addresses (refused by default: a webhook must not become a way into the backend's
 *     own network)
 */
public record NotifyOptions(
        Optional<String> smtpHost,
        int smtpPort,
        Optional<String> smtpUsername,
        Optional<String> smtpPassword,
        String smtpFrom,
        boolean smtpStartTls,
        Duration retryBase,
        Duration retryMax,
        int retryAttempts,
        boolean webhookAllowPrivate) {

    /** Webhooks to public addresses only. */
    public NotifyOptions(
            Optional<String> smtpHost,
            int smtpPort,
            Optional<String> smtpUsername,
            Optional<String> smtpPassword,
            String smtpFrom,
            boolean smtpStartTls,
            Duration retryBase,
            Duration retryMax,
            int retryAttempts) {
        this(
                smtpHost,
                smtpPort,
                smtpUsername,
                smtpPassword,
                smtpFrom,
                smtpStartTls,
                retryBase,
                retryMax,
                retryAttempts,
                false);
    }

    public NotifyOptions {
        Objects.requireNonNull(smtpHost, "smtpHost");
        Objects.requireNonNull(smtpUsername, "smtpUsername");
        Objects.requireNonNull(smtpPassword, "smtpPassword");
        Objects.requireNonNull(smtpFrom, "smtpFrom");
        if (smtpPort < 1 || smtpPort > 65535) {
            throw new IllegalArgumentException("smtpPort " + smtpPort + " is outside 1..65535");
        }
        if (retryBase.isNegative() || retryBase.isZero()) {
            throw new IllegalArgumentException("retryBase must be positive");
        }
        if (retryMax.compareTo(retryBase) < 0) {
            throw new IllegalArgumentException("retryMax " + retryMax + " is shorter than retryBase " + retryBase);
        }
        if (retryAttempts < 1) {
            throw new IllegalArgumentException("retryAttempts must be at least 1");
        }
    }

    public static NotifyOptions defaults() {
        return new NotifyOptions(
                Optional.empty(),
                587,
                Optional.empty(),
                Optional.empty(),
                "coldchain@localhost",
                true,
                Duration.ofSeconds(2),
                Duration.ofMinutes(10),
                8,
                false);
    }

    /** The same, with webhooks to private addresses allowed or not. */
    public NotifyOptions withWebhookAllowPrivate(boolean allow) {
        return new NotifyOptions(
                smtpHost,
                smtpPort,
                smtpUsername,
                smtpPassword,
                smtpFrom,
                smtpStartTls,
                retryBase,
                retryMax,
                retryAttempts,
                allow);
    }

    /** Whether e-mail can be sent at all. */
    public boolean emailEnabled() {
        return smtpHost.isPresent();
    }

    @Override
    public String toString() {
        return "NotifyOptions[smtpHost=" + smtpHost.orElse("(e-mail off)") + ", smtpPort=" + smtpPort
                + ", smtpUsername="
                + smtpUsername.orElse("") + ", smtpPassword="
                + smtpPassword.map(p -> "***").orElse("") + ", smtpFrom=" + smtpFrom
                + ", smtpStartTls=" + smtpStartTls + ", retryBase=" + retryBase + ", retryMax=" + retryMax
                + ", retryAttempts=" + retryAttempts + ", webhookAllowPrivate=" + webhookAllowPrivate + "]";
    }
}

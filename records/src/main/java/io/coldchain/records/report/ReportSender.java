package io.coldchain.records.report;

import io.coldchain.records.report.ReportDeliveryStore.Outgoing;
import java.sql.Connection;

/**
 * Sends one queued report to its notification target (implemented with alerting's targets, webhook
 * and SMTP senders; wired by {@code app}). Blocking, called on a worker thread; throws when the
 * target did not take it (the delivery is then retried or parked).
 */
@FunctionalInterface
public interface ReportSender {
    void send(Connection c, Outgoing report) throws Exception;
}

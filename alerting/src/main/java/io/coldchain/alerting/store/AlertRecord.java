package io.coldchain.alerting.store;

import java.time.Instant;
import java.util.List;

/**
 * An alert as stored, with the batches it names: what the API shows and what notifications carry.
 * Times are event times except {@code openedAt}, {@code ackedAt}, {@code resolvedAt} and
 * {@code escalatedAt}, which are when people or the backend acted.
 */
public record AlertRecord(
        long id,
        String tenant,
        String ruleKey,
        String kind,
        String severity,
        Double threshold,
        Integer delayMin,
        Integer budgetMin,
        List<String> profiles,
        Integer sensorId,
        String sensor,
        String asset,
        String site,
        String lot,
        Instant startedAt,
        Instant endedAt,
        Instant lastOutAt,
        Instant firedAt,
        Double peak,
        Instant peakAt,
        Long exposureS,
        String status,
        Long mergedInto,
        int escalationLevel,
        Instant escalatedAt,
        Instant openedAt,
        Instant ackedAt,
        String ackedBy,
        String ackNote,
        Instant resolvedAt,
        String resolvedBy,
        String correctiveAction,
        int version,
        List<AlertBatch> batches) {

    /** A batch an alert names, with the shipment that carried it (null for a placement). */
    public record AlertBatch(
            String lot, String sku, String product, String shipment, Long exposureS, String disposition) {}

    public boolean live() {
        return !"merged".equals(status) && !"retracted".equals(status);
    }

    /** Shipments named, in order, without repeats. */
    public List<String> shipments() {
        return batches.stream()
                .map(AlertBatch::shipment)
                .filter(s -> s != null)
                .distinct()
                .toList();
    }

    AlertRecord withBatches(List<AlertBatch> b) {
        return new AlertRecord(
                id,
                tenant,
                ruleKey,
                kind,
                severity,
                threshold,
                delayMin,
                budgetMin,
                profiles,
                sensorId,
                sensor,
                asset,
                site,
                lot,
                startedAt,
                endedAt,
                lastOutAt,
                firedAt,
                peak,
                peakAt,
                exposureS,
                status,
                mergedInto,
                escalationLevel,
                escalatedAt,
                openedAt,
                ackedAt,
                ackedBy,
                ackNote,
                resolvedAt,
                resolvedBy,
                correctiveAction,
                version,
                List.copyOf(b));
    }
}

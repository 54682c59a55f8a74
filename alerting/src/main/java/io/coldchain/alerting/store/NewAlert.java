package io.coldchain.alerting.store;

import io.coldchain.alerting.store.AlertRecord.AlertBatch;
import java.time.Instant;
import java.util.List;

/** What the evaluator knows when it opens an alert. */
public record NewAlert(
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
        List<AlertBatch> batches) {}

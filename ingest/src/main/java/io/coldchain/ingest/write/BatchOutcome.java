package io.coldchain.ingest.write;

import io.coldchain.core.model.RejectReason;
import io.coldchain.ingest.store.ReadingStore;
import java.util.EnumMap;
import java.util.Map;

/** What one committed batch did, for metrics and logs. */
public final class BatchOutcome {
    public int messages;
    public int readings;
    public int inserted;
    public int duplicates;
    public int conflicts;
    /** How the readings went into the table (null when the batch held none). */
    public ReadingStore.WritePath path;

    public int unassignedSensors;
    /** Registered sensors whose readings this batch changed (queued for alerting). */
    public int changedSensors;

    public final Map<RejectReason, Integer> rejectedReadings = new EnumMap<>(RejectReason.class);
    public final Map<RejectReason, Integer> rejectedMessages = new EnumMap<>(RejectReason.class);

    void rejectedReading(RejectReason r) {
        rejectedReadings.merge(r, 1, Integer::sum);
    }

    void rejectedMessage(RejectReason r) {
        rejectedMessages.merge(r, 1, Integer::sum);
    }

    @Override
    public String toString() {
        return "messages=" + messages + " readings=" + readings + " inserted=" + inserted + " duplicates=" + duplicates
                + " conflicts=" + conflicts + " rejectedReadings=" + rejectedReadings + " rejectedMessages="
                + rejectedMessages;
    }
}

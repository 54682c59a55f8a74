package io.coldchain.records.retention;

import io.coldchain.core.config.StorageOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes readings older than {@code storage.retention} (never less than two years) that no batch
 * still needs (see {@link RetentionStore}), sensor by sensor, in short transactions of at most
 * {@link #CHUNK} rows so that ingest never waits long on it (and, on TimescaleDB, so that a step
 * decompresses only the compressed batches of the rows it deletes: see {@link RetentionStore#purge}). Runs on plain PostgreSQL and on
 * TimescaleDB alike; it replaces TimescaleDB's retention policy, whose {@code drop_chunks} drops
 * whole days of every sensor by age alone and cannot know which batch still needs a reading.
 */
public final class RetentionJob {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    static final int CHUNK = 20_000;
    /** Before any reading (the contract refuses readings before 1978). */
    static final Instant FIRST = Instant.parse("1970-01-01T00:00:00Z");

    /** What one run did. */
    public record Outcome(Instant cutoff, int neededIntervals, int sensors, long deleted) {}

    private final RetentionStore store;
    private final Duration retention;

    public RetentionJob(RetentionStore store, Duration retention) {
        this.store = store;
        this.retention =
                retention.compareTo(StorageOptions.MIN_RETENTION) < 0 ? StorageOptions.MIN_RETENTION : retention;
    }

    public Outcome run(Connection c, Instant now) throws SQLException {
        Instant cutoff = now.minus(retention);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true); // the temp table lives for the session; each purge commits on its own
        try {
            int needed = store.prepareNeeded(c, now);
            List<Integer> sensors = store.sensorsWithReadingsBefore(c, cutoff);
            long deleted = 0;
            for (int sensor : sensors) {
                // Step by step from the oldest reading; a step stops at CHUNK rows or at a needed interval.
                Instant from = FIRST;
                while (from != null) {
                    RetentionStore.Purge p = store.purge(c, sensor, from, cutoff, CHUNK);
                    deleted += p.deleted();
                    from = p.resumeAt();
                }
            }
            if (deleted > 0) {
                LOG.info(
                        "Retention: deleted {} reading(s) older than {} that no batch needs ({} sensors checked)",
                        deleted,
                        cutoff,
                        sensors.size());
            }
            return new Outcome(cutoff, needed, sensors.size(), deleted);
        } finally {
            store.dropNeeded(c);
            c.setAutoCommit(auto);
        }
    }
}

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
 * {@link #CHUNK} rows so that ingest never waits long on it. Runs on plain PostgreSQL and on
 * TimescaleDB alike; it replaces TimescaleDB's retention policy, whose {@code drop_chunks} drops
 * whole days of every sensor by age alone and cannot know which batch still needs a reading.
 */
public final class RetentionJob {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
  static final int CHUNK = 20_000;

  /** What one run did. */
  public record Outcome(Instant cutoff, int neededIntervals, int sensors, long deleted) {}

  private final RetentionStore store;
  private final Duration retention;

  public RetentionJob(RetentionStore store, Duration retention) {
    this.store = store;
    this.retention = retention.compareTo(StorageOptions.MIN_RETENTION) < 0 ? StorageOptions.MIN_RETENTION : retention;
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
        int n;
        do {
          n = store.purge(c, sensor, cutoff, CHUNK);
          deleted += n;
        } while (n == CHUNK);
      }
      if (deleted > 0) {
        LOG.info("Retention: deleted {} reading(s) older than {} that no batch needs ({} sensors checked)", deleted, cutoff,
            sensors.size());
      }
      return new Outcome(cutoff, needed, sensors.size(), deleted);
    } finally {
      store.dropNeeded(c);
      c.setAutoCommit(auto);
    }
  }
}

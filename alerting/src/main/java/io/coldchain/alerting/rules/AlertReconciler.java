package io.coldchain.alerting.rules;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Keeps "one excursion, one alert" while late readings reshape episodes: compares the episodes just
 * computed for one sensor and one rule with the alerts already stored for them and says what to
 * change. Pure; the store applies the changes in the same transaction that read the alerts.
 */
public final class AlertReconciler {
  private AlertReconciler() {}

  /** An alert already stored for this sensor and rule (not merged, not retracted). */
  public record KnownAlert(long id, Instant start, Instant end) {
    public KnownAlert {
      Objects.requireNonNull(start, "start");
    }
  }

  /** What to do. */
  public sealed interface Change permits Open, Update, Merge, Retract {}

  /** A fired episode no stored alert covers: open a new alert. */
  public record Open(Episode episode) implements Change {}

  /** A stored alert's episode changed (start, end, peak): update it, keep its id. */
  public record Update(long id, Episode episode) implements Change {}

  /** Late readings joined two alerts' episodes into one: {@code absorbed} is merged into {@code into}. */
  public record Merge(long into, long absorbed) implements Change {}

  /**
   * Late readings showed that a stored alert's episode never lasted the rule's delay (an in-range
   * reading arrived in its middle): it is retracted, with the reason kept, never deleted.
   */
  public record Retract(long id) implements Change {}

  /**
   * @param stored the stored alerts whose interval lies inside the evaluated window
   * @param fired the fired episodes computed over that window, sorted by start
   * @return the changes; an unchanged alert yields nothing (so re-evaluating the same readings
   *     twice, as after a redelivery, changes nothing)
   */
  public static List<Change> reconcile(List<KnownAlert> stored, List<Episode> fired) {
    throw new UnsupportedOperationException("rules engine: to be implemented");
  }
}

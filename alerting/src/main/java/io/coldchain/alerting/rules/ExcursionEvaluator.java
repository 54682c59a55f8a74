package io.coldchain.alerting.rules;

import io.coldchain.core.profile.Rule;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Consecutive-excursion rules ({@code above} / {@code below}) and low battery, in event time.
 *
 * <p>A pure function of the set of samples: any arrival order, with duplicates, gives the same
 * episodes (samples with an equal {@code ts} count once; the first in iteration order wins, as in
 * the store). See the package documentation for the exact semantics.
 */
public final class ExcursionEvaluator {
  private ExcursionEvaluator() {}

  /**
   * Every episode of {@code rule} (a non-cumulative rule) over {@code samples}, sorted by start,
   * fired or not.
   */
  public static List<Episode> episodes(Rule rule, EpisodeOptions options, Collection<Sample> samples) {
    throw new UnsupportedOperationException("rules engine: to be implemented");
  }

  /**
   * Low-battery episodes: battery below {@code thresholdV} (samples without a battery value are
   * ignored), firing once it has lasted {@code delay}. Hysteresis is {@code options.hysteresisC()}
   * read as volts / 10 (0.3 gives 0.03 V).
   */
  public static List<Episode> lowBattery(double thresholdV, Duration delay, EpisodeOptions options,
      Collection<Sample> samples) {
    throw new UnsupportedOperationException("rules engine: to be implemented");
  }
}

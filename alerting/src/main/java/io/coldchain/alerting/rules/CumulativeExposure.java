package io.coldchain.alerting.rules;

import io.coldchain.core.profile.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Cumulative time beyond a threshold (stability budget) for one batch over its whole journey.
 */
public final class CumulativeExposure {
  private CumulativeExposure() {}

  /**
   * One stay of the batch on one asset, half-open {@code [from, to)}; {@code to} null while it is
   * still there. {@code probes}: the samples of each sensor of that asset (any order, any span:
   * only the part inside the leg counts).
   */
  public record Leg(String asset, Instant from, Instant to, List<List<Sample>> probes) {
    public Leg {
      Objects.requireNonNull(asset, "asset");
      Objects.requireNonNull(from, "from");
      probes = List.copyOf(probes);
    }
  }

  /**
   * @param exposure total time beyond the threshold across all legs
   * @param perLeg the same, per leg, in the order given
   * @param firstOut event time of the first sample beyond the threshold, or null
   * @param budgetReachedAt event time at which the running total reached the rule's budget, or null
   * @param peakC the furthest value beyond the threshold (NaN when never beyond)
   */
  public record Result(Duration exposure, List<Duration> perLeg, Instant firstOut, Instant budgetReachedAt,
      double peakC) {}

  /**
   * Exposure of one batch under one cumulative rule. A sample stands for the time from its
   * {@code ts} to the next sample of the same probe (the last one: to the leg's end, or to
   * {@code now} for an open leg), clipped to the leg; a leg's time counts as beyond the threshold
   * when any probe of its asset says so (the union, not the sum, of the probes' intervals).
   */
  public static Result evaluate(Rule rule, List<Leg> legs, Instant now) {
    throw new UnsupportedOperationException("rules engine: to be implemented");
  }
}

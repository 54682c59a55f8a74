package io.coldchain.alerting.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Data gaps per sensor, in event time. */
public final class GapDetector {
  private GapDetector() {}

  /**
   * Every silence longer than {@code maxSilence} between consecutive samples, sorted, plus an open
   * gap after the last sample when {@code now - last > maxSilence}. No samples: no gap (a sensor
   * that never reported is the registry's concern).
   */
  public static List<Gap> gaps(Collection<Sample> samples, Duration maxSilence, Instant now) {
    throw new UnsupportedOperationException("rules engine: to be implemented");
  }
}

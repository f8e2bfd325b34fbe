package dev.loadgate.profile;

import java.time.Duration;

/**
 * One ramp step: the rate moves linearly from the previous stage's target to {@code
 * targetEventsPerSecond}.
 */
public record Stage(Duration duration, double targetEventsPerSecond) {
  public Stage {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("stage duration must be positive");
    }
    if (!(targetEventsPerSecond >= 0) || Double.isInfinite(targetEventsPerSecond)) {
      throw new IllegalArgumentException("stage target must be a finite rate >= 0");
    }
  }

  public double seconds() {
    return duration.toMillis() / 1000.0;
  }
}

package dev.lakewire.local.cloud;

import java.time.Duration;
import java.util.Random;

/**
 * Rolls the faults of one request from the seeded {@link Faults} random. A throttle storm is a
 * burst of 3 to 8 consecutive 429 answers with one Retry-After of 1 to 5 s (unscaled), started by
 * 2% of requests when storms are on.
 */
final class FaultInjector {

  static final double STORM_START_RATE = 0.02;

  /** What strikes a request. */
  enum Fault {
    NONE,
    /** Connection closed without an answer, before the cloud acted. */
    RESET_BEFORE,
    /** Connection closed without an answer, after the cloud acted. */
    RESET_AFTER,
    /** 500 before the cloud acted. */
    ERROR_BEFORE,
    /** 500 after the cloud acted. */
    ERROR_AFTER,
    /** 503: the request was not processed. */
    UNAVAILABLE,
    /** 429 from a throttle storm. */
    STORM;

    boolean before() {
      return this == RESET_BEFORE || this == ERROR_BEFORE || this == UNAVAILABLE || this == STORM;
    }
  }

  /** A rolled fault and, for a storm, its unscaled Retry-After. */
  record Roll(Fault fault, Duration retryAfter) {}

  private final Faults faults;
  private final Random random;
  private int stormLeft;
  private Duration stormRetryAfter = Duration.ZERO;

  FaultInjector(Faults faults) {
    this.faults = faults;
    this.random = new Random(faults.seed());
  }

  synchronized Roll roll() {
    if (stormLeft > 0) {
      stormLeft--;
      return new Roll(Fault.STORM, stormRetryAfter);
    }
    double r = random.nextDouble();
    if (r < faults.connectionResetRate()) {
      return new Roll(random.nextBoolean() ? Fault.RESET_BEFORE : Fault.RESET_AFTER, Duration.ZERO);
    }
    if (r < faults.connectionResetRate() + faults.serverErrorRate()) {
      if (random.nextBoolean()) {
        return new Roll(Fault.UNAVAILABLE, Duration.ZERO);
      }
      return new Roll(random.nextBoolean() ? Fault.ERROR_BEFORE : Fault.ERROR_AFTER, Duration.ZERO);
    }
    if (faults.throttleStorms() && random.nextDouble() < STORM_START_RATE) {
      stormLeft = 2 + random.nextInt(6);
      stormRetryAfter = Duration.ofSeconds(1 + random.nextInt(5));
      return new Roll(Fault.STORM, stormRetryAfter);
    }
    return new Roll(Fault.NONE, Duration.ZERO);
  }
}

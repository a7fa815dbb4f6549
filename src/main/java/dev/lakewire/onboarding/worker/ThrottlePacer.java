package dev.lakewire.onboarding.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Spreads the re-checks of throttled step messages over time, per throttle bucket (an ARM
 * subscription, a Databricks workspace), so that they come back about as fast as the bucket refills
 * instead of in a herd that spends it again at once.
 *
 * <p>Each bucket has a lane of slots {@code spacing} apart: a throttled message gets the first free
 * slot at or after its Retry-After, so the delay grows with the backlog of throttled messages
 * already waiting on that bucket. The spacing adapts: a message that came back on its slot and is
 * throttled again means the slots are too dense (other messages, other instances share the bucket):
 * the spacing grows by half; a paced message that then succeeds shrinks it by a tenth (probing the
 * bucket's rate again), so about one paced message in five meets a 429 again at equilibrium.
 *
 * <p>ARM refills per principal and subscription 25 reads and 10 writes per second after a burst of
 * 250 reads / 200 writes (<a
 * href="https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling">Understand
 * how Azure Resource Manager throttles requests</a>); a step message spends one or two writes and a
 * few reads, hence an initial spacing of 100 ms.
 */
final class ThrottlePacer {

  static final Duration INITIAL_SPACING = Duration.ofMillis(100);
  static final Duration MIN_SPACING = Duration.ofMillis(10);
  static final Duration MAX_SPACING = Duration.ofMillis(500);

  /** Lanes are forgotten when this many exist and theirs last slot is this long past. */
  private static final int MAX_LANES = 1_000;

  private static final Duration IDLE = Duration.ofMinutes(10);

  private static final class Lane {
    Instant next;
    long spacingMillis = INITIAL_SPACING.toMillis();

    Lane(Instant now) {
      this.next = now;
    }
  }

  private final Map<String, Lane> lanes = new HashMap<>();
  private final RandomGenerator random;

  ThrottlePacer(RandomGenerator random) {
    this.random = random;
  }

  /**
   * The delay before a throttled message is re-checked.
   *
   * @param bucket the throttle bucket the 429 came from
   * @param retryAfter the server's Retry-After
   * @param throttledAgain whether the message had already been re-checked for a 429 (it came back
   *     on a slot and was throttled again)
   * @param now the current time
   */
  synchronized Duration delay(
      String bucket, Duration retryAfter, boolean throttledAgain, Instant now) {
    if (lanes.size() >= MAX_LANES) {
      lanes.values().removeIf(l -> l.next.plus(IDLE).isBefore(now));
    }
    Lane lane = lanes.computeIfAbsent(bucket, b -> new Lane(now));
    if (throttledAgain) {
      lane.spacingMillis = Math.min(MAX_SPACING.toMillis(), lane.spacingMillis * 3 / 2 + 1);
    }
    Instant earliest = now.plus(retryAfter);
    Instant slot = lane.next.isAfter(earliest) ? lane.next : earliest;
    lane.next = slot.plusMillis(lane.spacingMillis);
    long jitter = (long) (lane.spacingMillis * random.nextDouble());
    return Duration.between(now, slot).plusMillis(jitter);
  }

  /**
   * A message that had been throttled went through: the lanes may be denser. The bucket is not
   * known here (a step spends several), so every lane probes: the ones still throttled widen again.
   */
  synchronized void pacedMessageWentThrough() {
    for (Lane lane : lanes.values()) {
      lane.spacingMillis = Math.max(MIN_SPACING.toMillis(), lane.spacingMillis * 9 / 10);
    }
  }

  /** The current spacing of a bucket's lane (for tests). */
  synchronized Duration spacing(String bucket) {
    Lane lane = lanes.get(bucket);
    return Duration.ofMillis(lane == null ? INITIAL_SPACING.toMillis() : lane.spacingMillis);
  }
}

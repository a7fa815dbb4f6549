package dev.lakewire.local.cloud;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * ARM's throttling: a token bucket per principal, per subscription and per kind (reads: 250 burst,
 * 25 per second; writes: 200 burst, 10 per second). Buckets refill on the cloud's clock, divided by
 * the time scale (at time scale 0.1 a bucket refills ten times as fast in clock time). Source:
 * https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
 * ("Subscription and tenant limits": the token bucket algorithm, per principal and subscription). A
 * refused request takes no token.
 */
final class Throttle {

  static final int READ_BURST = 250;
  static final double READ_RATE = 25;
  static final int WRITE_BURST = 200;
  static final double WRITE_RATE = 10;

  /**
   * The bucket's answer.
   *
   * @param admitted whether the request may proceed
   * @param remaining the whole tokens left (the {@code x-ms-ratelimit-remaining-*} header)
   * @param retryAfter the unscaled time until a token is back, whole seconds and at least 1; zero
   *     when admitted
   */
  record Decision(boolean admitted, long remaining, Duration retryAfter) {}

  private final boolean enforced;
  private final double timeScale;
  private final Map<String, Bucket> buckets = new HashMap<>();

  Throttle(boolean enforced, double timeScale) {
    this.enforced = enforced;
    this.timeScale = timeScale;
  }

  /** Takes a token for a request (when enforced) and says whether it may proceed. */
  synchronized Decision take(String principal, String subscription, boolean write, Instant now) {
    int burst = write ? WRITE_BURST : READ_BURST;
    if (!enforced) {
      return new Decision(true, burst, Duration.ZERO);
    }
    Bucket b = bucket(principal, subscription, write, now);
    b.refill(now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return new Decision(true, (long) Math.floor(b.tokens), Duration.ZERO);
    }
    long seconds = Math.max(1, (long) Math.ceil((1 - b.tokens) / (b.rate * timeScale)));
    return new Decision(false, 0, Duration.ofSeconds(seconds));
  }

  /** The whole tokens left, without taking one. */
  synchronized long remaining(String principal, String subscription, boolean write, Instant now) {
    if (!enforced) {
      return write ? WRITE_BURST : READ_BURST;
    }
    Bucket b = bucket(principal, subscription, write, now);
    b.refill(now);
    return (long) Math.floor(b.tokens);
  }

  private Bucket bucket(String principal, String subscription, boolean write, Instant now) {
    String key = principal + "|" + subscription + "|" + (write ? "w" : "r");
    return buckets.computeIfAbsent(
        key,
        k ->
            write
                ? new Bucket(WRITE_BURST, WRITE_RATE / timeScale, now)
                : new Bucket(READ_BURST, READ_RATE / timeScale, now));
  }

  private static final class Bucket {
    final double capacity;

    /** Tokens per second of clock time. */
    final double rate;

    double tokens;
    Instant last;

    Bucket(double capacity, double rate, Instant now) {
      this.capacity = capacity;
      this.rate = rate;
      this.tokens = capacity;
      this.last = now;
    }

    void refill(Instant now) {
      if (now.isAfter(last)) {
        double seconds = Duration.between(last, now).toNanos() / 1e9;
        tokens = Math.min(capacity, tokens + seconds * rate);
        last = now;
      }
    }
  }
}

package dev.lakewire.local.cloud;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Faults a {@link LocalCloud} injects into ARM and Databricks requests (never into the managed
 * identity token endpoint). Random decisions come from one {@link java.util.Random} seeded with
 * {@link #seed()}, so a single-threaded run is reproducible.
 *
 * <p>A 500 or a connection reset may strike before or after the cloud acted on the request (a write
 * may have been applied although the client saw an error); a 503 always strikes before.
 *
 * @param serverErrorRate share of requests answered 500 or 503 (0 to 1)
 * @param connectionResetRate share of requests whose connection is closed without a response (0 to
 *     1)
 * @param throttleStorms whether bursts of 429 strike regardless of the token buckets
 * @param maxPrincipalReplication when longer than the cloud's principal replication, each new
 *     principal stays invisible for a random window between the two; zero for none
 * @param seed the seed of the random decisions
 */
public record Faults(
    double serverErrorRate,
    double connectionResetRate,
    boolean throttleStorms,
    Duration maxPrincipalReplication,
    long seed) {

  /** The preset names {@link #preset} accepts. */
  public static final java.util.List<String> PRESETS =
      java.util.List.of("none", "flaky", "throttled", "hostile");

  private static final long DEFAULT_SEED = 42;

  public Faults {
    requireRate("serverErrorRate", serverErrorRate);
    requireRate("connectionResetRate", connectionResetRate);
    if (serverErrorRate + connectionResetRate > 1) {
      throw new IllegalArgumentException(
          "serverErrorRate + connectionResetRate must not exceed 1: "
              + (serverErrorRate + connectionResetRate));
    }
    Objects.requireNonNull(maxPrincipalReplication, "maxPrincipalReplication");
    if (maxPrincipalReplication.isNegative()) {
      throw new IllegalArgumentException(
          "maxPrincipalReplication must not be negative: " + maxPrincipalReplication);
    }
  }

  /** No faults. */
  public static Faults none() {
    return new Faults(0, 0, false, Duration.ZERO, DEFAULT_SEED);
  }

  /** 5% server errors, 2% connection resets, principals invisible for up to 60 s. */
  public static Faults flaky() {
    return new Faults(0.05, 0.02, false, Duration.ofSeconds(60), DEFAULT_SEED);
  }

  /** Bursts of 429 regardless of the token buckets. */
  public static Faults throttled() {
    return new Faults(0, 0, true, Duration.ZERO, DEFAULT_SEED);
  }

  /**
   * 10% server errors, 3% connection resets, bursts of 429, principals invisible for up to 120 s.
   */
  public static Faults hostile() {
    return new Faults(0.10, 0.03, true, Duration.ofSeconds(120), DEFAULT_SEED);
  }

  /**
   * The preset with this name ({@code none}, {@code flaky}, {@code throttled} or {@code hostile},
   * case-insensitive).
   *
   * @throws IllegalArgumentException naming the valid presets
   */
  public static Faults preset(String name) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "none" -> none();
      case "flaky" -> flaky();
      case "throttled" -> throttled();
      case "hostile" -> hostile();
      default ->
          throw new IllegalArgumentException(
              "unknown fault preset '" + name + "'; valid presets: " + String.join(", ", PRESETS));
    };
  }

  /** These faults with another seed. */
  public Faults withSeed(long seed) {
    return new Faults(
        serverErrorRate, connectionResetRate, throttleStorms, maxPrincipalReplication, seed);
  }

  private static void requireRate(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1: " + rate);
    }
  }
}

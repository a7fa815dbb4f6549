package dev.lakewire.local.cloud;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link LocalCloud} behaves.
 *
 * <p>Every delay the cloud simulates (Access Connector provisioning, principal replication,
 * Retry-After, throttling refill) is measured on {@link #clock()} and multiplied by {@link
 * #timeScale()}: with a {@code dev.lakewire.local.ManualClock} nothing happens until the test moves
 * the clock; with the system clock and a time scale of 0.01 a 20 s provisioning takes 0.2 s.
 *
 * @param clock the clock the cloud measures its delays on
 * @param timeScale factor applied to every simulated delay (greater than 0)
 * @param connectorProvisioning how long an Access Connector stays {@code Creating} before its
 *     identity exists
 * @param principalReplication how long a new principal stays invisible to role assignments
 *     (PrincipalNotFound)
 * @param latency wall-clock delay added to every ARM and Databricks request (really slept; zero for
 *     none)
 * @param throttling whether ARM enforces its per-principal, per-subscription token buckets
 * @param faults the faults to inject
 * @param metastoreAssignmentLag how long after a metastore assignment the workspace itself still
 *     reports none (terraform-provider-databricks#1832, #2061); scaled like every delay
 */
public record CloudOptions(
    Clock clock,
    double timeScale,
    Duration connectorProvisioning,
    Duration principalReplication,
    Duration latency,
    boolean throttling,
    Faults faults,
    Duration metastoreAssignmentLag) {

  public CloudOptions {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(faults, "faults");
    if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
      throw new IllegalArgumentException("timeScale must be a positive number: " + timeScale);
    }
    requireNonNegative("connectorProvisioning", connectorProvisioning);
    requireNonNegative("principalReplication", principalReplication);
    requireNonNegative("latency", latency);
    requireNonNegative("metastoreAssignmentLag", metastoreAssignmentLag);
  }

  /**
   * The system UTC clock, time scale 1, 20 s connector provisioning, 30 s principal replication, no
   * latency, throttling on, no faults, a 60 s metastore assignment lag.
   */
  public static CloudOptions defaults() {
    return new CloudOptions(
        Clock.systemUTC(),
        1.0,
        Duration.ofSeconds(20),
        Duration.ofSeconds(30),
        Duration.ZERO,
        true,
        Faults.none(),
        Duration.ofSeconds(60));
  }

  public CloudOptions withMetastoreAssignmentLag(Duration metastoreAssignmentLag) {
    return new CloudOptions(
        clock,
        timeScale,
        connectorProvisioning,
        principalReplication,
        latency,
        throttling,
        faults,
        metastoreAssignmentLag);
  }

  public CloudOptions withClock(Clock clock) {
    return new CloudOptions(
        clock,
        timeScale,
        connectorProvisioning,
        principalReplication,
        latency,
        throttling,
        faults,
        metastoreAssignmentLag);
  }

  public CloudOptions withTimeScale(double timeScale) {
    return new CloudOptions(
        clock,
        timeScale,
        connectorProvisioning,
        principalReplication,
        latency,
        throttling,
        faults,
        metastoreAssignmentLag);
  }

  public CloudOptions withConnectorProvisioning(Duration connectorProvisioning) {
    return new CloudOptions(
        clock,
        timeScale,
        connectorProvisioning,
        principalReplication,
        latency,
        throttling,
        faults,
        metastoreAssignmentLag);
  }

  public CloudOptions withPrincipalReplication(Duration principalReplication) {
    return new CloudOptions(
        clock,
        timeScale,
        connectorProvisioning,
        principalReplication,
        latency,
        throttling,
        faults,
        metastoreAssignmentLag);
  }

  public CloudOptions withLatency(Duration latency) {
    return new CloudOptions(
        clock,
        timeScale,
        connectorProvisioning,
        principalReplication,
        latency,
        throttling,
        faults,
        metastoreAssignmentLag);
  }

  public CloudOptions withThrottling(boolean throttling) {
    return new CloudOptions(
        clock,
        timeScale,
        connectorProvisioning,
        principalReplication,
        latency,
        throttling,
        faults,
        metastoreAssignmentLag);
  }

  public CloudOptions withFaults(Faults faults) {
    return new CloudOptions(
        clock,
        timeScale,
        connectorProvisioning,
        principalReplication,
        latency,
        throttling,
        faults,
        metastoreAssignmentLag);
  }

  /** {@code nominal} scaled by {@link #timeScale()}. */
  Duration scaled(Duration nominal) {
    return Duration.ofNanos(Math.round(nominal.toNanos() * timeScale));
  }

  private static void requireNonNegative(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + d);
    }
  }
}

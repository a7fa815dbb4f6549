package dev.lakewire.local.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a demo run does.
 *
 * @param workspaces how many workspaces to create at once (ignored with {@code eventsFile})
 * @param eventsFile an Event Grid delivery to replay instead (a JSON array or one event)
 * @param allowedSubscriptions the subscription allow-list; empty means every subscription seen
 * @param duplicates deliver every event this many times (shuffled when more than once)
 * @param faults the local cloud's fault preset: none, flaky, throttled or hostile
 * @param timeScale factor on the cloud's realistic delays
 * @param crashes how many step deliveries crash after doing their work (the host dies before
 *     completing the message, so Service Bus redelivers it)
 * @param report where to write the JSON report, or null
 * @param timeline whether to print the live timeline
 * @param seed seed of every random choice (event order, faults, jitter)
 * @param maxCloudTime give up after this much cloud (virtual) time
 * @param existingMetastore {@code LAKEWIRE_EXISTING_METASTORE} of the run: {@code REPLACE} (the
 *     demo's default, so that the workspace that arrives assigned to another metastore completes)
 *     or {@code FAIL} (that workspace fails, naming both metastores)
 * @param concurrency how many messages the in-memory Service Bus delivers at once (a Functions
 *     host's {@code maxConcurrentCalls}; {@link HostJson#maxConcurrentCalls()} by default)
 * @param policyTags whether to add two tagged workspaces showing policy by tags: {@code
 *     sandbox/ws-sandbox} ({@code lakewire:skip=true}) and {@code finance/ws-ledger} (storage,
 *     container, metastore and an extra role chosen by its tags)
 * @param offboard how many workspaces to delete after onboarding (the first ones): lakewire
 *     offboards them
 */
public record DemoOptions(
    int workspaces,
    Path eventsFile,
    List<String> allowedSubscriptions,
    int duplicates,
    String faults,
    double timeScale,
    int crashes,
    Path report,
    boolean timeline,
    long seed,
    Duration maxCloudTime,
    String existingMetastore,
    int concurrency,
    boolean policyTags,
    int offboard) {

  /** The most concurrent deliveries the demo allows (threads on a developer machine). */
  public static final int MAX_CONCURRENCY = 256;

  /** A builder at the CLI's defaults ({@code lakewire demo} with no option). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Fluent setters for {@link DemoOptions}, each starting at the {@code lakewire demo} default: 1
   * workspace, no events file, every subscription, 1 delivery, no faults, time scale 1, no crashes,
   * no report, the live timeline, seed 42, 12 h of cloud time, {@code REPLACE}, the host's {@code
   * maxConcurrentCalls}, no policy-tag workspaces, no offboarding.
   */
  public static final class Builder {
    private int workspaces = 1;
    private Path eventsFile;
    private List<String> allowedSubscriptions = List.of();
    private int duplicates = 1;
    private String faults = "none";
    private double timeScale = 1.0;
    private int crashes;
    private Path report;
    private boolean timeline = true;
    private long seed = 42;
    private Duration maxCloudTime = Duration.ofHours(12);
    private String existingMetastore = "REPLACE";
    private Integer concurrency;
    private boolean policyTags;
    private int offboard;

    private Builder() {}

    public Builder workspaces(int workspaces) {
      this.workspaces = workspaces;
      return this;
    }

    public Builder eventsFile(Path eventsFile) {
      this.eventsFile = eventsFile;
      return this;
    }

    public Builder allowedSubscriptions(List<String> allowedSubscriptions) {
      this.allowedSubscriptions = allowedSubscriptions;
      return this;
    }

    public Builder duplicates(int duplicates) {
      this.duplicates = duplicates;
      return this;
    }

    public Builder faults(String faults) {
      this.faults = faults;
      return this;
    }

    public Builder timeScale(double timeScale) {
      this.timeScale = timeScale;
      return this;
    }

    public Builder crashes(int crashes) {
      this.crashes = crashes;
      return this;
    }

    public Builder report(Path report) {
      this.report = report;
      return this;
    }

    public Builder timeline(boolean timeline) {
      this.timeline = timeline;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder maxCloudTime(Duration maxCloudTime) {
      this.maxCloudTime = maxCloudTime;
      return this;
    }

    public Builder existingMetastore(String existingMetastore) {
      this.existingMetastore = existingMetastore;
      return this;
    }

    /** Deliveries at once; null: the host's {@link HostJson#maxConcurrentCalls()}. */
    public Builder concurrency(Integer concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    public Builder policyTags(boolean policyTags) {
      this.policyTags = policyTags;
      return this;
    }

    public Builder offboard(int offboard) {
      this.offboard = offboard;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException naming the option that is out of range
     */
    public DemoOptions build() {
      return new DemoOptions(
          workspaces,
          eventsFile,
          allowedSubscriptions,
          duplicates,
          faults,
          timeScale,
          crashes,
          report,
          timeline,
          seed,
          maxCloudTime,
          existingMetastore,
          concurrency == null ? HostJson.maxConcurrentCalls() : concurrency,
          policyTags,
          offboard);
    }
  }

  public DemoOptions {
    allowedSubscriptions = List.copyOf(allowedSubscriptions);
    if (workspaces < 0) {
      throw new IllegalArgumentException("--workspaces must not be negative");
    }
    if (duplicates < 1) {
      throw new IllegalArgumentException("--duplicates must be at least 1");
    }
    if (!(timeScale > 0)) {
      throw new IllegalArgumentException("--time-scale must be greater than 0");
    }
    if (crashes < 0) {
      throw new IllegalArgumentException("--crashes must not be negative");
    }
    if (existingMetastore == null
        || !List.of("FAIL", "REPLACE").contains(existingMetastore.toUpperCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "--existing-metastore must be FAIL or REPLACE, not '" + existingMetastore + "'");
    }
    existingMetastore = existingMetastore.toUpperCase(Locale.ROOT);
    if (offboard < 0) {
      throw new IllegalArgumentException("--offboard must not be negative");
    }
    if (eventsFile == null && offboard > workspaces) {
      throw new IllegalArgumentException(
          "--offboard " + offboard + " is more than --workspaces " + workspaces);
    }
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException(
          "--concurrency must be between 1 and " + MAX_CONCURRENCY + ", not " + concurrency);
    }
  }
}

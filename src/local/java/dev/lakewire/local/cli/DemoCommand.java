package dev.lakewire.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.local.cloud.Faults;
import dev.lakewire.local.demo.Demo;
import dev.lakewire.local.demo.DemoOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lakewire demo}: the whole chain on the embedded local cloud. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = LakewireVersion.class,
    description = {
      "Starts the local cloud (HTTPS, real ARM / managed identity / Unity Catalog shapes) and an",
      "in-memory Service Bus, creates workspaces, delivers their Event Grid events to",
      "onWorkspaceEvent and lets the function classes run the chain on a virtual clock.",
      "With --offboard N it then deletes N workspaces and lakewire offboards them.",
      "Exit code: 0 when every accepted workspace completed (or was offboarded), 1 otherwise, 2 on"
          + " usage errors."
    })
final class DemoCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--workspaces",
      defaultValue = "1",
      description = "workspaces created at once (default ${DEFAULT-VALUE})")
  int workspaces;

  @Option(
      names = "--events",
      paramLabel = "FILE",
      description =
          "deliver the Event Grid delivery in FILE instead (an array or one event, EventGrid or"
              + " CloudEvents schema); its workspaces exist in the local cloud")
  Path events;

  @Option(
      names = "--allowed-subscriptions",
      split = ",",
      paramLabel = "A,B",
      description = "the subscription allow-list (default: every subscription seen)")
  List<String> allowedSubscriptions = new ArrayList<>();

  @Option(
      names = "--duplicates",
      defaultValue = "1",
      paramLabel = "K",
      description = "deliver every event K times, shuffled (default ${DEFAULT-VALUE})")
  int duplicates;

  @Option(
      names = "--faults",
      defaultValue = "none",
      description =
          "local cloud fault preset: none, flaky, throttled, hostile (default ${DEFAULT-VALUE})")
  String faults;

  @Option(
      names = "--time-scale",
      defaultValue = "1",
      paramLabel = "X",
      description =
          "multiply the cloud's realistic delays (provisioning, replication, Retry-After) by X")
  double timeScale;

  @Option(
      names = "--crashes",
      defaultValue = "0",
      paramLabel = "N",
      description = "the first N step deliveries crash after doing their work (redelivered)")
  int crashes;

  @Option(names = "--report", paramLabel = "FILE", description = "write the JSON report to FILE")
  Path report;

  @Option(names = "--quiet", description = "no live timeline, only the final table")
  boolean quiet;

  @Option(names = "--seed", defaultValue = "42", description = "seed of every random choice")
  long seed;

  @Option(
      names = "--max-cloud-time",
      defaultValue = "PT12H",
      paramLabel = "DURATION",
      description =
          "give up after this much virtual cloud time (ISO-8601, default ${DEFAULT-VALUE})")
  Duration maxCloudTime;

  @Option(
      names = "--existing-metastore",
      defaultValue = "REPLACE",
      paramLabel = "POLICY",
      description =
          "LAKEWIRE_EXISTING_METASTORE for the workspace that arrives assigned to another"
              + " metastore: REPLACE or FAIL (default ${DEFAULT-VALUE})")
  String existingMetastore;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description =
          "messages the in-memory Service Bus delivers at once (default: host.json's"
              + " extensions.serviceBus.maxConcurrentCalls)")
  Integer concurrency;

  @Option(
      names = "--policy-tags",
      description =
          "add two tagged workspaces: sandbox/ws-sandbox (lakewire:skip=true) and"
              + " finance/ws-ledger (its tags choose storage, container, metastore and a role)")
  boolean policyTags;

  @Option(
      names = "--offboard",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "after onboarding, delete the first N workspaces through ARM: the local cloud's Event"
              + " Grid system topic delivers their ResourceDeleteSuccess and lakewire offboards"
              + " them (default ${DEFAULT-VALUE})")
  int offboard;

  @Override
  public Integer call() throws IOException {
    if (!Faults.PRESETS.contains(faults)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--faults must be one of " + Faults.PRESETS + ", not '" + faults + "'");
    }
    if (events != null) {
      eventsProblem(events)
          .ifPresent(
              problem -> {
                throw new CommandLine.ParameterException(
                    spec.commandLine(), "--events " + events + " " + problem);
              });
    }
    if (report != null) {
      reportProblem(report)
          .ifPresent(
              problem -> {
                throw new CommandLine.ParameterException(
                    spec.commandLine(), "--report " + report + " " + problem);
              });
    }
    DemoOptions options;
    try {
      options =
          DemoOptions.builder()
              .workspaces(workspaces)
              .eventsFile(events)
              .allowedSubscriptions(allowedSubscriptions)
              .duplicates(duplicates)
              .faults(faults)
              .timeScale(timeScale)
              .crashes(crashes)
              .report(report)
              .timeline(!quiet)
              .seed(seed)
              .maxCloudTime(maxCloudTime)
              .existingMetastore(existingMetastore)
              .concurrency(concurrency)
              .policyTags(policyTags)
              .offboard(offboard)
              .build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try {
      return Demo.run(options, out).exitCode();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    } catch (Demo.ReportNotWritten e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--report " + report + " could not be written: " + e.getMessage());
    }
  }

  /**
   * Why FILE cannot be the {@code --events} delivery, or empty: it must be a readable regular file
   * holding JSON that is one event or an array of events (objects with an Event Grid {@code
   * eventType} or a CloudEvents {@code type} and {@code specversion}).
   */
  static Optional<String> eventsProblem(Path file) {
    if (Files.isDirectory(file)) {
      return Optional.of("is a directory, not an Event Grid delivery file");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      return Optional.of("is not a readable file");
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException | java.io.UncheckedIOException e) {
      return Optional.of("cannot be read: " + e.getMessage());
    }
    if (text.isBlank()) {
      return Optional.of("is empty; it must hold one Event Grid event or an array of them");
    }
    JsonNode json;
    try {
      json = JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Optional.of(
          "is not JSON (" + e.getOriginalMessage().replaceAll("\\s+", " ").strip() + ")");
    }
    List<JsonNode> items = new ArrayList<>();
    if (json.isArray()) {
      json.forEach(items::add);
    } else {
      items.add(json);
    }
    if (items.isEmpty()) {
      return Optional.of("holds an empty array: no event to deliver");
    }
    for (int i = 0; i < items.size(); i++) {
      JsonNode e = items.get(i);
      boolean eventGrid = e.isObject() && e.path("eventType").isTextual();
      boolean cloudEvent =
          e.isObject() && e.path("type").isTextual() && e.path("specversion").isTextual();
      if (!eventGrid && !cloudEvent) {
        return Optional.of(
            "is not an Event Grid delivery: "
                + (json.isArray() ? "item " + i : "its JSON")
                + " has neither an 'eventType' (Event Grid schema) nor 'type' and"
                + " 'specversion' (CloudEvents)");
      }
    }
    return Optional.empty();
  }

  /** Why FILE cannot take the report, or empty: checked before the run, not after it. */
  static Optional<String> reportProblem(Path file) {
    if (Files.isDirectory(file)) {
      return Optional.of("is a directory; give a file name");
    }
    if (Files.exists(file)) {
      return Files.isWritable(file) ? Optional.empty() : Optional.of("is not writable");
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return Optional.of("cannot be created: " + parent + " is not a directory");
    }
    if (!Files.isWritable(parent)) {
      return Optional.of("cannot be created: " + parent + " is not writable");
    }
    return Optional.empty();
  }
}

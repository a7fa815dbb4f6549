package dev.lakewire.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakewire.app.AzureWiring;
import dev.lakewire.app.LakewireSettings;
import dev.lakewire.local.EventSamples;
import dev.lakewire.local.EventSamples.Schema;
import dev.lakewire.local.InMemoryLedger;
import dev.lakewire.local.LakewireInfra;
import dev.lakewire.local.LocalFunctionHost;
import dev.lakewire.local.LocalRetries;
import dev.lakewire.local.ManualClock;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.Faults;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.policy.TagPolicy;
import dev.lakewire.onboarding.worker.EventDecision;
import dev.lakewire.onboarding.worker.Onboarding;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo: a local cloud (HTTPS, real REST shapes), an in-memory Service Bus and the production
 * function classes, steps and SDK adapters. Workspaces appear in the cloud, their Event Grid events
 * are delivered to {@code onWorkspaceEvent}, and the chain runs to the end on a virtual clock. Used
 * by {@code bin/lakewire demo} and by the fault-campaign tests.
 */
public final class Demo {

  /** The subscription the demo's own workspaces and storage live in. */
  public static final String SUBSCRIPTION = "6d1e7c55-8f3a-4b2e-9c1d-2a7b5e9f0c31";

  public static final String METASTORE_WESTEUROPE = "3f9a2c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
  public static final String METASTORE_NORTHEUROPE = "8b7c6d5e-4f3a-4b2c-8d1e-0f9a8b7c6d5e";

  /** The shared Access Connector infra provisions for the {@code shared} location layout. */
  public static final String SHARED_CONNECTOR = LakewireInfra.sharedConnectorId(SUBSCRIPTION);

  /**
   * A second westeurope metastore that is not the configured one: ws-003 arrives assigned to it, to
   * show the {@code LAKEWIRE_EXISTING_METASTORE} policy.
   */

  /** The storage account the demo's tagged workspace chooses ({@code --policy-tags}). */
  static final String FINANCE_STORAGE_NAME = "lakefinance";

  public static final String METASTORE_WESTEUROPE_OTHER = "5c4b3a29-1807-4f6e-9d5c-4b3a29180706";

  private static final String[] REGIONS = {"westeurope", "northeurope"};
  private static final Pattern WORKSPACE_ID =
      Pattern.compile(
          "/subscriptions/[^/\"]+/resource[gG]roups/[^/\"]+/providers/Microsoft\\.Databricks/workspaces/[A-Za-z0-9_-]+(?=\")",
          Pattern.CASE_INSENSITIVE);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The outcome of a run.
   *
   * @param exitCode 0 when every accepted workspace completed, 1 otherwise
   * @param report the JSON report
   */
  public record Result(int exitCode, ObjectNode report) {}

  /** The report file could not be written (after the run: checked before it by the CLI). */
  public static final class ReportNotWritten extends RuntimeException {
    ReportNotWritten(IOException cause) {
      super(String.valueOf(cause.getMessage()), cause);
    }
  }

  /** A world the demo built, for callers that want to act on it before or after the run. */
  public interface Hooks {
    /** Called after the cloud is seeded and before any event is delivered. */
    default void beforeDelivery(LocalCloud cloud, InMemoryServiceBus bus, ManualClock clock) {}
  }

  private Demo() {}

  /** Runs the demo. */
  public static Result run(DemoOptions o, PrintStream out) throws IOException {
    return run(o, out, new Hooks() {});
  }

  /**
   * Runs the demo.
   *
   * @throws IllegalArgumentException for unusable options (an events file that is not JSON, an
   *     unknown fault preset)
   */
  public static Result run(DemoOptions o, PrintStream out, Hooks hooks) throws IOException {
    long wallStart = System.nanoTime();
    ManualClock clock = ManualClock.atEpochOfDemo();
    Random random = new Random(o.seed());
    // --seed reaches every random choice: the cloud's faults and ids as well as the jitter
    Faults faults = Faults.preset(o.faults()).withSeed(o.seed());
    CloudOptions cloudOptions =
        CloudOptions.defaults().withClock(clock).withTimeScale(o.timeScale()).withFaults(faults);
    List<String> eventBodies = new ArrayList<>();
    Set<String> workspaceIds = new LinkedHashSet<>();
    try (LocalCloud cloud = LocalCloud.start(cloudOptions)) {
      String storage =
          cloud.addStorageAccount(SUBSCRIPTION, "rg-lake", "lakedemo", "westeurope", true);
      // What infra provisions: the shared Access Connector and lakewire's Contributor on it.
      Map<String, String> infra = LakewireInfra.seed(cloud, SUBSCRIPTION, "westeurope");
      // ... and lakewire's Event Grid topic for its outcome events (cloud.endpoints() names it)
      LakewireInfra.seedEventTopic(cloud, SUBSCRIPTION);
      cloud.addMetastore(METASTORE_WESTEUROPE, "westeurope");
      cloud.addMetastore(METASTORE_NORTHEUROPE, "northeurope");
      cloud.addMetastore(METASTORE_WESTEUROPE_OTHER, "westeurope");
      // lakewire's identity is an account admin of the Databricks account, and member of no
      // workspace: it joins each one through the account
      cloud.addAccountServicePrincipal(LocalCloud.applicationIdFor(null), true);

      if (o.eventsFile() != null) {
        String file = Files.readString(o.eventsFile());
        try {
          JSON.readTree(file);
        } catch (IOException e) {
          throw new IllegalArgumentException(
              "--events " + o.eventsFile() + " is not JSON: " + e.getMessage());
        }
        Matcher m = WORKSPACE_ID.matcher(file);
        while (m.find()) {
          String id = m.group();
          if (WorkspaceRef.isWorkspaceId(id) && workspaceIds.add(id.toLowerCase(Locale.ROOT))) {
            WorkspaceRef ref = WorkspaceRef.parse("id", id);
            cloud.addWorkspace(
                ref.subscriptionId(), ref.resourceGroup(), ref.name(), "westeurope", "Succeeded");
          }
        }
        for (int k = 0; k < o.duplicates(); k++) {
          eventBodies.add(file);
        }
      } else {
        List<JsonNode> events = new ArrayList<>();
        for (int i = 1; i <= o.workspaces(); i++) {
          String[] at = demoWorkspace(i);
          String rg = at[0];
          String name = at[1];
          String region = REGIONS[(i - 1) % REGIONS.length];
          String id = cloud.addWorkspace(SUBSCRIPTION, rg, name, region, "Succeeded");
          workspaceIds.add(id.toLowerCase(Locale.ROOT));
          preAssign(cloud, i, id, region);
          Schema schema = i % 2 == 0 ? Schema.CLOUD_EVENTS : Schema.EVENT_GRID;
          String correlation = uuid(random);
          // An ARM deployment writes the deployment first: Event Grid reports its temporary URI.
          events.add(
              EventSamples.resourceWrite(
                  schema,
                  "/subscriptions/"
                      + SUBSCRIPTION
                      + "/resourcegroups/"
                      + rg
                      + "/providers/Microsoft.Resources/deployments/"
                      + name
                      + "-deployment",
                  "Microsoft.Databricks/workspaces/write",
                  uuid(random),
                  correlation));
          events.add(EventSamples.workspaceWrite(schema, id, uuid(random), correlation));
        }
        List<JsonNode> all = new ArrayList<>();
        for (int k = 0; k < o.duplicates(); k++) {
          all.addAll(events);
        }
        if (o.duplicates() > 1) {
          Collections.shuffle(all, random);
        }
        if (o.policyTags()) {
          // policy by tags: one workspace opts out, one chooses within the operator's allow-lists
          String sandbox =
              cloud.addWorkspace(
                  SUBSCRIPTION, "rg-sandbox", "ws-sandbox", "westeurope", "Succeeded");
          cloud.setWorkspaceTags(sandbox, Map.of("lakewire:skip", "true", "owner", "lab"));
          String ledgerWs =
              cloud.addWorkspace(
                  SUBSCRIPTION, "rg-finance", "ws-ledger", "westeurope", "Succeeded");
          cloud.setWorkspaceTags(
              ledgerWs,
              Map.of(
                  "Lakewire:Storage",
                  FINANCE_STORAGE_NAME,
                  "lakewire:containers",
                  "gold",
                  "lakewire:metastore",
                  METASTORE_WESTEUROPE_OTHER,
                  "lakewire:roles",
                  "Storage Blob Data Reader"));
          for (String id : List.of(sandbox, ledgerWs)) {
            workspaceIds.add(id.toLowerCase(Locale.ROOT));
            String correlation = uuid(random);
            all.add(EventSamples.workspaceWrite(Schema.EVENT_GRID, id, uuid(random), correlation));
          }
        }
        for (int i = 0; i < all.size(); i += 10) {
          eventBodies.add(EventSamples.delivery(all.subList(i, Math.min(all.size(), i + 10))));
        }
      }

      Map<String, String> settings = new HashMap<>();
      settings.put(OnboardingPolicy.STORAGE_TARGETS, storage + "=raw,curated");
      settings.put(OnboardingPolicy.STORAGE_ROLES, "Storage Blob Data Contributor");
      settings.put(
          OnboardingPolicy.METASTORES,
          "westeurope=" + METASTORE_WESTEUROPE + ",northeurope=" + METASTORE_NORTHEUROPE);
      settings.putAll(cloud.appSettings());
      Set<String> subscriptions = new LinkedHashSet<>(o.allowedSubscriptions());
      if (subscriptions.isEmpty()) {
        workspaceIds.forEach(
            id -> subscriptions.add(WorkspaceRef.parse("id", id).subscriptionId()));
      }
      settings.put(OnboardingPolicy.ALLOWED_SUBSCRIPTIONS, String.join(",", subscriptions));
      settings.putAll(infra);
      settings.put(OnboardingPolicy.EXISTING_METASTORE, o.existingMetastore());
      if (o.policyTags()) {
        String financeStorage =
            cloud.addStorageAccount(
                SUBSCRIPTION, "rg-lake", FINANCE_STORAGE_NAME, "westeurope", true);
        settings.put(TagPolicy.TAG_STORAGE, financeStorage + "=gold,silver");
        settings.put(TagPolicy.TAG_ROLES, "Storage Blob Data Reader");
        settings.put(TagPolicy.TAG_METASTORES, "westeurope=" + METASTORE_WESTEUROPE_OTHER);
      }
      LakewireSettings appSettings = LakewireSettings.from(settings);
      OnboardingPolicy policy = appSettings.policy();

      InMemoryServiceBus bus =
          new InMemoryServiceBus(clock, appSettings.queues(), 10, Duration.ofMinutes(10));
      bus.injectCrashes(o.crashes());
      InMemoryLedger store = new InMemoryLedger();
      TimelineLedger ledger =
          new TimelineLedger(store, out, clock, wallStart, Demo::shortName, o.timeline());
      Onboarding onboarding =
          AzureWiring.forEndpoints(
              AzureWiring.Options.builder()
                  .endpoints(
                      AzureWiring.Endpoints.fromSettings(appSettings)
                          .withDatabricksTransport(cloud.databricksTransport()))
                  .credential(AzureWiring.credential(appSettings))
                  .queues(bus)
                  .deadLetters(bus)
                  .ledger(ledger)
                  .policy(policy)
                  .clock(clock)
                  .retries(LocalRetries.IMMEDIATE)
                  .random(new Random(o.seed() ^ 0x5EED_0001L))
                  .build());
      // The timeline tells the story; the production classes' INFO logs would drown it.
      Logger.getLogger("").setLevel(Level.WARNING);
      Logger.getLogger("com.azure").setLevel(Level.SEVERE);
      Logger.getLogger("com.microsoft.aad").setLevel(Level.SEVERE);
      showMetastoreDecisions(ledger, o.timeline());
      Logger functionLog = Logger.getLogger("lakewire.demo.functions");
      functionLog.setUseParentHandlers(false);
      functionLog.setLevel(Level.OFF);
      LocalFunctionHost host =
          new LocalFunctionHost(onboarding, bus, appSettings.reprocessQueue(), functionLog);
      hooks.beforeDelivery(cloud, bus, clock);

      if (o.timeline()) {
        out.printf(
            "lakewire demo: %d workspace(s), %d delivery(ies), faults %s, time scale %s,"
                + " concurrency %d%n",
            workspaceIds.size(), eventBodies.size(), o.faults(), o.timeScale(), o.concurrency());
      }
      List<EventDecision> decisions = new ArrayList<>();
      for (String body : eventBodies) {
        try {
          decisions.addAll(host.deliverEvent(body));
        } catch (InvalidInputException e) {
          decisions.add(
              new EventDecision(null, EventDecision.Decision.REJECTED, e.getMessage(), null));
        }
      }
      bus.runUntilIdle(clock, o.maxCloudTime(), o.concurrency());
      ObjectNode offboarded = null;
      if (o.offboard() > 0) {
        offboarded =
            DemoOffboarding.run(
                o.offboard(),
                workspaceIds,
                cloud,
                host,
                bus,
                clock,
                o.maxCloudTime(),
                o.concurrency(),
                decisions,
                ledger::note);
      }

      long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
      DemoReport report =
          DemoReport.of(
              decisions, workspaceIds, store, cloud, bus, wallMillis, clock, o.concurrency());
      report.printTable(out, Demo::shortName);
      if (offboarded != null) {
        report.json().set("offboarding", offboarded);
        DemoOffboarding.print(out, offboarded, policy);
      }
      showPublishedEvents(cloud, report.json(), out);
      if (o.report() != null) {
        try {
          Files.writeString(
              o.report(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report.json()));
        } catch (IOException e) {
          throw new ReportNotWritten(e);
        }
        out.println("report: " + o.report());
      }
      return new Result(report.allAcceptedCompleted() ? 0 : 1, report.json());
    }
  }

  /**
   * The outcome events lakewire published to its Event Grid topic: a count per type, printed and in
   * the report ({@code publishedEvents}).
   */
  private static void showPublishedEvents(LocalCloud cloud, ObjectNode report, PrintStream out) {
    Map<String, Integer> byType = new java.util.TreeMap<>();
    List<JsonNode> events = cloud.topicEvents();
    events.forEach(e -> byType.merge(e.path("type").asText(), 1, Integer::sum));
    ObjectNode published = report.putObject("publishedEvents");
    published.put("total", events.size());
    byType.forEach(published::put);
    out.println(
        "events published to the topic: "
            + events.size()
            + (byType.isEmpty()
                ? ""
                : " " + byType.toString().replace("{", "(").replace("}", ")")));
  }

  /**
   * The resource group and name of generated workspace {@code i}: besides {@code ws-NNN} in {@code
   * rg-analytics}, the names that collide when a metastore-level name is derived from the workspace
   * name alone: the same name in other resource groups (2, 3: also differing in case) and names
   * differing only by {@code -} / {@code _} (4, 5).
   */
  static String[] demoWorkspace(int i) {
    return switch (i) {
      case 2 -> new String[] {"rg-finance", "ws-001"};
      case 3 -> new String[] {"rg-sales", "WS-001"};
      case 4 -> new String[] {"rg-analytics", "data-lake"};
      case 5 -> new String[] {"rg-analytics", "data_lake"};
      default -> new String[] {"rg-analytics", String.format("ws-%03d", i)};
    };
  }

  /**
   * Unity Catalog is enabled automatically for new workspaces (since November 2023): about half of
   * the demo's workspaces (numbers 2, 3, 6, 7, …) arrive assigned to their region's metastore
   * already, except number 3, which arrives assigned to another westeurope metastore.
   */
  private static void preAssign(LocalCloud cloud, int i, String workspaceId, String region) {
    if (i == 3) {
      cloud.assignMetastoreDirectly(workspaceId, METASTORE_WESTEUROPE_OTHER);
    } else if (i % 4 == 2 || i % 4 == 3) {
      cloud.assignMetastoreDirectly(
          workspaceId, region.equals("westeurope") ? METASTORE_WESTEUROPE : METASTORE_NORTHEUROPE);
    }
  }

  private static final Pattern BOUND =
      Pattern.compile("^BIND_METASTORE done for (\\S+): (.*)$", Pattern.DOTALL);

  /**
   * What step 3 decided about the metastore (assigned, already assigned, replaced) is the summary
   * the step worker logs when it advances; the timeline prints it, since the ledger keeps no
   * summaries.
   */
  private static void showMetastoreDecisions(TimelineLedger ledger, boolean timeline) {
    // StepWorker logs through SLF4J (Logback), so that its lines carry the message's fields as
    // MDC (StepLogContext); the demo listens to that logger only, not additive to the console.
    ch.qos.logback.classic.Logger worker =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(dev.lakewire.onboarding.worker.StepWorker.class);
    worker.setLevel(ch.qos.logback.classic.Level.INFO);
    worker.setAdditive(false);
    worker.detachAndStopAllAppenders();
    ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> appender =
        new ch.qos.logback.core.AppenderBase<>() {
          @Override
          protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
            Matcher m = BOUND.matcher(String.valueOf(event.getFormattedMessage()));
            if (m.matches()) {
              ledger.note(m.group(1), "BIND_METASTORE done: " + m.group(2));
            } else if (timeline
                && event.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)) {
              // --quiet: a failure is in the final table's last error, not on stderr
              System.err.println(event.getLevel() + ": " + event.getFormattedMessage());
            }
          }
        };
    appender.setContext(worker.getLoggerContext());
    appender.start();
    worker.addAppender(appender);
  }

  /** {@code <resource group without rg->/<workspace>}. */
  static String shortName(String workspaceId) {
    String[] parts = workspaceId.split("/");
    String rg = parts.length > 4 ? parts[4].replaceFirst("^(?i)rg-", "") : "";
    return rg + "/" + parts[parts.length - 1];
  }

  private static String uuid(Random random) {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }
}

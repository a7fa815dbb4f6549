package dev.lakewire.local.bench;

import com.azure.core.credential.TokenCredential;
import com.databricks.sdk.AccountClient;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lakewire.app.AzureWiring;
import dev.lakewire.azure.ArmAccessConnectors;
import dev.lakewire.azure.ArmClients;
import dev.lakewire.azure.ArmRetry;
import dev.lakewire.azure.ArmRoleAssignments;
import dev.lakewire.azure.ArmStorageAccounts;
import dev.lakewire.azure.ArmWorkspaces;
import dev.lakewire.azure.Credentials;
import dev.lakewire.databricks.AccountMetastoreAssignments;
import dev.lakewire.databricks.AccountWorkspaceMemberships;
import dev.lakewire.databricks.UnityCatalogExternalLocations;
import dev.lakewire.databricks.UnityCatalogMetastores;
import dev.lakewire.databricks.UnityCatalogStorageCredentials;
import dev.lakewire.databricks.WorkspaceClients;
import dev.lakewire.local.EventSamples;
import dev.lakewire.local.EventSamples.Schema;
import dev.lakewire.local.InMemoryLedger;
import dev.lakewire.local.LakewireInfra;
import dev.lakewire.local.LocalFunctionHost;
import dev.lakewire.local.LocalRetries;
import dev.lakewire.local.ManualClock;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.local.cloud.RequestStats;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.step.AssignStorageRoles;
import dev.lakewire.onboarding.step.BindMetastore;
import dev.lakewire.onboarding.step.CreateAccessConnector;
import dev.lakewire.onboarding.step.OnboardingStep;
import dev.lakewire.onboarding.step.StepOutcome;
import dev.lakewire.onboarding.worker.Onboarding;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.OnboardingRecord;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One burst of workspaces on a fresh local cloud (ARM's published buckets, no faults), run either
 * by lakewire (the production function classes, steps and adapters on the in-memory Service Bus) or
 * by a naive baseline: the same steps run the way a straightforward script would, one script per
 * workspace, all at once — an SDK long-running-operation poller at its default interval (30 s,
 * azure-resourcemanager's {@code defaultPollInterval}) while something is not ready yet, and the
 * SDK's default retry policy on a 429 (azure-core {@code RetryPolicy}: Retry-After, at most 3
 * retries; then the script fails and is run again from the top a minute later, as a queue
 * redelivery would). Both run on the cloud's virtual clock, so their cloud times compare.
 */
public final class Bench {

  public static final String STORAGE_SUBSCRIPTION = "6d1e7c55-8f3a-4b2e-9c1d-2a7b5e9f0c31";
  static final String METASTORE_WESTEUROPE = "3f9a2c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
  static final String METASTORE_NORTHEUROPE = "8b7c6d5e-4f3a-4b2c-8d1e-0f9a8b7c6d5e";
  private static final String[] REGIONS = {"westeurope", "northeurope"};

  /** The naive script's LRO poll interval (azure-resourcemanager's default). */
  static final Duration SDK_POLL_INTERVAL = Duration.ofSeconds(30);

  /** azure-core's default {@code RetryPolicy}: 3 retries. */
  static final int SDK_MAX_RETRIES = 3;

  /** When the naive script failed, it runs again from the top after this. */
  static final Duration SCRIPT_RERUN = Duration.ofMinutes(1);

  /** Give up a run after this much cloud time. */
  static final Duration MAX_CLOUD_TIME = Duration.ofHours(6);

  /**
   * What a run measured.
   *
   * @param cloudTime virtual time from the burst to the last COMPLETED
   * @param peakHeapBytes the heap's peak during the run (sum of the heap pools' peaks)
   */
  public record Run(
      int workspaces,
      int completed,
      long deadLettered,
      Duration cloudTime,
      RequestStats requests,
      long wallMillis,
      long peakHeapBytes) {}

  private Bench() {}

  static Map<String, String> settings(String storageId, List<String> subscriptions) {
    Map<String, String> settings = new HashMap<>();
    settings.put(OnboardingPolicy.STORAGE_TARGETS, storageId + "=raw,curated");
    settings.put(OnboardingPolicy.STORAGE_ROLES, "Storage Blob Data Contributor");
    settings.put(
        OnboardingPolicy.METASTORES,
        "westeurope=" + METASTORE_WESTEUROPE + ",northeurope=" + METASTORE_NORTHEUROPE);
    settings.put(OnboardingPolicy.ALLOWED_SUBSCRIPTIONS, String.join(",", subscriptions));
    settings.putAll(LocalCloud.lakewireSettings());
    return settings;
  }

  /** The app settings of the cold-start probe ({@link FirstStepProbe}), as infra sets them. */
  public static Map<String, String> probeSettings(String storageId) {
    Map<String, String> settings = settings(storageId, subscriptions(1));
    // the bench's cloud was seeded by LakewireInfra.seed
    settings.put(OnboardingPolicy.LOCATION_LAYOUT, "shared");
    settings.put(
        OnboardingPolicy.SHARED_ACCESS_CONNECTOR,
        LakewireInfra.sharedConnectorId(subscriptions(1).get(0)));
    settings.put(OnboardingPolicy.IDENTITY_PRINCIPAL_ID, LocalCloud.principalIdFor(null));
    return settings;
  }

  static List<String> subscriptions(int count) {
    List<String> out = new ArrayList<>();
    out.add(STORAGE_SUBSCRIPTION);
    for (int i = 1; i < count; i++) {
      out.add(String.format("%08d-0000-4000-8000-%012d", i, i));
    }
    return out;
  }

  private record World(
      ManualClock clock, LocalCloud cloud, List<String> workspaceIds, Map<String, String> settings)
      implements AutoCloseable {
    @Override
    public void close() {
      cloud.close();
    }
  }

  private static World world(int workspaces, int subscriptionCount, CloudOptions base) {
    ManualClock clock = ManualClock.atEpochOfDemo();
    LocalCloud cloud = LocalCloud.start(base.withClock(clock));
    String storage =
        cloud.addStorageAccount(STORAGE_SUBSCRIPTION, "rg-lake", "lakebench", "westeurope", true);
    cloud.addMetastore(METASTORE_WESTEUROPE, "westeurope");
    cloud.addMetastore(METASTORE_NORTHEUROPE, "northeurope");
    // lakewire's identity is an account admin, member of no workspace (as in the demo)
    cloud.addAccountServicePrincipal(LocalCloud.applicationIdFor(null), true);
    List<String> subs = subscriptions(subscriptionCount);
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= workspaces; i++) {
      ids.add(
          cloud.addWorkspace(
              subs.get((i - 1) % subs.size()),
              "rg-analytics",
              String.format("ws-%04d", i),
              REGIONS[(i - 1) % REGIONS.length],
              "Succeeded"));
    }
    Map<String, String> settings = settings(storage, subs);
    // what infra provisions: the shared layout's connector, lakewire's object id (docs/deploy.md)
    settings.putAll(LakewireInfra.seed(cloud, STORAGE_SUBSCRIPTION, "westeurope"));
    return new World(clock, cloud, ids, settings);
  }

  private static void quietLogs() {
    Logger.getLogger("").setLevel(Level.WARNING);
    Logger.getLogger("com.azure").setLevel(Level.SEVERE);
    Logger.getLogger("com.microsoft.aad").setLevel(Level.SEVERE);
    Logger.getLogger("dev.lakewire").setLevel(Level.SEVERE);
  }

  private static void resetPeakHeap() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** lakewire: events → onWorkspaceEvent → the step functions on the in-memory Service Bus. */
  public static Run lakewire(int workspaces, int subscriptionCount, CloudOptions base) {
    quietLogs();
    System.gc();
    resetPeakHeap();
    long wall = System.nanoTime();
    try (World w = world(workspaces, subscriptionCount, base)) {
      Instant start = w.clock().instant();
      OnboardingPolicy policy = OnboardingPolicy.fromSettings(w.settings());
      InMemoryServiceBus bus =
          new InMemoryServiceBus(
              w.clock(), Queues.fromSettings(w.settings()), 10, Duration.ofMinutes(10));
      InMemoryLedger ledger = new InMemoryLedger();
      Onboarding onboarding =
          AzureWiring.forEndpoints(
              AzureWiring.Options.builder()
                  .endpoints(w.cloud().endpoints())
                  .credential(Credentials.create(Credentials.Kind.MANAGED_IDENTITY, null))
                  .queues(bus)
                  .deadLetters(bus)
                  .ledger(ledger)
                  .policy(policy)
                  .clock(w.clock())
                  .retries(LocalRetries.IMMEDIATE)
                  .build());
      quietLogs();
      Logger functions = Logger.getLogger("lakewire.bench.functions");
      functions.setUseParentHandlers(false);
      functions.setLevel(Level.OFF);
      LocalFunctionHost host =
          new LocalFunctionHost(
              onboarding, bus, Queues.reprocessFromSettings(w.settings()), functions);
      List<JsonNode> events = new ArrayList<>();
      for (int i = 0; i < w.workspaceIds().size(); i++) {
        events.add(
            EventSamples.workspaceWrite(
                i % 2 == 0 ? Schema.EVENT_GRID : Schema.CLOUD_EVENTS,
                w.workspaceIds().get(i),
                "evt-" + i,
                "corr-" + i));
        if (events.size() == 10) {
          host.deliverEvent(EventSamples.delivery(events));
          events.clear();
        }
      }
      if (!events.isEmpty()) {
        host.deliverEvent(EventSamples.delivery(events));
      }
      Instant last = start;
      while (true) {
        if (bus.deliverNext()) {
          continue;
        }
        var next = bus.nextScheduled();
        if (next.isEmpty() || next.get().isAfter(start.plus(MAX_CLOUD_TIME))) {
          break;
        }
        w.clock().advanceTo(next.get());
      }
      if (Boolean.getBoolean("lakewire.bench.requests")) {
        w.cloud()
            .requests()
            .forEach(
                r ->
                    System.out.println(
                        r.at() + " " + r.method() + " " + r.status() + " " + r.path()));
      }
      int completed = 0;
      for (OnboardingRecord r : ledger.list()) {
        if (r.status() == OnboardingRecord.Status.COMPLETED) {
          completed++;
          Instant at = r.lastUpdated();
          if (at != null && at.isAfter(last)) {
            last = at;
          }
        }
      }
      return new Run(
          workspaces,
          completed,
          bus.stats().deadLettered(),
          Duration.between(start, last),
          w.cloud().stats(),
          (System.nanoTime() - wall) / 1_000_000,
          peakHeap());
    }
  }

  /** The naive baseline (see the class comment). */
  public static Run baseline(int workspaces, int subscriptionCount, CloudOptions base) {
    quietLogs();
    System.gc();
    resetPeakHeap();
    long wall = System.nanoTime();
    try (World w = world(workspaces, subscriptionCount, base)) {
      Instant start = w.clock().instant();
      OnboardingPolicy policy = OnboardingPolicy.fromSettings(w.settings());
      TokenCredential credential = Credentials.create(Credentials.Kind.MANAGED_IDENTITY, null);
      // the SDK retries 5xx/I/O itself (3 times); on the virtual clock without wall-clock sleeps
      ArmClients arm =
          new ArmClients(
              credential,
              w.cloud().armEndpoint(),
              w.cloud().tenantId(),
              new ArmRetry(3, Duration.ofMillis(1), Duration.ofMillis(1)),
              w.clock(),
              false);
      WorkspaceClients databricks =
          WorkspaceClients.create(
              credential,
              w.clock(),
              3,
              Duration.ZERO,
              LocalCloud.DATABRICKS_DOMAIN,
              w.cloud().databricksTransport());
      AzureWiring.Endpoints endpoints = w.cloud().endpoints();
      AccountClient account =
          databricks.account(
              endpoints.databricksAccountsHost().replaceAll("/+$", ""),
              endpoints.databricksAccountId());
      quietLogs();
      ArmWorkspaces workspacesPort = new ArmWorkspaces(arm);
      ArmAccessConnectors connectors = new ArmAccessConnectors(arm);
      ArmStorageAccounts storageAccounts = new ArmStorageAccounts(arm);
      ArmRoleAssignments roleAssignments = new ArmRoleAssignments(arm);
      List<OnboardingStep> steps =
          List.of(
              new CreateAccessConnector(workspacesPort, connectors, policy, w.clock()),
              new AssignStorageRoles(
                  connectors, storageAccounts, roleAssignments, policy, w.clock()),
              new BindMetastore(
                  workspacesPort,
                  new AccountMetastoreAssignments(account),
                  new AccountWorkspaceMemberships(account, () -> endpoints.applicationId()),
                  new UnityCatalogMetastores(databricks),
                  new UnityCatalogStorageCredentials(databricks),
                  new UnityCatalogExternalLocations(databricks),
                  connectors,
                  storageAccounts,
                  roleAssignments,
                  policy,
                  w.clock()));
      final class Script {
        final WorkspaceRef ref;
        int step;
        int retries;
        Instant at;

        Script(String id, Instant at) {
          this.ref = WorkspaceRef.parse("id", id);
          this.at = at;
        }
      }
      PriorityQueue<Script> due = new PriorityQueue<>((a, b) -> a.at.compareTo(b.at));
      for (String id : w.workspaceIds()) {
        due.add(new Script(id, start));
      }
      int completed = 0;
      Instant last = start;
      while (!due.isEmpty()) {
        Script s = due.poll();
        if (s.at.isAfter(start.plus(MAX_CLOUD_TIME))) {
          break;
        }
        if (s.at.isAfter(w.clock().instant())) {
          w.clock().advanceTo(s.at);
        }
        Instant now = w.clock().instant();
        OnboardingStep step = steps.get(s.step);
        // a script knows nothing between its calls: every run starts from a bare message
        StepMessage m = StepMessage.first(s.ref, step.step(), "baseline", "baseline", 0);
        try {
          StepOutcome o = step.reconcile(m);
          if (Boolean.getBoolean("lakewire.bench.requests")) {
            System.out.println(now + " " + s.ref.name() + " " + step.step() + " " + o);
          }
          s.retries = 0;
          if (o instanceof StepOutcome.Advance) {
            s.step++;
            if (s.step == steps.size()) {
              completed++;
              last = now;
              continue;
            }
            s.at = now;
          } else if (o instanceof StepOutcome.RecheckAfter) {
            s.at = now.plus(SDK_POLL_INTERVAL);
          } else {
            // a permanent failure: the script would stop; none are expected here
            continue;
          }
        } catch (CloudFailure.Throttled e) {
          if (s.retries < SDK_MAX_RETRIES) {
            s.retries++;
            s.at = now.plus(e.retryAfter());
          } else {
            s.retries = 0;
            s.step = 0;
            s.at = now.plus(SCRIPT_RERUN);
          }
        } catch (RuntimeException e) {
          if (Boolean.getBoolean("lakewire.bench.requests")) {
            System.out.println(now + " " + s.ref.name() + " " + step.step() + " " + e);
          }
          // PrincipalNotFound, 5xx after the SDK's retries: the script fails, runs again later
          s.retries = 0;
          s.step = 0;
          s.at = now.plus(SCRIPT_RERUN);
        }
        due.add(s);
      }
      return new Run(
          workspaces,
          completed,
          0,
          Duration.between(start, last),
          w.cloud().stats(),
          (System.nanoTime() - wall) / 1_000_000,
          peakHeap());
    }
  }
}

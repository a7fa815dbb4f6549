package dev.lakewire.testing;

import dev.lakewire.local.InMemoryLedger;
import dev.lakewire.local.LocalFunctionHost;
import dev.lakewire.local.ManualClock;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.worker.Onboarding;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A whole lakewire in memory for tests: fake cloud, in-memory bus with Service Bus semantics,
 * in-memory ledger, a manual clock, and the function classes bound to the bus.
 */
public final class TestWorld {

  public static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
  public static final String STORAGE =
      "/subscriptions/"
          + SUBSCRIPTION
          + "/resourceGroups/rg-lake/providers/Microsoft.Storage/storageAccounts/lake";
  public static final String METASTORE = "11111111-2222-3333-4444-555555555555";

  /** The shared Access Connector infra provisions for the {@code shared} location layout. */
  public static final String SHARED_CONNECTOR =
      "/subscriptions/"
          + SUBSCRIPTION
          + "/resourceGroups/rg-lakewire/providers/Microsoft.Databricks/accessConnectors/"
          + "lakewire-shared-uc";

  /** lakewire's own object id. */
  public static final String SELF = "0f0f0f0f-1111-2222-3333-444444444444";

  public final ManualClock clock = ManualClock.atEpochOfDemo();
  public final FakeCloud cloud = new FakeCloud(clock);
  public final InMemoryLedger ledger = new InMemoryLedger();

  /** Where the outcome events go. */
  public final FakeEventTopic events = new FakeEventTopic();

  public final InMemoryServiceBus bus;
  public final Onboarding onboarding;
  public final LocalFunctionHost host;
  private final AtomicInteger ids = new AtomicInteger();

  public TestWorld() {
    this(Map.of());
  }

  public TestWorld(Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>(defaultSettings());
    settings.putAll(overrides);
    bus = new InMemoryServiceBus(clock, Queues.fromSettings(settings), 10, Duration.ofMinutes(10));
    onboarding =
        Onboarding.builder()
            .workspaces(cloud.workspaces())
            .accessConnectors(cloud.accessConnectors())
            .storageAccounts(cloud.storageAccounts())
            .roleAssignments(cloud.roleAssignmentsPort())
            .metastoreAssignments(cloud.metastoreAssignmentsPort())
            .workspaceMemberships(cloud.workspaceMembershipsPort())
            .workspaceMetastores(cloud.workspaceMetastoresPort())
            .storageCredentials(cloud.storageCredentialsPort())
            .externalLocations(cloud.externalLocationsPort())
            .accessConnectorDeletions(cloud.accessConnectorDeletionsPort())
            .roleAssignmentDeletions(cloud.roleAssignmentDeletionsPort())
            .catalogDeletions(cloud.catalogDeletionsPort())
            .messages(bus)
            .deadLetters(bus)
            .ledger(ledger)
            .policy(OnboardingPolicy.fromSettings(settings))
            .resourceEvents(new dev.lakewire.azure.EventGridDeliveries())
            .eventTopic(events)
            .clock(clock)
            .random(new Random(7))
            .ids(() -> "id-" + ids.incrementAndGet())
            .build();
    host =
        new LocalFunctionHost(
            onboarding, bus, Queues.reprocessFromSettings(settings), Logger.getLogger("test"));
    cloud.addStorageAccount(STORAGE, true);
    cloud.addReadyConnector(SHARED_CONNECTOR, "westeurope");
  }

  public static Map<String, String> defaultSettings() {
    return Map.of(
        OnboardingPolicy.STORAGE_TARGETS,
        STORAGE + "=raw,curated",
        OnboardingPolicy.STORAGE_ROLES,
        "Storage Blob Data Contributor",
        OnboardingPolicy.METASTORES,
        "westeurope=" + METASTORE,
        OnboardingPolicy.SHARED_ACCESS_CONNECTOR,
        SHARED_CONNECTOR,
        OnboardingPolicy.IDENTITY_PRINCIPAL_ID,
        SELF);
  }

  public static String workspaceId(String name) {
    return "/subscriptions/"
        + SUBSCRIPTION
        + "/resourceGroups/rg-data/providers/Microsoft.Databricks/workspaces/"
        + name;
  }

  /** Delivers every message, moving the clock over scheduled re-checks (at most one day). */
  public int drain() {
    return bus.runUntilIdle(clock, Duration.ofDays(1));
  }
}

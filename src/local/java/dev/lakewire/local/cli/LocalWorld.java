package dev.lakewire.local.cli;

import dev.lakewire.local.InMemoryLedger;
import dev.lakewire.local.LakewireInfra;
import dev.lakewire.local.ManualClock;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The local cloud {@code --local} commands act on: the demo's lake (storage account {@code
 * lakedemo} with {@code raw} and {@code curated}, what infra provisions, the westeurope metastore,
 * lakewire an account admin) and {@value #WORKSPACES} workspaces {@code ws-001} … in resource group
 * {@code rg-analytics} of subscription {@value #SUBSCRIPTION}, none of them wired, on a virtual
 * clock and an in-memory ledger. It lives as long as the command (or the test) that started it.
 */
public final class LocalWorld implements AutoCloseable {

  public static final String SUBSCRIPTION = "6d1e7c55-8f3a-4b2e-9c1d-2a7b5e9f0c31";
  public static final String METASTORE = "3f9a2c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
  public static final int WORKSPACES = 3;

  private final LocalCloud cloud;
  private final ManualClock clock;
  private final InMemoryLedger ledger = new InMemoryLedger();
  private final Map<String, String> settings;
  private final List<String> workspaces = new ArrayList<>();

  private LocalWorld(LocalCloud cloud, ManualClock clock, Map<String, String> settings) {
    this.cloud = cloud;
    this.clock = clock;
    this.settings = settings;
  }

  /** Starts a local cloud and seeds it. */
  public static LocalWorld start() {
    ManualClock clock = ManualClock.atEpochOfDemo();
    LocalCloud cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock));
    try {
      String storage =
          cloud.addStorageAccount(SUBSCRIPTION, "rg-lake", "lakedemo", "westeurope", true);
      Map<String, String> infra = LakewireInfra.seed(cloud, SUBSCRIPTION, "westeurope");
      cloud.addMetastore(METASTORE, "westeurope");
      cloud.addAccountServicePrincipal(LocalCloud.applicationIdFor(null), true);
      Map<String, String> settings = new HashMap<>();
      settings.put(OnboardingPolicy.STORAGE_TARGETS, storage + "=raw,curated");
      settings.put(OnboardingPolicy.STORAGE_ROLES, "Storage Blob Data Contributor");
      settings.put(OnboardingPolicy.METASTORES, "westeurope=" + METASTORE);
      settings.put(OnboardingPolicy.ALLOWED_SUBSCRIPTIONS, SUBSCRIPTION);
      settings.putAll(LocalCloud.lakewireSettings());
      settings.putAll(infra);
      LocalWorld world = new LocalWorld(cloud, clock, settings);
      for (int i = 1; i <= WORKSPACES; i++) {
        world.workspaces.add(
            cloud.addWorkspace(
                SUBSCRIPTION,
                "rg-analytics",
                String.format("ws-%03d", i),
                "westeurope",
                "Succeeded"));
      }
      return world;
    } catch (RuntimeException e) {
      cloud.close();
      throw e;
    }
  }

  public LocalCloud cloud() {
    return cloud;
  }

  public ManualClock clock() {
    return clock;
  }

  public InMemoryLedger ledger() {
    return ledger;
  }

  /** The app settings lakewire runs with here. */
  public Map<String, String> settings() {
    return Map.copyOf(settings);
  }

  /** Sets an app setting for what runs here next (a policy setting in a test). */
  public void set(String setting, String value) {
    settings.put(setting, value);
  }

  /** The ARM ids of the seeded workspaces, {@code ws-001} first. */
  public List<String> workspaces() {
    return List.copyOf(workspaces);
  }

  @Override
  public void close() {
    cloud.close();
  }
}

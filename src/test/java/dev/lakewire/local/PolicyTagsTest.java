package dev.lakewire.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.local.cloud.LoggedRequest;
import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.BuiltInRole;
import dev.lakewire.onboarding.policy.TagPolicy;
import dev.lakewire.onboarding.worker.Onboarding;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.OnboardingRecord.Status;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Policy by tags, end to end through the production adapters against the local cloud, whose ARM
 * returns a workspace's {@code tags} object as ARM does: {@code lakewire:skip} writes nothing,
 * overrides land where the tags say (within the settings' allow-lists), and a value outside them
 * fails naming the tag with nothing written.
 */
class PolicyTagsTest {

  private static final String SUB = "44444444-4444-4444-4444-444444444444";
  private static final String WEU = "44444444-aaaa-4aaa-8aaa-000000000001";
  private static final String WEU_FINANCE = "44444444-aaaa-4aaa-8aaa-000000000002";
  private static final String READER = BuiltInRole.STORAGE_BLOB_DATA_READER.guid();
  private static final String CONTRIBUTOR_DATA = BuiltInRole.STORAGE_BLOB_DATA_CONTRIBUTOR.guid();

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final LocalCloud cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock));
  private final String lake = cloud.addStorageAccount(SUB, "rg-lake", "stlake", "westeurope", true);
  private final String finance =
      cloud.addStorageAccount(SUB, "rg-lake", "stfinance", "westeurope", true);
  private final String stranger =
      cloud.addStorageAccount(SUB, "rg-other", "ststranger", "westeurope", true);
  private final Map<String, String> infra = LakewireInfra.seed(cloud, SUB, "westeurope");
  private final InMemoryLedger ledger = new InMemoryLedger();
  private InMemoryServiceBus bus;
  private Onboarding onboarding;

  PolicyTagsTest() {
    cloud.addAccountServicePrincipal(LocalCloud.applicationIdFor(null), true);
    cloud.addMetastore(WEU, "westeurope");
    cloud.addMetastore(WEU_FINANCE, "westeurope");
    Map<String, String> settings =
        LocalChain.settings(
            infra,
            lake + "=raw,curated",
            "westeurope=" + WEU,
            Map.of(
                TagPolicy.TAG_STORAGE, finance + "=gold,silver",
                TagPolicy.TAG_ROLES, "Storage Blob Data Reader",
                TagPolicy.TAG_METASTORES, "westeurope=" + WEU_FINANCE));
    LocalChain chain = LocalChain.wire(cloud, clock, ledger, settings).deliveringSteps();
    bus = chain.bus();
    onboarding = chain.onboarding();
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private String workspace(String name, Map<String, String> tags) {
    String id = cloud.addWorkspace(SUB, "rg-" + name, name, "westeurope", "Succeeded");
    cloud.setWorkspaceTags(id, tags);
    return id;
  }

  private OnboardingRecord onboard(String id) {
    onboarding.kickoff().start("application/json", "{\"workspaceResourceId\":\"" + id + "\"}");
    bus.runUntilIdle(clock, Duration.ofHours(3));
    return ledger.find(id).orElseThrow();
  }

  /** Every request that could change something, to ARM or Databricks (token requests aside). */
  private List<LoggedRequest> writes() {
    return cloud.requests().stream()
        .filter(r -> !r.method().equals("GET") && !r.method().equals("HEAD"))
        .filter(r -> !r.path().toLowerCase(Locale.ROOT).contains("token"))
        .toList();
  }

  private String connectorPrincipal(String workspaceId) {
    return cloud
        .accessConnectorPrincipal(
            Names.accessConnectorId(WorkspaceRef.parse("id", workspaceId), "-uc"))
        .orElseThrow();
  }

  @Test
  void aWorkspaceTaggedSkipIsSkippedWithNothingWrittenAnywhere() {
    // ARM tag names are case-insensitive: LakeWire:Skip is lakewire:skip
    String ws = workspace("ws-sandbox", Map.of("LakeWire:Skip", "true", "owner", "team-a"));

    OnboardingRecord r = onboard(ws);

    assertThat(r.status()).isEqualTo(Status.SKIPPED);
    assertThat(r.lastError()).contains("LakeWire:Skip=true");
    assertThat(writes()).as("no ARM or Databricks write at all").isEmpty();
    assertThat(cloud.counts().accessConnectors()).isEqualTo(LakewireInfra.ACCESS_CONNECTORS);
    assertThat(cloud.counts().roleAssignments()).isEqualTo(LakewireInfra.ROLE_ASSIGNMENTS);
    assertThat(cloud.assignedMetastore(ws)).isEmpty();
    assertThat(bus.stats().deadLettered()).as("a skip is not a failure").isZero();
  }

  @Test
  void overrideTagsPutTheRolesOnTheChosenStorageAndBindTheChosenMetastore() {
    String ws =
        workspace(
            "ws-finance",
            Map.of(
                "lakewire:storage", "stfinance",
                "lakewire:containers", "gold",
                "lakewire:metastore", WEU_FINANCE.toUpperCase(Locale.ROOT),
                "lakewire:roles", "Storage Blob Data Reader"));

    OnboardingRecord r = onboard(ws);

    assertThat(r.status()).as(r.lastError()).isEqualTo(Status.COMPLETED);
    assertThat(writes()).as("the request log does see writes").isNotEmpty();
    String principal = connectorPrincipal(ws);
    String gold = finance + "/blobServices/default/containers/gold";
    assertThat(cloud.hasRoleAssignment(gold, principal, CONTRIBUTOR_DATA)).isTrue();
    assertThat(cloud.hasRoleAssignment(gold, principal, READER)).isTrue();
    assertThat(
            cloud.hasRoleAssignment(
                lake + "/blobServices/default/containers/raw", principal, CONTRIBUTOR_DATA))
        .as("not the configured default storage")
        .isFalse();
    assertThat(
            cloud.hasRoleAssignment(
                finance + "/blobServices/default/containers/silver", principal, CONTRIBUTOR_DATA))
        .as("only the container the tag chose")
        .isFalse();
    assertThat(cloud.assignedMetastore(ws)).contains(WEU_FINANCE);
    assertThat(cloud.externalLocations(WEU_FINANCE).values())
        .anySatisfy(url -> assertThat(url).contains("gold@stfinance"));
    String shared = cloud.accessConnectorPrincipal(LakewireInfra.sharedConnectorId(SUB)).get();
    assertThat(cloud.hasRoleAssignment(gold, shared, READER))
        .as("a workspace's extra role never widens the shared connector")
        .isFalse();
  }

  @Test
  void aStorageAccountOutsideTheAllowListFailsNamingTheTagAndWritesNothing() {
    String ws = workspace("ws-rogue", Map.of("lakewire:storage", "ststranger"));

    OnboardingRecord r = onboard(ws);

    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.lastError()).contains("lakewire:storage").contains("ststranger");
    assertThat(writes()).isEmpty();
    assertThat(cloud.counts().accessConnectors()).isEqualTo(LakewireInfra.ACCESS_CONNECTORS);
    assertThat(cloud.hasRoleAssignment(stranger, LocalCloud.principalIdFor(null), READER))
        .isFalse();
  }

  @Test
  void aContainerTheAllowListDoesNotNameFailsWithNothingWritten() {
    String ws =
        workspace(
            "ws-rogue", Map.of("lakewire:storage", finance, "lakewire:containers", "payroll"));

    OnboardingRecord r = onboard(ws);

    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.lastError()).contains("lakewire:containers").contains("'payroll'");
    assertThat(writes()).isEmpty();
  }

  @Test
  void aRoleOrMetastoreOutsideTheSettingsFailsNamingTheTag() {
    String roles = workspace("ws-owner", Map.of("lakewire:roles", "Storage Blob Data Owner"));
    String metastore =
        workspace("ws-meta", Map.of("lakewire:metastore", "44444444-aaaa-4aaa-8aaa-00000000dead"));

    assertThat(onboard(roles).lastError()).contains("lakewire:roles");
    assertThat(onboard(metastore).lastError()).contains("lakewire:metastore").contains("dead");
    assertThat(writes()).isEmpty();
  }

  @Test
  void anUnknownLakewireTagFailsRatherThanBeingIgnored() {
    String ws = workspace("ws-typo", Map.of("lakewire:skp", "true"));

    OnboardingRecord r = onboard(ws);

    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.lastError()).contains("lakewire:skp").contains("not a lakewire policy tag");
    assertThat(writes()).isEmpty();
  }

  @Test
  void theLocalArmRefusesTagsBeyondArmsLimits() {
    String ws = cloud.addWorkspace(SUB, "rg-x", "ws-x", "westeurope", "Succeeded");
    Map<String, String> tooMany = new HashMap<>();
    for (int i = 0; i < 51; i++) {
      tooMany.put("t" + i, "v");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cloud.setWorkspaceTags(ws, tooMany))
        .hasMessageContaining("50");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> cloud.setWorkspaceTags(ws, Map.of("lakewire:storage", "x".repeat(257))))
        .hasMessageContaining("256");
  }
}

package dev.lakewire.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.identity.ManagedIdentityCredentialBuilder;
import dev.lakewire.azure.ArmAccessConnectors;
import dev.lakewire.azure.ArmClients;
import dev.lakewire.local.EventSamples.Schema;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.step.ConnectorOwnership;
import dev.lakewire.ports.AccessConnectorSpec;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.OnboardingRecord.Status;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Access connector takeover (issue 10 item 1), through the real ARM adapters against the local
 * cloud: someone who may create resources in the workspace's resource group creates the connector
 * under lakewire's deterministic name first, with an identity of their own. lakewire must grant it
 * nothing, fail the workspace with a reason naming the connector, and leave it as it is.
 */
class ConnectorTakeoverTest {

  private static final String SUB = "33333333-3333-3333-3333-333333333333";
  private static final String METASTORE = "33333333-aaaa-4aaa-8aaa-000000000001";
  private static final String RG = "rg-data";
  private static final String BLOB_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final LocalCloud cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock));

  {
    // lakewire is an account admin of the Databricks account (docs/deploy.md, prerequisites)
    cloud.addAccountServicePrincipal(LocalCloud.applicationIdFor(null), true);
  }

  private final String storage =
      cloud.addStorageAccount(SUB, "rg-lake", "stlake", "westeurope", true);
  private final ArmAccessConnectors arm =
      new ArmAccessConnectors(
          new ArmClients(
              new ManagedIdentityCredentialBuilder().build(), cloud.armEndpoint(), clock));
  private final InMemoryLedger ledger = new InMemoryLedger();
  private InMemoryServiceBus bus;
  private LocalFunctionHost host;

  @AfterEach
  void stop() {
    cloud.close();
  }

  private void wire(String connectorIdentity) {
    cloud.addMetastore(METASTORE, "westeurope");
    Map<String, String> settings = new HashMap<>();
    settings.put(OnboardingPolicy.STORAGE_TARGETS, storage + "=raw");
    settings.put(OnboardingPolicy.METASTORES, "westeurope=" + METASTORE);
    settings.putAll(LocalCloud.lakewireSettings());
    settings.putAll(LakewireInfra.seed(cloud, SUB, "westeurope"));
    if (connectorIdentity != null) {
      settings.put(OnboardingPolicy.CONNECTOR_IDENTITY, connectorIdentity);
    }
    bus = new InMemoryServiceBus(clock, Queues.fromSettings(settings), 10, Duration.ofMinutes(10));
    host = LocalFunctionHost.onAdapters(cloud.endpoints(), bus, ledger, settings, clock);
  }

  private OnboardingRecord onboard(String ws) {
    host.deliverEvent(
        EventSamples.delivery(
            List.of(EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e-1", "c-1"))));
    bus.runUntilIdle(clock, Duration.ofHours(2));
    return ledger.find(ws).orElseThrow();
  }

  /** The attacker's connector, created through ARM like anyone with write on the group would. */
  private String preCreate(String workspaceName, String identity, Map<String, String> tags) {
    String id = connectorOf(workspaceName);
    arm.create(new AccessConnectorSpec(id, "westeurope", identity, tags));
    clock.advance(Duration.ofMinutes(1));
    return id;
  }

  private List<String> roleAssignmentPuts() {
    return cloud.requests().stream()
        .filter(r -> r.method().equals("PUT") && r.path().contains("roleAssignments"))
        .map(r -> r.path())
        .toList();
  }

  @Test
  void aConnectorPreCreatedWithAForeignIdentityIsRefusedAndGrantedNothing() {
    wire(null);
    String ws = cloud.addWorkspace(SUB, RG, "ws-sales", "westeurope", "Succeeded");
    String foreign = preCreate("ws-sales", uami("id-attacker"), Map.of());

    OnboardingRecord r = onboard(ws);

    assertThat(cloud.counts().roleAssignments()).isEqualTo(LakewireInfra.ROLE_ASSIGNMENTS);
    assertThat(roleAssignmentPuts()).isEmpty();
    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.lastError()).containsIgnoringCase(foreign).contains("not lakewire's");
    assertThat(
            cloud.requests().stream()
                .filter(q -> q.method().equals("PUT") && q.path().contains("accessConnectors")))
        .as("only the attacker's own PUT: lakewire never overwrites it")
        .hasSize(1);
    assertThat(cloud.counts().metastoreAssignments()).isZero();
  }

  @Test
  void forgedTagsDoNotMakeAForeignIdentityLakewires() {
    wire(null);
    String ws = cloud.addWorkspace(SUB, RG, "ws-sales", "westeurope", "Succeeded");
    String foreign =
        preCreate(
            "ws-sales",
            uami("id-attacker"),
            Map.of("lakewire:workspace", ws, "lakewire:managed", "true"));

    OnboardingRecord r = onboard(ws);

    assertThat(cloud.counts().roleAssignments()).isEqualTo(LakewireInfra.ROLE_ASSIGNMENTS);
    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.lastError())
        .containsIgnoringCase(foreign)
        .contains("not exactly the configured SystemAssigned identity");
  }

  @Test
  void aSystemAssignedConnectorTaggedForAnotherWorkspaceIsRefused() {
    wire(null);
    String ws = cloud.addWorkspace(SUB, RG, "ws-sales", "westeurope", "Succeeded");
    String other = ws.replace("ws-sales", "ws-other");
    String foreign =
        preCreate(
            "ws-sales", null, Map.of("lakewire:workspace", other, "lakewire:managed", "true"));

    OnboardingRecord r = onboard(ws);

    assertThat(cloud.counts().roleAssignments()).isEqualTo(LakewireInfra.ROLE_ASSIGNMENTS);
    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.lastError()).containsIgnoringCase(foreign).contains("do not name workspace");
  }

  @Test
  void aConnectorWithAnotherUserAssignedIdentityThanTheConfiguredOneIsRefused() {
    String mine = uami("id-lakewire-uc");
    wire(mine);
    String ws = cloud.addWorkspace(SUB, RG, "ws-sales", "westeurope", "Succeeded");
    // lakewire's tags, someone else's identity: the old adapter granted to "the first
    // user-assigned identity" it found
    String id =
        preCreate(
            "ws-sales",
            uami("id-attacker"),
            Map.of("lakewire:workspace", ws, "lakewire:managed", "true"));

    OnboardingRecord r = onboard(ws);

    assertThat(cloud.counts().roleAssignments()).isEqualTo(LakewireInfra.ROLE_ASSIGNMENTS);
    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.lastError()).containsIgnoringCase(id).contains(mine);
  }

  @Test
  void withAUserAssignedIdentityTheRolesGoToExactlyThatIdentity() {
    String mine = uami("id-lakewire-uc");
    wire(mine);
    String ws = cloud.addWorkspace(SUB, RG, "ws-sales", "westeurope", "Succeeded");

    OnboardingRecord r = onboard(ws);

    assertThat(r.status()).isEqualTo(Status.COMPLETED);
    // the connector's data role, lakewire's Contributor on the connector, the shared connector's
    // data role, and infra's
    assertThat(cloud.counts().roleAssignments())
        .isEqualTo(1 + 1 + 1 + LakewireInfra.ROLE_ASSIGNMENTS);
    assertThat(
            cloud.hasRoleAssignment(
                storage + "/blobServices/default/containers/raw",
                LocalCloud.principalIdFor(mine),
                BLOB_CONTRIBUTOR))
        .isTrue();
  }

  @Test
  void aWorkspaceIdLongerThanATagValueStillGetsItsConnectorAndIsRecognisedOnTheNextRun() {
    wire(null);
    String rg = "rg-" + "d".repeat(87);
    String name = "ws-" + "s".repeat(61);
    String ws = cloud.addWorkspace(SUB, rg, name, "westeurope", "Succeeded");
    assertThat(ws.length()).isGreaterThan(256);

    OnboardingRecord first = onboard(ws);

    assertThat(first.status()).as(String.valueOf(first.lastError())).isEqualTo(Status.COMPLETED);
    assertThat(cloud.counts().accessConnectors()).isEqualTo(1 + LakewireInfra.ACCESS_CONNECTORS);
    // the connector's data role, lakewire's Contributor on the connector, the shared connector's
    // data role, and infra's
    assertThat(cloud.counts().roleAssignments())
        .isEqualTo(1 + 1 + 1 + LakewireInfra.ROLE_ASSIGNMENTS);
    // every tag value lakewire wrote fits Azure's limit
    assertThat(
            cloud.requests().stream()
                .filter(q -> q.method().equals("PUT") && q.path().contains("accessConnectors")))
        .allSatisfy(q -> assertThat(q.status()).isBetween(200, 201));

    // a second delivery finds its own connector by the hash tag: nothing new, nothing refused
    bus.sendTo(Queues.REPROCESS_DEFAULT, "rp-1", "{\"workspaceResourceId\":\"" + ws + "\"}", null);
    bus.runUntilIdle(clock, Duration.ofHours(1));
    assertThat(ledger.find(ws).orElseThrow().status()).isEqualTo(Status.COMPLETED);
    assertThat(cloud.counts().accessConnectors()).isEqualTo(1 + LakewireInfra.ACCESS_CONNECTORS);
  }

  private static String uami(String name) {
    return "/subscriptions/"
        + SUB
        + "/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/"
        + "userAssignedIdentities/"
        + name;
  }

  private static String connectorOf(String workspaceName) {
    return "/subscriptions/"
        + SUB
        + "/resourceGroups/"
        + RG
        + "/providers/Microsoft.Databricks/accessConnectors/"
        + workspaceName
        + "-uc";
  }

  @Test
  void aConnectorWhoseLakewireTagsWereRemovedOrChangedGetsThemBackAndKeepsItsOtherTags() {
    wire(null);
    String ws = cloud.addWorkspace(SUB, RG, "ws-sales", "westeurope", "Succeeded");
    Map<String, String> drifted =
        new HashMap<>(ConnectorOwnership.tagsFor(WorkspaceRef.parse("workspace", ws)));
    drifted.remove(ConnectorOwnership.TAG_WORKSPACE_SHA256);
    drifted.put(ConnectorOwnership.TAG_MANAGED, "false");
    drifted.put("costcenter", "4711");
    String id = preCreate("ws-sales", null, drifted);

    OnboardingRecord r = onboard(ws);

    assertThat(r.status()).isEqualTo(Status.COMPLETED);
    assertThat(arm.find(id).orElseThrow().tags())
        .containsAllEntriesOf(ConnectorOwnership.tagsFor(WorkspaceRef.parse("workspace", ws)))
        .containsEntry("costcenter", "4711");
    assertThat(
            cloud.requests().stream()
                .filter(
                    q ->
                        q.method().equals("PUT")
                            && q.path().endsWith("accessConnectors/ws-sales-uc")))
        .as("the pre-created connector's PUT and lakewire's one correcting PUT")
        .hasSize(2);
  }

  @Test
  void aConnectorOfTheConfiguredUserAssignedIdentityWithoutAnyTagIsLakewiresAndRetagged() {
    String mine = uami("id-lakewire-uc");
    wire(mine);
    String ws = cloud.addWorkspace(SUB, RG, "ws-sales", "westeurope", "Succeeded");
    String id = preCreate("ws-sales", mine, Map.of());

    OnboardingRecord r = onboard(ws);

    assertThat(r.status()).isEqualTo(Status.COMPLETED);
    assertThat(arm.find(id).orElseThrow().tag(ConnectorOwnership.TAG_MANAGED)).isEqualTo("true");
  }

  @Test
  void aSystemAssignedConnectorWithoutAnyWorkspaceTagIsRefusedAndLeftAsItIs() {
    wire(null);
    String ws = cloud.addWorkspace(SUB, RG, "ws-sales", "westeurope", "Succeeded");
    String id = preCreate("ws-sales", null, Map.of("costcenter", "4711"));

    OnboardingRecord r = onboard(ws);

    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.lastError()).containsIgnoringCase(id).contains("none of the tags");
    assertThat(arm.find(id).orElseThrow().tags()).isEqualTo(Map.of("costcenter", "4711"));
  }
}

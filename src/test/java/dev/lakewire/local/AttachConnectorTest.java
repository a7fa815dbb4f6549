package dev.lakewire.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.worker.Onboarding;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.OnboardingRecord.Status;
import dev.lakewire.ports.Step;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code LAKEWIRE_ATTACH_CONNECTOR}: step 3 attaches the workspace's connector ({@code
 * properties.accessConnector}) by a read-modify-write PUT of the workspace, re-checks while the
 * local cloud keeps the workspace {@code Updating} (a long-running update), never overwrites
 * another connector, and does nothing when off (the default).
 */
class AttachConnectorTest {

  private static final String SUB = "55555555-5555-5555-5555-555555555555";
  private static final String WEU = "55555555-aaaa-4aaa-8aaa-000000000001";

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final LocalCloud cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock));
  private final String lake = cloud.addStorageAccount(SUB, "rg-lake", "stlake", "westeurope", true);
  private final Map<String, String> infra = LakewireInfra.seed(cloud, SUB, "westeurope");
  private final InMemoryLedger ledger = new InMemoryLedger();
  private InMemoryServiceBus bus;
  private Onboarding onboarding;

  AttachConnectorTest() {
    cloud.addAccountServicePrincipal(LocalCloud.applicationIdFor(null), true);
    cloud.addMetastore(WEU, "westeurope");
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private void wire(String attach) {
    Map<String, String> settings =
        LocalChain.settings(
            infra,
            lake + "=raw",
            "westeurope=" + WEU,
            attach == null ? Map.of() : Map.of(OnboardingPolicy.ATTACH_CONNECTOR, attach));
    LocalChain chain = LocalChain.wire(cloud, clock, ledger, settings).deliveringSteps();
    bus = chain.bus();
    onboarding = chain.onboarding();
  }

  private OnboardingRecord onboard(String id) {
    onboarding.kickoff().start("application/json", "{\"workspaceResourceId\":\"" + id + "\"}");
    bus.runUntilIdle(clock, Duration.ofHours(3));
    return ledger.find(id).orElseThrow();
  }

  private long workspacePuts(String workspaceId) {
    return cloud.requests().stream()
        .filter(r -> r.method().equals("PUT") && r.path().equalsIgnoreCase(workspaceId))
        .count();
  }

  private static String connectorOf(String workspaceId) {
    return Names.accessConnectorId(WorkspaceRef.parse("id", workspaceId), "-uc");
  }

  @Test
  void attachOnSetsTheWorkspacesAccessConnectorWaitingOutTheUpdate() {
    wire("true");
    String ws = cloud.addWorkspace(SUB, "rg-a", "ws-attach", "westeurope", "Succeeded");

    OnboardingRecord r = onboard(ws);

    assertThat(r.status()).as(r.lastError()).isEqualTo(Status.COMPLETED);
    assertThat(cloud.workspaceAccessConnector(ws))
        .hasValueSatisfying(id -> assertThat(id).isEqualToIgnoringCase(connectorOf(ws)));
    assertThat(workspacePuts(ws)).as("one read-modify-write PUT").isEqualTo(1);
    assertThat(r.stepAttempts().get(Step.BIND_METASTORE.name()))
        .as("re-checked while the workspace was Updating, never blocked")
        .isGreaterThan(2);
  }

  @Test
  void attachingTwiceIsHarmless() {
    wire("true");
    String ws = cloud.addWorkspace(SUB, "rg-a", "ws-attach", "westeurope", "Succeeded");
    onboard(ws);

    OnboardingRecord again = onboard(ws);

    assertThat(again.status()).isEqualTo(Status.COMPLETED);
    assertThat(again.run()).isEqualTo(2);
    assertThat(workspacePuts(ws)).isEqualTo(1);
    assertThat(cloud.workspaceAccessConnector(ws))
        .hasValueSatisfying(id -> assertThat(id).isEqualToIgnoringCase(connectorOf(ws)));
  }

  @Test
  void aWorkspaceAttachedToAnotherConnectorFailsNamingBothAndIsNotOverwritten() {
    wire("true");
    String ws = cloud.addWorkspace(SUB, "rg-a", "ws-taken", "westeurope", "Succeeded");
    String other = cloud.addAccessConnector(SUB, "rg-a", "someone-elses", "westeurope");
    cloud.setWorkspaceAccessConnector(ws, other);

    OnboardingRecord r = onboard(ws);

    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.step()).isEqualTo(Step.BIND_METASTORE);
    assertThat(r.lastError()).contains(other).containsIgnoringCase(connectorOf(ws));
    assertThat(workspacePuts(ws)).isZero();
    assertThat(cloud.workspaceAccessConnector(ws)).contains(other);
    assertThat(cloud.assignedMetastore(ws)).as("decided before binding").isEmpty();
  }

  @Test
  void offByDefaultTheWorkspaceIsNeverWritten() {
    wire(null);
    String ws = cloud.addWorkspace(SUB, "rg-a", "ws-plain", "westeurope", "Succeeded");

    OnboardingRecord r = onboard(ws);

    assertThat(r.status()).isEqualTo(Status.COMPLETED);
    assertThat(workspacePuts(ws)).isZero();
    assertThat(cloud.workspaceAccessConnector(ws)).isEmpty();
  }
}

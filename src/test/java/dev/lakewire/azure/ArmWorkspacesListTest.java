package dev.lakewire.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.ManualClock;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.ports.Workspace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ArmWorkspaces#list}: ARM's list by subscription, every page, on the local cloud. */
class ArmWorkspacesListTest {

  private static final String SUB_A = "aaaaaaaa-1111-4111-8111-111111111111";
  private static final String SUB_B = "bbbbbbbb-2222-4222-8222-222222222222";

  @Test
  void listsEveryWorkspaceOfTheSubscriptionAcrossPagesAndNoOther() {
    ManualClock clock = ManualClock.atEpochOfDemo();
    try (LocalCloud cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock))) {
      for (int i = 1; i <= 5; i++) {
        cloud.addWorkspace(
            SUB_A, "rg-a", "ws-" + i, "westeurope", i == 5 ? "Updating" : "Succeeded");
      }
      String other = cloud.addWorkspace(SUB_B, "rg-b", "ws-b", "northeurope", "Succeeded");
      cloud.setWorkspaceListPageSize(2);
      ArmWorkspaces workspaces =
          new ArmWorkspaces(
              new ArmClients(LocalCloud.tokenCredential(null), cloud.armEndpoint(), clock));

      List<Workspace> a = workspaces.list(SUB_A);
      List<Workspace> b = workspaces.list(SUB_B);

      assertThat(a)
          .extracting(Workspace::name)
          .containsExactly("ws-1", "ws-2", "ws-3", "ws-4", "ws-5");
      assertThat(a.get(4).provisioningState()).isEqualTo("Updating");
      assertThat(a.get(0).location()).isEqualTo("westeurope");
      assertThat(a.get(0).workspaceUrl()).startsWith("adb-");
      assertThat(a.get(0).workspaceId()).isNotBlank();
      assertThat(b).extracting(Workspace::id).containsExactly(other);
      // 5 workspaces in pages of 2: three reads, the later two by nextLink ($skiptoken)
      assertThat(cloud.requests())
          .filteredOn(r -> r.path().endsWith("/providers/Microsoft.Databricks/workspaces"))
          .hasSize(4);
    }
  }

  @Test
  void anEmptySubscriptionListsNothing() {
    ManualClock clock = ManualClock.atEpochOfDemo();
    try (LocalCloud cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock))) {
      ArmWorkspaces workspaces =
          new ArmWorkspaces(
              new ArmClients(LocalCloud.tokenCredential(null), cloud.armEndpoint(), clock));
      assertThat(workspaces.list(SUB_A)).isEmpty();
    }
  }
}

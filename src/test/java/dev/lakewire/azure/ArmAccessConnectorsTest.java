package dev.lakewire.azure;

import static dev.lakewire.azure.LocalArm.RG;
import static dev.lakewire.azure.LocalArm.SUB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.local.cloud.LoggedRequest;
import dev.lakewire.ports.AccessConnector;
import dev.lakewire.ports.AccessConnectorSpec;
import dev.lakewire.ports.Workspace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArmAccessConnectorsTest {

  private final LocalArm local = new LocalArm();
  private final ArmAccessConnectors connectors = new ArmAccessConnectors(local.arm);
  private final String connectorId =
      "/subscriptions/"
          + SUB
          + "/resourceGroups/"
          + RG
          + "/providers/Microsoft.Databricks/accessConnectors/ws-sales-uc";

  @AfterEach
  void stop() {
    local.close();
  }

  @Test
  void aMissingConnectorIsEmpty() {
    local.cloud.addResourceGroup(SUB, RG, "westeurope");

    assertThat(connectors.find(connectorId)).isEmpty();
  }

  @Test
  void createsASystemAssignedConnectorWithoutWaitingAndSeesItReadyOnceProvisioned() {
    local.cloud.addResourceGroup(SUB, RG, "westeurope");
    Map<String, String> tags = Map.of("lakewire:managed", "true", "lakewire:workspace", "ws");

    AccessConnector created =
        connectors.create(new AccessConnectorSpec(connectorId, "westeurope", null, tags));

    assertThat(created.ready()).isFalse();
    assertThat(created.name()).isEqualTo("ws-sales-uc");
    List<LoggedRequest> arm = local.armRequests();
    assertThat(arm).hasSize(1);
    assertThat(arm.get(0).method()).isEqualTo("PUT");
    assertThat(local.cloud.counts().accessConnectors()).isEqualTo(1);

    AccessConnector provisioning = connectors.find(connectorId).orElseThrow();
    assertThat(provisioning.provisioningState()).isEqualTo("Creating");
    assertThat(provisioning.principalId()).isNull();

    local.clock.advance(Duration.ofSeconds(20));
    AccessConnector ready = connectors.find(connectorId).orElseThrow();

    assertThat(ready.ready()).isTrue();
    assertThat(ready.principalId()).isNotBlank();
    assertThat(ready.tags()).isEqualTo(tags);
    assertThat(ready.id()).isEqualToIgnoringCase(connectorId);
  }

  @Test
  void attachesTheUserAssignedIdentityTheSpecNames() {
    local.cloud.addResourceGroup(SUB, RG, "westeurope");
    String uami =
        "/subscriptions/"
            + SUB
            + "/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/"
            + "userAssignedIdentities/id-lakewire-uc";

    connectors.create(new AccessConnectorSpec(connectorId, "westeurope", uami, Map.of()));
    local.clock.advance(Duration.ofSeconds(20));

    AccessConnector ready = connectors.find(connectorId).orElseThrow();
    assertThat(ready.provisioned()).isTrue();
    assertThat(ready.identityType()).isEqualTo("UserAssigned");
    // the local cloud derives a user-assigned identity's principal from its resource id
    assertThat(ready.principalOf(uami.toUpperCase(java.util.Locale.ROOT)))
        .isEqualTo(LocalCloud.principalIdFor(uami));
    assertThat(ready.principalId()).as("no system-assigned identity").isNull();
    assertThat(ready.principalOf(null)).isNull();
  }

  @Test
  void showsEveryAttachedIdentityWithoutPickingOne() {
    local.cloud.addResourceGroup(SUB, RG, "westeurope");
    String mine = uami("id-lakewire-uc");
    String foreign = uami("id-someone-else");
    connectors.create(new AccessConnectorSpec(connectorId, "westeurope", foreign, Map.of()));
    local.clock.advance(Duration.ofSeconds(20));

    AccessConnector ready = connectors.find(connectorId).orElseThrow();

    assertThat(ready.userAssignedIdentities()).containsOnlyKeys(foreign);
    assertThat(ready.principalOf(mine)).as("never another identity's principal").isNull();
  }

  private static String uami(String name) {
    return "/subscriptions/"
        + SUB
        + "/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/"
        + "userAssignedIdentities/"
        + name;
  }

  @Test
  void readsAWorkspaceWithItsNumericIdAndUrl() {
    String id = local.cloud.addWorkspace(SUB, RG, "ws-sales", "westeurope", "Succeeded");

    Workspace ws = new ArmWorkspaces(local.arm).find(id).orElseThrow();

    assertThat(ws.succeeded()).isTrue();
    assertThat(ws.location()).isEqualTo("westeurope");
    assertThat(ws.workspaceId()).matches("\\d+");
    assertThat(ws.workspaceUrl())
        .isEqualTo(
            "adb-"
                + ws.workspaceId()
                + "."
                + Long.parseLong(ws.workspaceId()) % 10
                + "."
                + LocalCloud.DATABRICKS_DOMAIN);
    assertThat(new ArmWorkspaces(local.arm).find(id.replace("ws-sales", "ws-gone"))).isEmpty();
  }

  @Test
  void readsAWorkspaceThatIsStillProvisioning() {
    String id = local.cloud.addWorkspace(SUB, RG, "ws-new", "westeurope", "Accepted");

    assertThat(new ArmWorkspaces(local.arm).find(id).orElseThrow().provisioningState())
        .isEqualTo("Accepted");
  }
}

package dev.lakewire.databricks;

import static dev.lakewire.databricks.LocalWorkspace.WEU;
import static dev.lakewire.databricks.LocalWorkspace.WEU_OTHER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.local.cloud.LoggedRequest;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.ExternalLocation;
import dev.lakewire.ports.MetastoreAssignment;
import dev.lakewire.ports.Reconciled.Operation;
import dev.lakewire.ports.Reconciler;
import dev.lakewire.ports.StorageCredential;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UnityCatalogAdaptersTest {

  private final LocalWorkspace local = new LocalWorkspace();
  private final String connector =
      local.cloud.addAccessConnector(LocalWorkspace.SUB, "rg-data", "ws-sales-uc", "westeurope");
  private final UnityCatalogMetastores metastores = new UnityCatalogMetastores(local.clients);

  private static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";

  UnityCatalogAdaptersTest() {
    // lakewire's own Contributor on the connector: Databricks requires it to register one.
    local.cloud.addRoleAssignment(connector, LocalCloud.principalIdFor(null), CONTRIBUTOR);
  }

  @AfterEach
  void stop() {
    local.close();
  }

  @Test
  void aWorkspaceReportsNoMetastoreUntilTheAccountsAssignmentTookEffect() {
    Reconciler.reconcile(
        local.accountMetastores, MetastoreAssignment.desired(local.workspace, WEU, "main", false));
    Reconciler.reconcile(local.memberships, local.workspace);

    assertThat(metastores.current(local.workspace)).isEmpty();
    local.clock.advance(java.time.Duration.ofSeconds(60));

    assertThat(metastores.current(local.workspace)).contains(WEU);
    assertThat(local.cloud.assignedMetastore(local.workspaceId)).contains(WEU);
    assertThat(local.cloud.counts().metastoreAssignments()).isEqualTo(1);
  }

  @Test
  void aMetastoreAssignedOutsideLakewireIsReportedAsCurrentAtOnce() {
    local.cloud.addWorkspaceMember(local.workspaceId, local.applicationId);
    local.cloud.assignMetastoreDirectly(local.workspaceId, WEU);
    assertThat(metastores.current(local.workspace)).contains(WEU);

    local.cloud.assignMetastoreDirectly(local.workspaceId, WEU_OTHER);
    assertThat(metastores.current(local.workspace)).contains(WEU_OTHER);
  }

  @Test
  void everyRequestCarriesTheDatabricksTokenTheManagementTokenAndTheWorkspaceId() {
    local.cloud.addWorkspaceMember(local.workspaceId, local.applicationId);
    metastores.current(local.workspace);

    LoggedRequest r = local.unityCatalogRequests().get(0);
    assertThat(r.headers().get("authorization")).startsWith("Bearer ");
    assertThat(audience(r.headers().get("authorization").substring("Bearer ".length())))
        .isEqualTo(LocalCloud.DATABRICKS_RESOURCE);
    assertThat(audience(r.headers().get("x-databricks-azure-sp-management-token")))
        .isEqualTo("https://management.core.windows.net/");
    assertThat(r.headers())
        .containsEntry("x-databricks-azure-workspace-resource-id", local.workspaceId);
    assertThat(r.principal()).isNotBlank();
  }

  @Test
  void aStorageCredentialIsCreatedOnceAndFoundAfterwards() {
    local.bind(WEU);
    UnityCatalogStorageCredentials credentials = new UnityCatalogStorageCredentials(local.clients);

    StorageCredential own =
        StorageCredential.desired(local.workspace, "ws_sales_uc", connector, null);

    assertThat(Reconciler.reconcile(credentials, own).operation()).isEqualTo(Operation.CREATED);
    assertThat(Reconciler.reconcile(credentials, own).operation()).isEqualTo(Operation.UNCHANGED);

    assertThat(local.cloud.storageCredentials(WEU)).containsExactly("ws_sales_uc");
  }

  @Test
  void aCredentialOfThatNameOnAnotherConnectorIsAPermanentFailure() {
    local.bind(WEU);
    String other =
        local.cloud.addAccessConnector(LocalWorkspace.SUB, "rg-data", "someone-else", "westeurope");
    local.cloud.addRoleAssignment(other, LocalCloud.principalIdFor(null), CONTRIBUTOR);
    UnityCatalogStorageCredentials credentials = new UnityCatalogStorageCredentials(local.clients);
    Reconciler.reconcile(
        credentials, StorageCredential.desired(local.workspace, "ws_sales_uc", other, null));

    assertThatThrownBy(
            () ->
                Reconciler.reconcile(
                        credentials,
                        StorageCredential.desired(local.workspace, "ws_sales_uc", connector, null))
                    .operation())
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("someone-else");
  }

  @Test
  void anExternalLocationIsCreatedOnceAndFoundAfterwards() {
    local.bind(WEU);
    Reconciler.reconcile(
        new UnityCatalogStorageCredentials(local.clients),
        StorageCredential.desired(local.workspace, "ws_sales_uc", connector, null));
    UnityCatalogExternalLocations locations = new UnityCatalogExternalLocations(local.clients);
    String url = "abfss://raw@stlake.dfs.core.windows.net/";

    ExternalLocation raw =
        ExternalLocation.desired(local.workspace, "stlake_raw", url, "ws_sales_uc", false);

    assertThat(Reconciler.reconcile(locations, raw).operation()).isEqualTo(Operation.CREATED);
    assertThat(Reconciler.reconcile(locations, raw).operation()).isEqualTo(Operation.UNCHANGED);

    assertThat(local.cloud.externalLocations(WEU)).containsEntry("stlake_raw", url);
    assertThat(local.cloud.counts().externalLocations()).isEqualTo(1);
  }

  private static String audience(String jwt) {
    try {
      JsonNode payload =
          new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
      return payload.path("aud").asText();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

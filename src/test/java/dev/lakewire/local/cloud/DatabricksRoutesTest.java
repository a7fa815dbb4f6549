package dev.lakewire.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.catalog.AzureManagedIdentityRequest;
import com.databricks.sdk.service.catalog.CreateExternalLocation;
import com.databricks.sdk.service.catalog.CreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.CreateStorageCredential;
import com.databricks.sdk.service.catalog.ExternalLocationInfo;
import com.databricks.sdk.service.catalog.MetastoreAssignment;
import com.databricks.sdk.service.catalog.StorageCredentialInfo;
import dev.lakewire.local.ManualClock;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatabricksRoutesTest {

  private static final String SUB = Clients.SUBSCRIPTION;
  private static final String WEU = "11111111-aaaa-4aaa-8aaa-000000000001";
  private static final String NEU = "11111111-aaaa-4aaa-8aaa-000000000002";

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private LocalCloud cloud;
  private String workspace;
  private long workspaceId;
  private WorkspaceClient client;
  private String connector;

  @BeforeEach
  void start() {
    cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock));
    workspace = cloud.addWorkspace(SUB, "rg-data", "ws-sales", "westeurope", "Succeeded");
    // the caller is an account admin and a member of the workspace (DatabricksAccountTest shows
    // what happens otherwise)
    cloud.addAccountServicePrincipal(LocalCloud.applicationIdFor(null), true);
    cloud.addWorkspaceMember(workspace, LocalCloud.applicationIdFor(null));
    connector = cloud.addAccessConnector(SUB, "rg-data", "ws-sales-uc", "westeurope");
    cloud.addMetastore(WEU, "westeurope");
    cloud.addMetastore(NEU, "northeurope");
    client = Clients.workspaceClient(cloud, workspace);
    Map<?, ?> properties =
        (Map<?, ?>)
            Clients.resourceManager(cloud)
                .genericResources()
                .getById(workspace, "2026-01-01")
                .properties();
    workspaceId = Long.parseLong((String) properties.get("workspaceId"));
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void aWorkspaceWithoutAMetastoreHasNoCurrentAssignmentUntilOneIsAssignedAndTookEffect() {
    assertThatThrownBy(() -> client.metastores().current())
        .satisfies(error(404, "METASTORE_DOES_NOT_EXIST"));

    client.metastores().assign(assignment(WEU));
    // terraform-provider-databricks#1832: the PUT answered 200, the workspace still says none
    assertThatThrownBy(() -> client.metastores().current())
        .satisfies(error(404, "METASTORE_DOES_NOT_EXIST"))
        .hasMessageContaining("No metastore assigned for the current workspace");
    clock.advance(CloudOptions.defaults().metastoreAssignmentLag());

    MetastoreAssignment current = client.metastores().current();
    assertThat(current.getMetastoreId()).isEqualTo(WEU);
    assertThat(current.getWorkspaceId()).isEqualTo(workspaceId);
    assertThat(current.getDefaultCatalogName()).isEqualTo("main");
    assertThat(cloud.assignedMetastore(workspace)).contains(WEU);
    assertThat(client.metastores().get(WEU).getRegion()).isEqualTo("westeurope");
  }

  @Test
  void assigningAMetastoreOfAnotherRegionIsRefused() {
    assertThatThrownBy(() -> client.metastores().assign(assignment(NEU)))
        .satisfies(error(400, "INVALID_PARAMETER_VALUE"))
        .hasMessageContaining("region");
    assertThat(cloud.counts().metastoreAssignments()).isZero();
  }

  @Test
  void storageCredentialsAreCreatedOnceInTheAssignedMetastore() {
    cloud.assignMetastoreDirectly(workspace, WEU);

    StorageCredentialInfo created = client.storageCredentials().create(credential("ws_sales_uc"));

    assertThat(created.getName()).isEqualTo("ws_sales_uc");
    assertThat(created.getMetastoreId()).isEqualTo(WEU);
    assertThat(created.getAzureManagedIdentity().getAccessConnectorId()).isEqualTo(connector);
    assertThat(client.storageCredentials().get("ws_sales_uc").getId()).isEqualTo(created.getId());
    assertThatThrownBy(() -> client.storageCredentials().create(credential("ws_sales_uc")))
        .satisfies(error(409, "RESOURCE_ALREADY_EXISTS"));
    assertThat(cloud.storageCredentials(WEU)).containsExactly("ws_sales_uc");
  }

  @Test
  void storageCredentialsNeedAMetastoreAndAProvisionedConnector() {
    assertThatThrownBy(() -> client.storageCredentials().create(credential("c")))
        .satisfies(error(404, "METASTORE_DOES_NOT_EXIST"));

    cloud.assignMetastoreDirectly(workspace, WEU);
    assertThatThrownBy(
            () ->
                client
                    .storageCredentials()
                    .create(
                        new CreateStorageCredential()
                            .setName("c")
                            .setAzureManagedIdentity(
                                new AzureManagedIdentityRequest()
                                    .setAccessConnectorId(connector + "-missing"))))
        .satisfies(error(400, "INVALID_PARAMETER_VALUE"));
  }

  @Test
  void externalLocationsRefuseDuplicatesOverlapsAndUnknownCredentials() {
    cloud.assignMetastoreDirectly(workspace, WEU);
    client.storageCredentials().create(credential("cred"));
    String raw = "abfss://raw@lakeprod.dfs.core.windows.net/";

    ExternalLocationInfo created =
        client.externalLocations().create(location("lakeprod_raw", raw, "cred"));

    assertThat(created.getUrl()).isEqualTo(raw);
    assertThat(created.getCredentialName()).isEqualTo("cred");
    assertThat(client.externalLocations().get("lakeprod_raw").getUrl()).isEqualTo(raw);
    assertThatThrownBy(
            () -> client.externalLocations().create(location("lakeprod_raw", raw, "cred")))
        .satisfies(error(409, "RESOURCE_ALREADY_EXISTS"));
    assertThatThrownBy(
            () ->
                client.externalLocations().create(location("nested", raw + "bronze/sales", "cred")))
        .satisfies(error(400, "INVALID_PARAMETER_VALUE"))
        .hasMessageContaining("overlaps");
    assertThatThrownBy(
            () ->
                client
                    .externalLocations()
                    .create(
                        location(
                            "curated", "abfss://curated@lakeprod.dfs.core.windows.net/", "nope")))
        .satisfies(error(404, "RESOURCE_DOES_NOT_EXIST"));
    assertThat(cloud.externalLocations(WEU)).containsOnlyKeys("lakeprod_raw");
  }

  @Test
  void requestsNeedADatabricksTokenAndTheLogShowsTheManagementTokenHeader() {
    client.metastores().get(WEU);
    String url = cloud.databricksHost() + "/api/2.1/unity-catalog/current-metastore-assignment";

    HttpResponse<String> anonymous =
        Clients.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("X-Databricks-Azure-Workspace-Resource-Id", workspace));
    HttpResponse<String> armToken =
        Clients.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + Clients.rawToken(Clients.ARM_RESOURCE, null))
                .header("X-Databricks-Azure-Workspace-Resource-Id", workspace));

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(armToken.statusCode()).isEqualTo(401);
    assertThat(cloud.requests())
        .filteredOn(r -> r.path().equals("/api/2.1/unity-catalog/metastores/" + WEU))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(200);
              assertThat(r.hasHeader("X-Databricks-Azure-SP-Management-Token")).isTrue();
              assertThat(r.principal()).isEqualTo(LocalCloud.principalIdFor(null));
            });
  }

  @Test
  void theWorkspaceIsNamedByItsResourceIdHeaderCaseInsensitively() {
    cloud.assignMetastoreDirectly(workspace, WEU);
    WorkspaceClient upper = Clients.workspaceClient(cloud, workspace.toUpperCase());
    WorkspaceClient unknown =
        Clients.workspaceClient(cloud, workspace.replace("ws-sales", "ws-other"));

    assertThat(upper.metastores().current().getMetastoreId()).isEqualTo(WEU);
    assertThatThrownBy(() -> unknown.metastores().current())
        .satisfies(error(400, "INVALID_PARAMETER_VALUE"));
  }

  private CreateMetastoreAssignment assignment(String metastoreId) {
    return new CreateMetastoreAssignment()
        .setWorkspaceId(workspaceId)
        .setMetastoreId(metastoreId)
        .setDefaultCatalogName("main");
  }

  private CreateStorageCredential credential(String name) {
    return new CreateStorageCredential()
        .setName(name)
        .setAzureManagedIdentity(new AzureManagedIdentityRequest().setAccessConnectorId(connector));
  }

  private static CreateExternalLocation location(String name, String url, String credential) {
    return new CreateExternalLocation().setName(name).setUrl(url).setCredentialName(credential);
  }

  private static Consumer<Throwable> error(int status, String code) {
    return t -> {
      assertThat(t).isInstanceOf(DatabricksError.class);
      DatabricksError e = (DatabricksError) t;
      assertThat(e.getStatusCode()).isEqualTo(status);
      assertThat(e.getErrorCode()).isEqualTo(code);
    };
  }
}

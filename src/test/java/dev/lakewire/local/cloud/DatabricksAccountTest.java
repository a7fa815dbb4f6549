package dev.lakewire.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.service.catalog.AccountsCreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.CreateMetastoreAssignment;
import com.databricks.sdk.service.iam.ListAccountServicePrincipalsRequest;
import com.databricks.sdk.service.iam.PermissionAssignment;
import com.databricks.sdk.service.iam.ServicePrincipal;
import com.databricks.sdk.service.iam.UpdateWorkspaceAssignments;
import com.databricks.sdk.service.iam.WorkspacePermission;
import dev.lakewire.local.ManualClock;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Databricks account of the local cloud and the rules it enforces: workspace membership (403
 * for a non-member, automatic only for Contributor/Owner on the workspace resource), account admin
 * for the account API, identity federation before workspace assignments, the assignment lag and the
 * management token's audience.
 */
class DatabricksAccountTest {

  private static final String SUB = Clients.SUBSCRIPTION;
  private static final String WEU = "11111111-aaaa-4aaa-8aaa-000000000001";
  private static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
  private static final String LAKEWIRE = LocalCloud.applicationIdFor(null);

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final LocalCloud cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock));
  private final String workspace =
      cloud.addWorkspace(SUB, "rg-data", "ws-sales", "westeurope", "Succeeded");
  private final long workspaceId = numericId(workspace);

  DatabricksAccountTest() {
    cloud.addMetastore(WEU, "westeurope");
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void aServicePrincipalThatIsNotAWorkspaceMemberGets403OnEveryWorkspaceLevelCall() {
    // lakewire's old path: workspace-level calls without ever joining the workspace
    WorkspaceClient client = Clients.workspaceClient(cloud, workspace);

    assertThatThrownBy(() -> client.metastores().current())
        .isInstanceOf(PermissionDenied.class)
        .hasMessageContaining("User not authorized.");
    assertThatThrownBy(() -> client.storageCredentials().get("x"))
        .isInstanceOf(PermissionDenied.class);
    HttpResponse<String> raw =
        Clients.send(
            HttpRequest.newBuilder(
                    URI.create(
                        cloud.databricksHost()
                            + "/api/2.1/unity-catalog/current-metastore-assignment"))
                .header("Authorization", "Bearer " + databricksToken())
                .header("X-Databricks-Azure-Workspace-Resource-Id", workspace));
    assertThat(raw.statusCode()).isEqualTo(403);
    assertThat(raw.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(raw.body()).contains("<title>Error 403 User not authorized.</title>");
    assertThat(cloud.workspaceMembership(workspace, LAKEWIRE)).isEmpty();
  }

  @Test
  void contributorOnTheWorkspaceResourceMakesThePrincipalAnAdminOnItsFirstCall() {
    String principal = LocalCloud.principalIdFor(null);
    cloud.addPrincipal(principal);
    HttpResponse<String> put =
        Clients.send(
            Clients.arm(
                cloud,
                "PUT",
                "/subscriptions/"
                    + SUB
                    + "/resourceGroups/rg-data/providers/Microsoft.Authorization/roleAssignments/"
                    + "0b8a6e1c-3c1d-4c5e-9f6a-7d2e1b0c9a81?api-version=2022-04-01",
                "{\"properties\":{\"roleDefinitionId\":\"/subscriptions/"
                    + SUB
                    + "/providers/Microsoft.Authorization/roleDefinitions/"
                    + CONTRIBUTOR
                    + "\",\"principalId\":\""
                    + principal
                    + "\",\"principalType\":\"ServicePrincipal\"}}",
                Clients.rawToken(Clients.ARM_RESOURCE, null)));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);

    // inherited from the resource group: MicrosoftDocs/azure-docs#80900
    assertThatThrownBy(() -> Clients.workspaceClient(cloud, workspace).metastores().current())
        .satisfies(error(404, "METASTORE_DOES_NOT_EXIST"));
    assertThat(cloud.workspaceMembership(workspace, LAKEWIRE)).contains(List.of("ADMIN"));
  }

  @Test
  void aManagementTokenForAnotherAudienceIsRefused() {
    cloud.addWorkspaceMember(workspace, LAKEWIRE);
    String url = cloud.databricksHost() + "/api/2.1/unity-catalog/current-metastore-assignment";

    // lakewire's old management token: scope https://management.azure.com/.default
    HttpResponse<String> old =
        Clients.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + databricksToken())
                .header(
                    "X-Databricks-Azure-SP-Management-Token",
                    Clients.rawToken(Clients.ARM_RESOURCE, null))
                .header("X-Databricks-Azure-Workspace-Resource-Id", workspace));
    // the SDK's: resource https://management.core.windows.net/
    HttpResponse<String> sdk =
        Clients.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + databricksToken())
                .header(
                    "X-Databricks-Azure-SP-Management-Token",
                    Clients.rawToken(Clients.MANAGEMENT_RESOURCE, null))
                .header("X-Databricks-Azure-Workspace-Resource-Id", workspace));

    assertThat(old.statusCode()).isEqualTo(401);
    assertThat(old.body()).contains("https://management.core.windows.net/");
    assertThat(sdk.statusCode()).isEqualTo(404);

    // the account API checks it too, when one is sent
    cloud.addAccountServicePrincipal(LAKEWIRE, true);
    HttpResponse<String> account =
        Clients.send(
            HttpRequest.newBuilder(
                    URI.create(
                        cloud.databricksHost() // the account routes, told apart by path
                            + "/api/2.0/accounts/"
                            + cloud.databricksAccountId()
                            + "/workspaces/"
                            + workspaceId
                            + "/metastore"))
                .header("Authorization", "Bearer " + databricksToken())
                .header(
                    "X-Databricks-Azure-SP-Management-Token",
                    Clients.rawToken(Clients.ARM_RESOURCE, null)));
    assertThat(account.statusCode()).isEqualTo(401);
  }

  @Test
  void theAccountApiAnswersOnlyAnAccountAdmin() {
    String other = "7c2f6a1e-0000-4000-8000-00000000a001";
    cloud.addAccountServicePrincipal(other, false);
    AccountClient notAdmin = Clients.accountClient(cloud, other);

    assertThatThrownBy(() -> notAdmin.metastoreAssignments().get(workspaceId))
        .isInstanceOf(PermissionDenied.class)
        .hasMessageContaining("not an account admin");
    assertThatThrownBy(() -> notAdmin.metastoreAssignments().create(create(WEU)))
        .isInstanceOf(PermissionDenied.class);
    assertThat(cloud.assignedMetastore(workspace)).isEmpty();

    // the workspace-level assignment needs an account admin too
    cloud.addWorkspaceMember(workspace, other);
    WorkspaceClient member =
        Clients.workspaceClient(
            cloud, workspace, new ManagedIdentityCredentialBuilder().clientId(other).build());
    assertThatThrownBy(
            () ->
                member
                    .metastores()
                    .assign(
                        new CreateMetastoreAssignment()
                            .setWorkspaceId(workspaceId)
                            .setMetastoreId(WEU)
                            .setDefaultCatalogName("main")))
        .satisfies(error(403, "PERMISSION_DENIED"));
  }

  @Test
  void anAccountAssignmentIsRecordedAtOnceButTheWorkspaceSeesItOnlyAfterTheLag() {
    cloud.addAccountServicePrincipal(LAKEWIRE, true);
    AccountClient account = Clients.accountClient(cloud, null);
    assertThatThrownBy(() -> account.metastoreAssignments().get(workspaceId))
        .satisfies(error(404, "RESOURCE_DOES_NOT_EXIST"));

    account.metastoreAssignments().create(create(WEU));

    assertThat(
            account
                .metastoreAssignments()
                .get(workspaceId)
                .getMetastoreAssignment()
                .getMetastoreId())
        .isEqualTo(WEU);
    assertThatThrownBy(() -> account.metastoreAssignments().create(create(WEU)))
        .satisfies(error(409, "RESOURCE_ALREADY_EXISTS"));
    cloud.addWorkspaceMember(workspace, LAKEWIRE);
    WorkspaceClient client = Clients.workspaceClient(cloud, workspace);
    assertThatThrownBy(() -> client.metastores().current())
        .satisfies(error(404, "METASTORE_DOES_NOT_EXIST"));

    clock.advance(Duration.ofSeconds(59));
    assertThatThrownBy(() -> client.metastores().current())
        .satisfies(error(404, "METASTORE_DOES_NOT_EXIST"));
    clock.advance(Duration.ofSeconds(1));
    assertThat(client.metastores().current().getMetastoreId()).isEqualTo(WEU);

    account.metastoreAssignments().delete(workspaceId, WEU);
    assertThat(cloud.assignedMetastore(workspace)).isEmpty();
  }

  @Test
  void aStorageCredentialCreatedRightAfterTheAssignmentFailsAsLakewiresOldStepDid() {
    // the old step: assign, then create the credential at once (terraform-provider-databricks#1832)
    cloud.addAccountServicePrincipal(LAKEWIRE, true);
    cloud.addWorkspaceMember(workspace, LAKEWIRE);
    String connector = cloud.addAccessConnector(SUB, "rg-data", "ws-sales-uc", "westeurope");
    Clients.accountClient(cloud, null).metastoreAssignments().create(create(WEU));
    WorkspaceClient client = Clients.workspaceClient(cloud, workspace);
    com.databricks.sdk.service.catalog.CreateStorageCredential credential =
        new com.databricks.sdk.service.catalog.CreateStorageCredential()
            .setName("ws_sales_uc")
            .setAzureManagedIdentity(
                new com.databricks.sdk.service.catalog.AzureManagedIdentityRequest()
                    .setAccessConnectorId(connector));

    assertThatThrownBy(() -> client.storageCredentials().create(credential))
        .satisfies(error(404, "METASTORE_DOES_NOT_EXIST"));

    clock.advance(CloudOptions.defaults().metastoreAssignmentLag());
    assertThat(client.storageCredentials().create(credential).getMetastoreId()).isEqualTo(WEU);
  }

  @Test
  void aWorkspaceAssignmentNeedsAnIdentityFederatedWorkspaceThatIsAMetastoreFirst() {
    cloud.addAccountServicePrincipal(LAKEWIRE, true);
    AccountClient account = Clients.accountClient(cloud, null);
    List<ServicePrincipal> found =
        StreamSupport.stream(
                account
                    .servicePrincipals()
                    .list(
                        new ListAccountServicePrincipalsRequest()
                            .setFilter("applicationId eq \"" + LAKEWIRE + "\""))
                    .spliterator(),
                false)
            .toList();
    assertThat(found)
        .singleElement()
        .satisfies(sp -> assertThat(sp.getApplicationId()).isEqualTo(LAKEWIRE));
    long principalId = Long.parseLong(found.get(0).getId());
    UpdateWorkspaceAssignments join =
        new UpdateWorkspaceAssignments()
            .setWorkspaceId(workspaceId)
            .setPrincipalId(principalId)
            .setPermissions(List.of(WorkspacePermission.USER));

    assertThatThrownBy(() -> account.workspaceAssignment().update(join))
        .satisfies(error(400, "INVALID_PARAMETER_VALUE"))
        .hasMessageContaining("identity federation");

    account.metastoreAssignments().create(create(WEU));
    account.workspaceAssignment().update(join);

    List<PermissionAssignment> assignments =
        StreamSupport.stream(account.workspaceAssignment().list(workspaceId).spliterator(), false)
            .toList();
    assertThat(assignments)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getPrincipal().getPrincipalId()).isEqualTo(principalId);
              assertThat(a.getPrincipal().getServicePrincipalName()).isEqualTo(LAKEWIRE);
              assertThat(a.getPermissions()).containsExactly(WorkspacePermission.USER);
            });
    assertThat(cloud.workspaceMembership(workspace, LAKEWIRE)).contains(List.of("USER"));
  }

  private AccountsCreateMetastoreAssignment create(String metastoreId) {
    return new AccountsCreateMetastoreAssignment()
        .setWorkspaceId(workspaceId)
        .setMetastoreId(metastoreId)
        .setMetastoreAssignment(
            new CreateMetastoreAssignment()
                .setMetastoreId(metastoreId)
                .setDefaultCatalogName("main"));
  }

  private static String databricksToken() {
    return Clients.rawToken(LocalCloud.DATABRICKS_RESOURCE, null);
  }

  private long numericId(String armId) {
    Map<?, ?> properties =
        (Map<?, ?>)
            Clients.resourceManager(cloud)
                .genericResources()
                .getById(armId, "2026-01-01")
                .properties();
    return Long.parseLong((String) properties.get("workspaceId"));
  }

  private static java.util.function.Consumer<Throwable> error(int status, String code) {
    return t -> {
      assertThat(t).isInstanceOf(DatabricksError.class);
      DatabricksError e = (DatabricksError) t;
      assertThat(e.getStatusCode()).isEqualTo(status);
      assertThat(e.getErrorCode()).isEqualTo(code);
    };
  }
}

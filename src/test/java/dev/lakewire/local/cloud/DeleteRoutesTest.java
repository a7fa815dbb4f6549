package dev.lakewire.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.catalog.AzureManagedIdentityRequest;
import com.databricks.sdk.service.catalog.CreateExternalLocation;
import com.databricks.sdk.service.catalog.CreateStorageCredential;
import com.databricks.sdk.service.catalog.DeleteStorageCredentialRequest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lakewire.local.ManualClock;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DELETEs offboarding sends, answered as Azure and Databricks answer them: status codes from
 * the azure-rest-api-specs examples (RoleAssignments_Delete.json: 200 with the assignment, 204 for
 * none; AccessConnectorDelete.json: 200, 202 with Azure-AsyncOperation, 204), the
 * ResourceDeleteSuccess Event Grid emits (resource_delete_success.json), and Unity Catalog's
 * refusal to delete a credential that external locations use unless {@code force}
 * (DeleteStorageCredentialRequest.force; terraform-provider-databricks#4000).
 */
class DeleteRoutesTest {

  private static final String SUB = Clients.SUBSCRIPTION;
  private static final String WEU = "11111111-aaaa-4aaa-8aaa-000000000001";
  private static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
  private static final String BLOB_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
  private static final String RA = "/providers/Microsoft.Authorization/roleAssignments/";

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private LocalCloud cloud;
  private String armToken;

  @BeforeEach
  void start() {
    cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock));
    armToken = Clients.rawToken(Clients.ARM_RESOURCE, null);
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private HttpResponse<String> arm(String method, String path, String body) {
    return Clients.send(Clients.arm(cloud, method, path, body, armToken));
  }

  @Test
  void roleAssignmentDeleteAnswers200WithTheAssignmentThen204AsRoleAssignmentsDeleteJson() {
    String storage = cloud.addStorageAccount(SUB, "rg-lake", "stlake", "westeurope", true);
    String connector = cloud.addAccessConnector(SUB, "rg-lake", "c-uc", "westeurope");
    String principal = cloud.accessConnectorPrincipal(connector).orElseThrow();
    String id = cloud.addRoleAssignment(storage, principal, BLOB_CONTRIBUTOR);
    String path = id + "?api-version=2022-04-01";

    HttpResponse<String> deleted = arm("DELETE", path, null);
    HttpResponse<String> again = arm("DELETE", path, null);
    HttpResponse<String> read = arm("GET", path, null);

    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(Clients.parse(deleted.body()).path("properties").path("principalId").asText())
        .isEqualTo(principal);
    assertThat(again.statusCode()).isEqualTo(204);
    assertThat(read.statusCode()).isEqualTo(404);
    assertThat(Clients.parse(read.body()).path("error").path("code").asText())
        .isEqualTo("RoleAssignmentNotFound");
  }

  @Test
  void accessConnectorDeleteAnswers202AndItStaysDeletingUntilItIsGoneAsAccessConnectorDeleteJson() {
    String connector = cloud.addAccessConnector(SUB, "rg-data", "ws-uc", "westeurope");
    String path = connector + "?api-version=2026-01-01";

    HttpResponse<String> accepted = arm("DELETE", path, null);
    JsonNode during = Clients.parse(arm("GET", path, null).body());
    HttpResponse<String> stillUnderWay = arm("DELETE", path, null);
    clock.advance(CloudOptions.defaults().connectorProvisioning());
    HttpResponse<String> after = arm("GET", path, null);
    HttpResponse<String> none = arm("DELETE", path, null);

    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(accepted.headers().firstValue("Azure-AsyncOperation")).isPresent();
    assertThat(accepted.headers().firstValue("Retry-After")).hasValue("10");
    assertThat(during.path("properties").path("provisioningState").asText()).isEqualTo("Deleting");
    assertThat(stillUnderWay.statusCode()).isEqualTo(202);
    assertThat(after.statusCode()).isEqualTo(404);
    assertThat(none.statusCode()).isEqualTo(204);
    assertThat(cloud.counts().accessConnectors()).isZero();
  }

  @Test
  void aDeletedConnectorsPrincipalIsGoneButItsRoleAssignmentsStayAsIdentityNotFound() {
    String storage = cloud.addStorageAccount(SUB, "rg-lake", "stlake", "westeurope", true);
    String connector = cloud.addAccessConnector(SUB, "rg-lake", "c-uc", "westeurope");
    String principal = cloud.accessConnectorPrincipal(connector).orElseThrow();
    cloud.addRoleAssignment(storage, principal, BLOB_CONTRIBUTOR);
    arm("DELETE", connector + "?api-version=2026-01-01", null);
    clock.advance(CloudOptions.defaults().connectorProvisioning());

    HttpResponse<String> put =
        arm(
            "PUT",
            storage + RA + "5d0c6bd7-3a6a-4f5e-9d7e-0b6c3c9f3e11?api-version=2022-04-01",
            "{\"properties\":{\"roleDefinitionId\":\"/subscriptions/"
                + SUB
                + "/providers/Microsoft.Authorization/roleDefinitions/"
                + CONTRIBUTOR
                + "\",\"principalId\":\""
                + principal
                + "\",\"principalType\":\"ServicePrincipal\"}}");

    assertThat(cloud.accessConnectorPrincipal(connector)).isEmpty();
    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(put.body()).contains("PrincipalNotFound");
    // Azure does not remove a deleted principal's role assignments (RBAC troubleshooting)
    assertThat(cloud.hasRoleAssignment(storage, principal, BLOB_CONTRIBUTOR)).isTrue();
  }

  @Test
  void workspaceDeleteAnswers200ThenEmitsOneResourceDeleteSuccessShapedAsTheOfficialExample() {
    String ws = cloud.addWorkspace(SUB, "rg-data", "ws-sales", "westeurope", "Succeeded");
    cloud.addMetastore(WEU, "westeurope");
    cloud.assignMetastoreDirectly(ws, WEU);
    String path = ws + "?api-version=2026-01-01";

    HttpResponse<String> deleted =
        Clients.send(
            Clients.arm(cloud, "DELETE", path, null, armToken)
                .header("x-ms-correlation-request-id", "corr-delete-1"));
    HttpResponse<String> none = arm("DELETE", path, null);
    List<String> deliveries = cloud.takeSystemTopicEvents();

    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(none.statusCode()).isEqualTo(204);
    assertThat(arm("GET", path, null).statusCode()).isEqualTo(404);
    assertThat(cloud.assignedMetastore(ws)).isEmpty();
    assertThat(deliveries).hasSize(1);
    JsonNode event = Clients.parse(deliveries.get(0)).get(0);
    assertThat(event.path("eventType").asText())
        .isEqualTo("Microsoft.Resources.ResourceDeleteSuccess");
    assertThat(event.path("subject").asText()).isEqualTo(ws);
    assertThat(event.path("topic").asText()).isEqualTo("/subscriptions/" + SUB);
    assertThat(event.path("dataVersion").asText()).isEqualTo("2");
    JsonNode data = event.path("data");
    assertThat(data.path("operationName").asText())
        .isEqualTo("Microsoft.Databricks/workspaces/delete");
    assertThat(data.path("resourceUri").asText()).isEqualTo(ws);
    assertThat(data.path("correlationId").asText()).isEqualTo("corr-delete-1");
    assertThat(data.path("status").asText()).isEqualTo("Succeeded");
    assertThat(data.path("httpRequest").path("method").asText()).isEqualTo("DELETE");
    assertThat(data.path("authorization").path("action").asText())
        .isEqualTo("Microsoft.Databricks/workspaces/delete");
    assertThat(cloud.takeSystemTopicEvents()).isEmpty();
  }

  @Test
  void aStorageCredentialThatExternalLocationsUseIsNotDeletedWithoutForce() {
    WorkspaceClient client = credentialWithALocation();

    assertThatThrownBy(() -> client.storageCredentials().delete("cred"))
        .isInstanceOfSatisfying(
            DatabricksError.class, e -> assertThat(e.getStatusCode()).isEqualTo(400))
        .hasMessageContaining("1 dependent storage location(s)")
        .hasMessageContaining("force");
    assertThat(cloud.storageCredentials(WEU)).containsExactly("cred");

    client.externalLocations().delete("raw");
    client.storageCredentials().delete("cred");
    assertThat(cloud.storageCredentials(WEU)).isEmpty();
    assertThatThrownBy(() -> client.storageCredentials().delete("cred"))
        .isInstanceOfSatisfying(
            DatabricksError.class, e -> assertThat(e.getStatusCode()).isEqualTo(404));
  }

  @Test
  void forceDeletesACredentialThatExternalLocationsStillUse() {
    WorkspaceClient client = credentialWithALocation();

    client
        .storageCredentials()
        .delete(new DeleteStorageCredentialRequest().setName("cred").setForce(true));

    assertThat(cloud.storageCredentials(WEU)).isEmpty();
  }

  /**
   * A workspace on metastore {@code WEU} whose client lakewire holds, with storage credential
   * {@code cred} on a connector and external location {@code raw} on that credential.
   */
  private WorkspaceClient credentialWithALocation() {
    String ws = cloud.addWorkspace(SUB, "rg-data", "ws-sales", "westeurope", "Succeeded");
    cloud.addAccountServicePrincipal(LocalCloud.applicationIdFor(null), true);
    cloud.addWorkspaceMember(ws, LocalCloud.applicationIdFor(null));
    String connector = cloud.addAccessConnector(SUB, "rg-data", "ws-sales-uc", "westeurope");
    cloud.addMetastore(WEU, "westeurope");
    cloud.assignMetastoreDirectly(ws, WEU);
    cloud.addRoleAssignment(connector, LocalCloud.principalIdFor(null), CONTRIBUTOR);
    WorkspaceClient client = Clients.workspaceClient(cloud, ws);
    client
        .storageCredentials()
        .create(
            new CreateStorageCredential()
                .setName("cred")
                .setAzureManagedIdentity(
                    new AzureManagedIdentityRequest().setAccessConnectorId(connector)));
    client
        .externalLocations()
        .create(
            new CreateExternalLocation()
                .setName("raw")
                .setUrl("abfss://raw@stlake.dfs.core.windows.net/")
                .setCredentialName("cred")
                .setSkipValidation(true));
    return client;
  }
}

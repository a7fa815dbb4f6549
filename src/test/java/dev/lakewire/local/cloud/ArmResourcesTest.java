package dev.lakewire.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.fluent.ResourcesClient;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.azure.resourcemanager.resources.models.GenericResource;
import com.azure.resourcemanager.resources.models.Identity;
import com.azure.resourcemanager.resources.models.ResourceIdentityType;
import com.azure.resourcemanager.storage.models.StorageAccount;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lakewire.local.ManualClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArmResourcesTest {

  private static final String SUB = Clients.SUBSCRIPTION;
  private static final String API = "?api-version=2026-01-01";

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

  @Test
  void genericResourceReadsAWorkspaceInTheShapeOfWorkspaceGet() {
    String id = cloud.addWorkspace(SUB, "rg-data", "ws-sales", "westeurope", "Succeeded");
    ResourceManager arm = Clients.resourceManager(cloud);

    GenericResource ws = arm.genericResources().getById(id, "2026-01-01");

    assertThat(ws.id()).isEqualTo(id);
    assertThat(ws.name()).isEqualTo("ws-sales");
    assertThat(ws.regionName()).isEqualTo("westeurope");
    @SuppressWarnings("unchecked")
    Map<String, Object> props = (Map<String, Object>) ws.properties();
    assertThat(props)
        .containsEntry("provisioningState", "Succeeded")
        .containsKey("managedResourceGroupId");
    assertThat((String) props.get("workspaceId")).matches("\\d{16}");
    // named as Azure names workspace hosts, under the local run's domain
    assertThat((String) props.get("workspaceUrl"))
        .isEqualTo(
            "adb-"
                + props.get("workspaceId")
                + "."
                + Long.parseLong((String) props.get("workspaceId")) % 10
                + "."
                + LocalCloud.DATABRICKS_DOMAIN);
  }

  @Test
  void genericResourceFindsTheApiVersionInTheProviderMetadataWhenNotGivenOne() {
    String id = cloud.addWorkspace(SUB, "rg-data", "ws-sales", "westeurope", "Succeeded");

    GenericResource ws = Clients.resourceManager(cloud).genericResources().getById(id);

    assertThat(ws.apiVersion()).isEqualTo("2026-01-01");
    assertThat(ws.resourceType()).isEqualTo("workspaces");
  }

  @Test
  void aMissingWorkspaceIsA404ResourceNotFound() {
    cloud.addResourceGroup(SUB, "rg-data", "westeurope");
    ResourceManager arm = Clients.resourceManager(cloud);
    String id =
        "/subscriptions/"
            + SUB
            + "/resourceGroups/rg-data/providers/Microsoft.Databricks/workspaces/nope";

    assertThatThrownBy(() -> arm.genericResources().getById(id, "2026-01-01"))
        .isInstanceOfSatisfying(
            ManagementException.class,
            e -> {
              assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
              assertThat(e.getValue().getCode()).isEqualTo("ResourceNotFound");
            });
  }

  @Test
  void anAccessConnectorIsCreatingUntilItsProvisioningTimeHasPassedOnTheClock() {
    cloud.addWorkspace(SUB, "rg-data", "ws-sales", "westeurope", "Succeeded");
    String path =
        "/subscriptions/"
            + SUB
            + "/resourceGroups/rg-data/providers/Microsoft.Databricks/accessConnectors/ws-sales-uc";
    String body =
        "{\"location\":\"westeurope\",\"identity\":{\"type\":\"SystemAssigned\"},"
            + "\"tags\":{\"managed-by\":\"lakewire\"},\"properties\":{}}";

    HttpResponse<String> put = Clients.send(Clients.arm(cloud, "PUT", path + API, body, armToken));
    assertThat(put.statusCode()).isEqualTo(201);
    JsonNode created = Clients.parse(put.body());
    assertThat(created.at("/properties/provisioningState").asText()).isEqualTo("Accepted");
    assertThat(created.at("/identity/principalId").isMissingNode()).isTrue();

    clock.advance(Duration.ofSeconds(19));
    JsonNode creating = get(path);
    assertThat(creating.at("/properties/provisioningState").asText()).isEqualTo("Creating");
    assertThat(creating.at("/identity/principalId").isMissingNode()).isTrue();

    clock.advance(Duration.ofSeconds(1));
    JsonNode ready = get(path);
    assertThat(ready.at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(ready.at("/identity/type").asText()).isEqualTo("SystemAssigned");
    assertThat(ready.at("/identity/principalId").asText()).matches("[0-9a-f-]{36}");
    assertThat(ready.at("/identity/tenantId").asText()).isEqualTo(cloud.tenantId());
    assertThat(ready.at("/tags/managed-by").asText()).isEqualTo("lakewire");
    assertThat(cloud.counts().accessConnectors()).isEqualTo(1);
  }

  @Test
  void puttingAnExistingConnectorAgainUpdatesItWith200AndKeepsItsPrincipal() {
    cloud.addWorkspace(SUB, "rg-data", "ws-sales", "westeurope", "Succeeded");
    String path =
        "/subscriptions/"
            + SUB
            + "/resourceGroups/rg-data/providers/Microsoft.Databricks/accessConnectors/ws-sales-uc";
    String body = "{\"location\":\"westeurope\",\"identity\":{\"type\":\"SystemAssigned\"}}";
    Clients.send(Clients.arm(cloud, "PUT", path + API, body, armToken));
    clock.advance(Duration.ofSeconds(20));
    String principal = get(path).at("/identity/principalId").asText();

    HttpResponse<String> again =
        Clients.send(
            Clients.arm(
                cloud,
                "PUT",
                path + API,
                "{\"location\":\"westeurope\",\"identity\":{\"type\":\"SystemAssigned\"},"
                    + "\"tags\":{\"k\":\"v\"}}",
                armToken));

    assertThat(again.statusCode()).isEqualTo(200);
    JsonNode updated = Clients.parse(again.body());
    assertThat(updated.at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(updated.at("/identity/principalId").asText()).isEqualTo(principal);
    assertThat(updated.at("/tags/k").asText()).isEqualTo("v");
    assertThat(cloud.counts().accessConnectors()).isEqualTo(1);
  }

  @Test
  void aUserAssignedConnectorReportsTheIdentitysClientAndPrincipalIds() {
    cloud.addResourceGroup(SUB, "rg-data", "westeurope");
    String uami =
        "/subscriptions/"
            + SUB
            + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uc";
    String path =
        "/subscriptions/"
            + SUB
            + "/resourceGroups/rg-data/providers/Microsoft.Databricks/accessConnectors/c1";
    String body =
        "{\"location\":\"westeurope\",\"identity\":{\"type\":\"UserAssigned\","
            + "\"userAssignedIdentities\":{\""
            + uami
            + "\":{}}}}";

    Clients.send(Clients.arm(cloud, "PUT", path + API, body, armToken));
    clock.advance(Duration.ofSeconds(20));

    JsonNode identity = get(path).path("identity");
    assertThat(identity.path("type").asText()).isEqualTo("UserAssigned");
    JsonNode entry = identity.path("userAssignedIdentities").path(uami);
    assertThat(entry.path("principalId").asText()).matches("[0-9a-f-]{36}");
    assertThat(entry.path("clientId").asText()).matches("[0-9a-f-]{36}");
  }

  @Test
  void storageManagerReadsAnAccountsHierarchicalNamespaceAndDfsEndpoint() {
    cloud.addStorageAccount(SUB, "rg-lake", "lakeprod", "westeurope", true);
    cloud.addStorageAccount(SUB, "rg-lake", "blobonly", "westeurope", false);

    StorageAccount lake =
        Clients.storageManager(cloud).storageAccounts().getByResourceGroup("rg-lake", "lakeprod");
    StorageAccount flat =
        Clients.storageManager(cloud).storageAccounts().getByResourceGroup("rg-lake", "blobonly");

    assertThat(lake.isHnsEnabled()).isTrue();
    assertThat(lake.endPoints().primary().dfs())
        .isEqualTo("https://lakeprod.dfs.core.windows.net/");
    assertThat(flat.isHnsEnabled()).isFalse();
  }

  @Test
  void armRefusesRequestsWithoutATokenOrApiVersionAndAnswersUnknownRoutesWith404() {
    cloud.addWorkspace(SUB, "rg-data", "ws", "westeurope", "Succeeded");
    String path =
        "/subscriptions/"
            + SUB
            + "/resourceGroups/rg-data/providers/Microsoft.Databricks/workspaces/ws";

    HttpResponse<String> noToken =
        Clients.send(
            java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(cloud.armEndpoint() + path + API)));
    HttpResponse<String> noVersion = Clients.send(Clients.arm(cloud, "GET", path, null, armToken));
    HttpResponse<String> unknown =
        Clients.send(Clients.arm(cloud, "GET", "/nowhere" + API, null, armToken));
    HttpResponse<String> doubleSlash =
        Clients.send(Clients.arm(cloud, "GET", "/" + path + API, null, armToken));

    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(noVersion.statusCode()).isEqualTo(400);
    assertThat(Clients.parse(noVersion.body()).at("/error/code").asText())
        .isEqualTo("MissingApiVersionParameter");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(Clients.parse(unknown.body()).at("/error/code").asText()).isNotBlank();
    assertThat(doubleSlash.statusCode()).isEqualTo(200);
    assertThat(doubleSlash.headers().firstValue("x-ms-ratelimit-remaining-subscription-reads"))
        .isPresent();
  }

  @Test
  void theSdksLongRunningCreatePollsTheConnectorUntilItIsProvisioned() {
    cloud.addResourceGroup(SUB, "rg-data", "westeurope");
    String id =
        "/subscriptions/"
            + SUB
            + "/resourceGroups/rg-data/providers/Microsoft.Databricks/accessConnectors/c-lro";
    GenericResourceInner desired =
        new GenericResourceInner()
            .withIdentity(new Identity().withType(ResourceIdentityType.SYSTEM_ASSIGNED))
            .withProperties(Map.of())
            .withLocation("westeurope");
    ResourcesClient resources = Clients.resourceManager(cloud).serviceClient().getResources();

    SyncPoller<PollResult<GenericResourceInner>, GenericResourceInner> poller =
        resources.beginCreateOrUpdateById(id, "2026-01-01", desired);
    PollResponse<PollResult<GenericResourceInner>> first = poller.poll();
    clock.advance(Duration.ofSeconds(20));
    PollResponse<PollResult<GenericResourceInner>> done = poller.poll();

    assertThat(first.getStatus().isComplete()).isFalse();
    assertThat(first.getStatus().toString()).isEqualTo("Creating");
    assertThat(done.getStatus()).isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
    GenericResourceInner result = poller.getFinalResult();
    assertThat(result.identity().principalId()).matches("[0-9a-f-]{36}");
  }

  @Test
  void resourceManagerSeesSeededAndCreatedResourceGroups() {
    cloud.addResourceGroup(SUB, "rg-seeded", "westeurope");
    ResourceManager arm = Clients.resourceManager(cloud);

    arm.resourceGroups().define("rg-new").withRegion("northeurope").create();

    assertThat(arm.resourceGroups().contain("rg-seeded")).isTrue();
    assertThat(arm.resourceGroups().contain("rg-new")).isTrue();
    assertThat(arm.resourceGroups().contain("rg-missing")).isFalse();
    assertThat(arm.resourceGroups().getByName("rg-new").regionName()).isEqualTo("northeurope");
  }

  private JsonNode get(String path) {
    HttpResponse<String> r = Clients.send(Clients.arm(cloud, "GET", path + API, null, armToken));
    assertThat(r.statusCode()).isEqualTo(200);
    return Clients.parse(r.body());
  }
}

package dev.lakewire.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.resourcemanager.authorization.fluent.RoleAssignmentsClient;
import com.azure.resourcemanager.authorization.models.PrincipalType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.DefaultAction;
import com.azure.resourcemanager.storage.models.ResourceAccessRule;
import com.azure.resourcemanager.storage.models.StorageAccountUpdateParameters;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.catalog.AzureManagedIdentityRequest;
import com.databricks.sdk.service.catalog.CreateExternalLocation;
import com.databricks.sdk.service.catalog.CreateStorageCredential;
import com.databricks.sdk.service.catalog.GetBindingsRequest;
import com.databricks.sdk.service.catalog.IsolationMode;
import com.databricks.sdk.service.catalog.UpdateExternalLocation;
import com.databricks.sdk.service.catalog.UpdateWorkspaceBindingsParameters;
import com.databricks.sdk.service.catalog.ValidateStorageCredential;
import com.databricks.sdk.service.catalog.ValidateStorageCredentialResponse;
import com.databricks.sdk.service.catalog.ValidationResult;
import com.databricks.sdk.service.catalog.ValidationResultResult;
import com.databricks.sdk.service.catalog.WorkspaceBinding;
import com.databricks.sdk.service.catalog.WorkspaceBindingBindingType;
import dev.lakewire.local.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local cloud's storage rules, through the real SDK clients: Contributor on the connector to
 * register it (databricks/cli#1486, terraform-provider-databricks#5768), validation against the
 * storage data plane with the RBAC propagation delay (Azure RBAC troubleshooting: up to 10
 * minutes), storage firewalls and resource access rules, workspace bindings of isolated locations.
 */
class StorageRoutesTest {

  private static final String SUB = Clients.SUBSCRIPTION;
  private static final String WEU = "44444444-aaaa-4aaa-8aaa-000000000001";
  private static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
  private static final String READER = "acdd72a7-3d0f-4b76-a7ff-6c3c88e7a46e";
  private static final String BLOB_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
  private static final String RAW = "abfss://raw@stlake.dfs.core.windows.net/";

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final String self = LocalCloud.principalIdFor(null);
  private LocalCloud cloud;
  private String workspace;
  private String connector;
  private String storage;
  private WorkspaceClient client;

  @BeforeEach
  void start() {
    cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock));
    workspace = cloud.addWorkspace(SUB, "rg-data", "ws-sales", "westeurope", "Succeeded");
    connector = cloud.addAccessConnector(SUB, "rg-data", "ws-sales-uc", "westeurope");
    storage = cloud.addStorageAccount(SUB, "rg-lake", "stlake", "westeurope", true);
    cloud.addMetastore(WEU, "westeurope");
    cloud.assignMetastoreDirectly(workspace, WEU);
    // the caller is a member of the workspace (the identity rule; DatabricksAccountTest)
    cloud.addWorkspaceMember(workspace, LocalCloud.applicationIdFor(null));
    client = Clients.workspaceClient(cloud, workspace);
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private CreateStorageCredential credential(String name) {
    return new CreateStorageCredential()
        .setName(name)
        .setAzureManagedIdentity(new AzureManagedIdentityRequest().setAccessConnectorId(connector));
  }

  /**
   * Grants the connector's identity a data role now, through ARM (it reaches the data plane late).
   */
  private void grantDataRoleNow(String scope) {
    RoleAssignmentsClient ra =
        Clients.authorizationManager(cloud).roleServiceClient().getRoleAssignments();
    ra.create(
        scope,
        UUID.randomUUID().toString(),
        new RoleAssignmentCreateParameters()
            .withRoleDefinitionId(
                "/subscriptions/"
                    + SUB
                    + "/providers/Microsoft.Authorization/roleDefinitions/"
                    + BLOB_CONTRIBUTOR)
            .withPrincipalId(cloud.accessConnectorPrincipal(connector).orElseThrow())
            .withPrincipalType(PrincipalType.SERVICE_PRINCIPAL));
  }

  private List<String> failures(ValidateStorageCredentialResponse r) {
    List<String> out = new ArrayList<>();
    for (ValidationResult v : r.getResults()) {
      if (v.getResult() == ValidationResultResult.FAIL) {
        out.add(v.getOperation() + ": " + v.getMessage());
      }
    }
    return out;
  }

  @Test
  void registeringAConnectorNeedsTheBuiltInContributorRoleOnItOrAbove() {
    assertThatThrownBy(() -> client.storageCredentials().create(credential("c1")))
        .isInstanceOf(DatabricksError.class)
        .hasMessageContaining("requires the contributor role over the corresponding access")
        .satisfies(t -> assertThat(((DatabricksError) t).getStatusCode()).isEqualTo(403));

    cloud.addRoleAssignment(connector, self, READER);
    assertThatThrownBy(() -> client.storageCredentials().create(credential("c1")))
        .isInstanceOf(DatabricksError.class);

    // inherited from the resource group counts, as for any Azure role assignment
    cloud.addRoleAssignment("/subscriptions/" + SUB + "/resourceGroups/rg-data", self, CONTRIBUTOR);
    assertThat(client.storageCredentials().create(credential("c1")).getName()).isEqualTo("c1");
  }

  @Test
  void credentialNamesAreUniquePerMetastoreIgnoringCase() {
    cloud.addRoleAssignment(connector, self, CONTRIBUTOR);
    client.storageCredentials().create(credential("Analytics_UC"));

    assertThatThrownBy(() -> client.storageCredentials().create(credential("analytics_uc")))
        .isInstanceOf(DatabricksError.class)
        .satisfies(
            t ->
                assertThat(((DatabricksError) t).getErrorCode())
                    .isEqualTo("RESOURCE_ALREADY_EXISTS"));
  }

  @Test
  void validationFailsUntilANewGrantHasReachedTheDataPlane() {
    cloud.addRoleAssignment(connector, self, CONTRIBUTOR);
    client.storageCredentials().create(credential("cred"));
    ValidateStorageCredential validate =
        new ValidateStorageCredential().setStorageCredentialName("cred").setUrl(RAW);

    assertThat(failures(client.storageCredentials().validate(validate)))
        .hasSize(4)
        .allSatisfy(f -> assertThat(f).contains("AuthorizationPermissionMismatch"));

    grantDataRoleNow(storage + "/blobServices/default/containers/raw");
    clock.advance(Duration.ofMinutes(4));
    assertThat(failures(client.storageCredentials().validate(validate))).isNotEmpty();
    // a location validated at creation is refused in that window too
    assertThatThrownBy(
            () ->
                client
                    .externalLocations()
                    .create(
                        new CreateExternalLocation()
                            .setName("raw")
                            .setUrl(RAW)
                            .setCredentialName("cred")))
        .isInstanceOf(DatabricksError.class)
        .hasMessageContaining("Failed to access cloud storage");

    clock.advance(Duration.ofMinutes(1));
    ValidateStorageCredentialResponse passed = client.storageCredentials().validate(validate);
    assertThat(failures(passed)).isEmpty();
    assertThat(passed.getResults())
        .extracting(r -> r.getOperation().name())
        .containsExactly("READ", "LIST", "WRITE", "DELETE");
    assertThat(
            client
                .externalLocations()
                .create(
                    new CreateExternalLocation()
                        .setName("raw")
                        .setUrl(RAW)
                        .setCredentialName("cred"))
                .getUrl())
        .isEqualTo(RAW);
  }

  @Test
  void aStorageFirewallAdmitsAConnectorOnlyWithAResourceAccessRuleForIt() {
    cloud.addRoleAssignment(connector, self, CONTRIBUTOR);
    client.storageCredentials().create(credential("cred"));
    cloud.addRoleAssignment(
        storage, cloud.accessConnectorPrincipal(connector).orElseThrow(), BLOB_CONTRIBUTOR);
    ValidateStorageCredential validate =
        new ValidateStorageCredential().setStorageCredentialName("cred").setUrl(RAW);
    assertThat(failures(client.storageCredentials().validate(validate))).isEmpty();

    cloud.setStorageFirewall(storage, true);
    assertThat(failures(client.storageCredentials().validate(validate)))
        .allSatisfy(f -> assertThat(f).contains("AuthorizationFailure"));

    var accounts = Clients.storageManager(cloud).serviceClient().getStorageAccounts();
    StorageAccountInner account = accounts.getByResourceGroup("rg-lake", "stlake");
    assertThat(account.networkRuleSet().defaultAction()).isEqualTo(DefaultAction.DENY);
    List<ResourceAccessRule> rules = new ArrayList<>();
    rules.add(new ResourceAccessRule().withResourceId(connector).withTenantId(cloud.tenantId()));
    accounts.update(
        "rg-lake",
        "stlake",
        new StorageAccountUpdateParameters()
            .withNetworkRuleSet(account.networkRuleSet().withResourceAccessRules(rules)));

    assertThat(failures(client.storageCredentials().validate(validate))).isEmpty();
    assertThat(
            accounts.getByResourceGroup("rg-lake", "stlake").networkRuleSet().resourceAccessRules())
        .extracting(ResourceAccessRule::resourceId)
        .containsExactly(connector);
  }

  @Test
  void anIsolatedLocationIsUsableOnlyFromTheWorkspacesBoundToIt() {
    cloud.addRoleAssignment(connector, self, CONTRIBUTOR);
    cloud.addRoleAssignment(
        storage, cloud.accessConnectorPrincipal(connector).orElseThrow(), BLOB_CONTRIBUTOR);
    client.storageCredentials().create(credential("cred"));
    client
        .externalLocations()
        .create(new CreateExternalLocation().setName("raw").setUrl(RAW).setCredentialName("cred"));
    String other = cloud.addWorkspace(SUB, "rg-data", "ws-other", "westeurope", "Succeeded");
    cloud.assignMetastoreDirectly(other, WEU);
    cloud.addWorkspaceMember(other, LocalCloud.applicationIdFor(null));
    WorkspaceClient otherClient = Clients.workspaceClient(cloud, other);
    long ownId = Long.parseLong(client.metastores().current().getWorkspaceId().toString());
    ValidateStorageCredential validate =
        new ValidateStorageCredential()
            .setStorageCredentialName("cred")
            .setExternalLocationName("raw");

    client
        .externalLocations()
        .update(
            new UpdateExternalLocation()
                .setName("raw")
                .setIsolationMode(IsolationMode.ISOLATION_MODE_ISOLATED));
    client
        .workspaceBindings()
        .updateBindings(
            new UpdateWorkspaceBindingsParameters()
                .setSecurableType("external_location")
                .setSecurableName("raw")
                .setAdd(
                    List.of(
                        new WorkspaceBinding()
                            .setWorkspaceId(ownId)
                            .setBindingType(WorkspaceBindingBindingType.BINDING_TYPE_READ_WRITE))));

    assertThat(
            client
                .workspaceBindings()
                .getBindings(
                    new GetBindingsRequest()
                        .setSecurableType("external_location")
                        .setSecurableName("raw")))
        .extracting(WorkspaceBinding::getWorkspaceId)
        .containsExactly(ownId);
    assertThat(failures(client.storageCredentials().validate(validate))).isEmpty();
    assertThatThrownBy(() -> otherClient.storageCredentials().validate(validate))
        .isInstanceOf(DatabricksError.class)
        .hasMessageContaining("not accessible in the current workspace");
  }
}

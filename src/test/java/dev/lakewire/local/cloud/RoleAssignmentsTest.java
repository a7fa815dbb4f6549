package dev.lakewire.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.rest.Response;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.fluent.RoleAssignmentsClient;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.authorization.models.PrincipalType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import dev.lakewire.local.ManualClock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoleAssignmentsTest {

  private static final String SUB = Clients.SUBSCRIPTION;
  private static final String BLOB_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
  private static final String BLOB_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private LocalCloud cloud;
  private RoleAssignmentsClient roleAssignments;
  private String scope;

  @BeforeEach
  void start() {
    cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock));
    roleAssignments = Clients.authorizationManager(cloud).roleServiceClient().getRoleAssignments();
    scope = cloud.addStorageAccount(SUB, "rg-lake", "lakeprod", "westeurope", true);
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void aNewConnectorsPrincipalIsNotFoundUntilItHasReplicated() {
    String principal = provisionConnector();
    String name = UUID.randomUUID().toString();

    assertThatThrownBy(
            () -> roleAssignments.create(scope, name, grant(principal, BLOB_CONTRIBUTOR)))
        .satisfies(error(400, "PrincipalNotFound"));

    clock.advance(Duration.ofSeconds(30));
    Response<RoleAssignmentInner> created =
        roleAssignments.createWithResponse(
            scope, name, grant(principal, BLOB_CONTRIBUTOR), Context.NONE);

    assertThat(created.getStatusCode()).isEqualTo(201);
    assertThat(created.getValue().principalId()).isEqualTo(principal);
    assertThat(created.getValue().scope()).isEqualTo(scope);
    assertThat(created.getValue().name()).isEqualTo(name);
    assertThat(cloud.hasRoleAssignment(scope, principal, BLOB_CONTRIBUTOR)).isTrue();
    assertThat(roleAssignments.get(scope, name).roleDefinitionId()).endsWith(BLOB_CONTRIBUTOR);
  }

  @Test
  void puttingTheSameAssignmentAgainIsIdempotentButAnotherNameIsAConflict() {
    String principal = readyPrincipal();
    String name = UUID.randomUUID().toString();
    roleAssignments.create(scope, name, grant(principal, BLOB_CONTRIBUTOR));

    Response<RoleAssignmentInner> again =
        roleAssignments.createWithResponse(
            scope, name, grant(principal, BLOB_CONTRIBUTOR), Context.NONE);

    assertThat(again.getStatusCode()).isEqualTo(200);
    assertThatThrownBy(
            () ->
                roleAssignments.create(
                    scope, UUID.randomUUID().toString(), grant(principal, BLOB_CONTRIBUTOR)))
        .satisfies(error(409, "RoleAssignmentExists"));
    assertThatThrownBy(() -> roleAssignments.create(scope, name, grant(principal, BLOB_READER)))
        // 400 as ARM sends it (Azure RBAC troubleshooting: "returns BadRequest status")
        .satisfies(error(400, "RoleAssignmentUpdateNotPermitted"));
    assertThat(cloud.counts().roleAssignments()).isEqualTo(1);
  }

  @Test
  void aDeniedScopeAnswers403NamingTheMissingPermissionUntilAllowedAgain() {
    String principal = readyPrincipal();
    cloud.denyRoleAssignmentWrites("/subscriptions/" + SUB + "/resourceGroups/rg-lake", true);

    assertThatThrownBy(
            () ->
                roleAssignments.create(
                    scope, UUID.randomUUID().toString(), grant(principal, BLOB_CONTRIBUTOR)))
        .satisfies(error(403, "AuthorizationFailed"))
        .hasMessageContaining("Microsoft.Authorization/roleAssignments/write");

    cloud.denyRoleAssignmentWrites("/subscriptions/" + SUB + "/resourceGroups/rg-lake", false);
    roleAssignments.create(scope, UUID.randomUUID().toString(), grant(principal, BLOB_CONTRIBUTOR));
    assertThat(cloud.counts().roleAssignments()).isEqualTo(1);
  }

  @Test
  void containerScopesListAndDeleteWork() {
    String principal = readyPrincipal();
    String container = scope + "/blobServices/default/containers/raw";
    String name = UUID.randomUUID().toString();
    roleAssignments.create(container, name, grant(principal, BLOB_READER));

    assertThat(roleAssignments.listForScope(scope))
        .extracting(RoleAssignmentInner::name)
        .contains(name);
    assertThat(roleAssignments.listForScope(container, "atScope()", null, null, Context.NONE))
        .extracting(RoleAssignmentInner::scope)
        .containsExactly(container);

    roleAssignments.delete(container, name);
    assertThat(cloud.counts().roleAssignments()).isZero();
  }

  @Test
  void anUnknownRoleDefinitionIsRefused() {
    String principal = readyPrincipal();

    assertThatThrownBy(
            () ->
                roleAssignments.create(
                    scope,
                    UUID.randomUUID().toString(),
                    grant(principal, "00000000-0000-0000-0000-000000000001")))
        .satisfies(error(400, "RoleDefinitionDoesNotExist"));
  }

  @Test
  void anAssignmentCanBeCreatedAndReadByItsFullId() {
    String principal = readyPrincipal();
    String id = scope + "/providers/Microsoft.Authorization/roleAssignments/" + UUID.randomUUID();

    roleAssignments.createById(id, grant(principal, BLOB_READER));

    assertThat(roleAssignments.getById(id).principalId()).isEqualTo(principal);
    assertThat(roleAssignments.getById(id).id()).isEqualTo(id);
  }

  private String provisionConnector() {
    cloud.addResourceGroup(SUB, "rg-data", "westeurope");
    String path =
        "/subscriptions/"
            + SUB
            + "/resourceGroups/rg-data/providers/Microsoft.Databricks/accessConnectors/c1"
            + "?api-version=2026-01-01";
    String token = Clients.rawToken(Clients.ARM_RESOURCE, null);
    Clients.send(
        Clients.arm(
            cloud,
            "PUT",
            path,
            "{\"location\":\"westeurope\",\"identity\":{\"type\":\"SystemAssigned\"}}",
            token));
    clock.advance(Duration.ofSeconds(20));
    return Clients.parse(Clients.send(Clients.arm(cloud, "GET", path, null, token)).body())
        .at("/identity/principalId")
        .asText();
  }

  private String readyPrincipal() {
    String principal = UUID.randomUUID().toString();
    cloud.addPrincipal(principal);
    return principal;
  }

  private static RoleAssignmentCreateParameters grant(String principal, String role) {
    return new RoleAssignmentCreateParameters()
        .withRoleDefinitionId(
            "/subscriptions/" + SUB + "/providers/Microsoft.Authorization/roleDefinitions/" + role)
        .withPrincipalId(principal)
        .withPrincipalType(PrincipalType.SERVICE_PRINCIPAL);
  }

  private static Consumer<Throwable> error(int status, String code) {
    return t -> {
      assertThat(t).isInstanceOf(ManagementException.class);
      ManagementException e = (ManagementException) t;
      assertThat(e.getResponse().getStatusCode()).isEqualTo(status);
      assertThat(e.getValue().getCode()).isEqualTo(code);
    };
  }
}

package dev.lakewire.azure;

import static dev.lakewire.azure.LocalArm.RG;
import static dev.lakewire.azure.LocalArm.SUB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakewire.local.cloud.LoggedRequest;
import dev.lakewire.ports.AccessConnector;
import dev.lakewire.ports.AccessConnectorSpec;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.Reconciled.Operation;
import dev.lakewire.ports.Reconciler;
import dev.lakewire.ports.RoleAssignmentSpec;
import dev.lakewire.ports.StorageAccount;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArmRoleAssignmentsTest {

  private static final String BLOB_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

  private final LocalArm local = new LocalArm();
  private final ArmRoleAssignments roles = new ArmRoleAssignments(local.arm);
  private String account;
  private String container;

  @BeforeEach
  void seed() {
    account = local.cloud.addStorageAccount(SUB, "rg-lake", "stlake", "westeurope", true);
    container = account + "/blobServices/default/containers/raw";
  }

  @AfterEach
  void stop() {
    local.close();
  }

  /** A new connector's principal: visible to ARM 30 s after the connector is ready. */
  private String newConnectorPrincipal() {
    ArmAccessConnectors connectors = new ArmAccessConnectors(local.arm);
    String id =
        "/subscriptions/"
            + SUB
            + "/resourceGroups/"
            + RG
            + "/providers/Microsoft.Databricks/accessConnectors/ws-uc";
    local.cloud.addResourceGroup(SUB, RG, "westeurope");
    connectors.create(new AccessConnectorSpec(id, "westeurope", null, Map.of()));
    local.clock.advance(Duration.ofSeconds(20));
    AccessConnector c = connectors.find(id).orElseThrow();
    assertThat(c.ready()).isTrue();
    return c.principalId();
  }

  private static RoleAssignmentSpec spec(String scope, String principal) {
    return new RoleAssignmentSpec(
        UUID.nameUUIDFromBytes((scope + principal).getBytes()).toString(),
        scope,
        principal,
        BLOB_CONTRIBUTOR);
  }

  @Test
  void grantsARoleOnceThePrincipalIsVisibleAndNotBefore() {
    String principal = newConnectorPrincipal();
    RoleAssignmentSpec spec = spec(container, principal);

    assertThatThrownBy(() -> Reconciler.createFirst(roles, spec))
        .isInstanceOf(CloudFailure.NotYet.class)
        .hasMessageContaining("not visible");
    assertThat(local.cloud.counts().roleAssignments()).isZero();

    local.clock.advance(Duration.ofSeconds(30));

    assertThat(Reconciler.createFirst(roles, spec).operation()).isEqualTo(Operation.CREATED);
    assertThat(local.cloud.hasRoleAssignment(container, principal, BLOB_CONTRIBUTOR)).isTrue();
    LoggedRequest put = local.armRequests().get(local.armRequests().size() - 1);
    assertThat(put.method()).isEqualTo("PUT");
    assertThat(put.path())
        .endsWith("/providers/Microsoft.Authorization/roleAssignments/" + spec.name());
  }

  @Test
  void anAssignmentThatExistsUnderItsNameIsOneIdempotentPutWithoutAGetFirst() {
    String principal = newConnectorPrincipal();
    local.clock.advance(Duration.ofSeconds(30));
    RoleAssignmentSpec spec = spec(account, principal);
    assertThat(Reconciler.createFirst(roles, spec).operation()).isEqualTo(Operation.CREATED);
    int before = local.armRequests().size();

    assertThat(Reconciler.createFirst(roles, spec).operation()).isEqualTo(Operation.UNCHANGED);

    List<LoggedRequest> again = local.armRequests().subList(before, local.armRequests().size());
    // issue 11: one call per assignment; ARM answers the same PUT with 200 and changes nothing
    assertThat(again).extracting(LoggedRequest::method).containsExactly("PUT");
    assertThat(again).extracting(LoggedRequest::status).containsExactly(200);
    assertThat(local.cloud.counts().roleAssignments()).isEqualTo(1);
  }

  @Test
  void theSameGrantUnderAnotherNameCountsAsDone() {
    String principal = newConnectorPrincipal();
    local.clock.advance(Duration.ofSeconds(30));
    Reconciler.createFirst(
        roles,
        new RoleAssignmentSpec(
            UUID.randomUUID().toString(), container, principal, BLOB_CONTRIBUTOR));

    Operation result = Reconciler.createFirst(roles, spec(container, principal)).operation();

    assertThat(result).isEqualTo(Operation.UNCHANGED);
    assertThat(local.cloud.counts().roleAssignments()).isEqualTo(1);
    assertThat(local.armRequests().get(local.armRequests().size() - 1).status()).isEqualTo(409);
  }

  @Test
  void aDeniedWriteIsPermanentAndNamesTheMissingPermission() {
    String principal = newConnectorPrincipal();
    local.clock.advance(Duration.ofSeconds(30));
    local.cloud.denyRoleAssignmentWrites(account, true);

    assertThatThrownBy(() -> Reconciler.createFirst(roles, spec(container, principal)))
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("Microsoft.Authorization/roleAssignments/write")
        .hasMessageContaining(container);
    assertThat(local.cloud.counts().roleAssignments()).isZero();
  }

  @Test
  void readsWhetherAnAccountHasAHierarchicalNamespace() {
    String flat = local.cloud.addStorageAccount(SUB, "rg-lake", "stflat", "westeurope", false);
    ArmStorageAccounts accounts = new ArmStorageAccounts(local.arm);

    StorageAccount gen2 = accounts.find(account).orElseThrow();
    StorageAccount blob = accounts.find(flat).orElseThrow();

    assertThat(gen2.hierarchicalNamespace()).isTrue();
    assertThat(gen2.name()).isEqualTo("stlake");
    assertThat(gen2.dfsEndpoint()).contains("stlake.dfs.");
    assertThat(blob.hierarchicalNamespace()).isFalse();
    assertThat(accounts.find(account.replace("stlake", "stnone"))).isEmpty();
  }
}

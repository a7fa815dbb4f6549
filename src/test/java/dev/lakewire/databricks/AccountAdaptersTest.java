package dev.lakewire.databricks;

import static dev.lakewire.databricks.LocalWorkspace.WEU;
import static dev.lakewire.databricks.LocalWorkspace.WEU_OTHER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakewire.local.cloud.LoggedRequest;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.MetastoreAssignment;
import dev.lakewire.ports.Reconciled.Operation;
import dev.lakewire.ports.Reconciler;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The account-level adapters against the local cloud's Databricks account. */
class AccountAdaptersTest {

  private final LocalWorkspace local = new LocalWorkspace();

  @AfterEach
  void stop() {
    local.close();
  }

  @Test
  void theOldWorkspaceLevelPathFailsPermanentlyForANonMemberAndTheAccountPathWorks() {
    UnityCatalogMetastores workspaceLevel = new UnityCatalogMetastores(local.clients);
    assertThatThrownBy(() -> workspaceLevel.current(local.workspace))
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("not a member of the workspace")
        .hasMessageContaining("User not authorized.");

    assertThat(local.accountMetastores.current(local.workspace)).isEmpty();
    Reconciler.reconcile(
        local.accountMetastores, MetastoreAssignment.desired(local.workspace, WEU, "main", false));
    assertThat(Reconciler.reconcile(local.memberships, local.workspace).operation())
        .isEqualTo(Operation.CREATED);

    assertThat(local.accountMetastores.current(local.workspace)).contains(WEU);
    assertThat(workspaceLevel.current(local.workspace)).isEmpty(); // not in effect yet
    assertThat(local.cloud.workspaceMembership(local.workspaceId, local.applicationId))
        .contains(List.of("USER"));
  }

  @Test
  void joiningTwiceWritesOnce() {
    Reconciler.reconcile(
        local.accountMetastores, MetastoreAssignment.desired(local.workspace, WEU, "main", false));

    assertThat(Reconciler.reconcile(local.memberships, local.workspace).operation())
        .isEqualTo(Operation.CREATED);
    assertThat(Reconciler.reconcile(local.memberships, local.workspace).operation())
        .isEqualTo(Operation.UNCHANGED);

    assertThat(local.cloud.requests())
        .filteredOn(r -> r.method().equals("PUT") && r.path().contains("/permissionassignments/"))
        .hasSize(1);
    // the service principal was looked up once, by application id
    assertThat(local.cloud.requests())
        .filteredOn(r -> r.path().endsWith("/scim/v2/ServicePrincipals"))
        .extracting(LoggedRequest::method)
        .containsOnly("GET");
  }

  @Test
  void assigningWhatIsAssignedAlreadyIsDoneAndUnassignRemovesIt() {
    Reconciler.reconcile(
        local.accountMetastores, MetastoreAssignment.desired(local.workspace, WEU, "main", false));
    Reconciler.createFirst(
        local.accountMetastores,
        MetastoreAssignment.desired(local.workspace, WEU, "main", false)); // a racing twin: 409

    Reconciler.delete(
        local.accountMetastores, MetastoreAssignment.desired(local.workspace, WEU, "main", false));
    Reconciler.delete(
        local.accountMetastores, MetastoreAssignment.desired(local.workspace, WEU, "main", false));

    assertThat(local.accountMetastores.current(local.workspace)).isEmpty();
    Reconciler.reconcile(
        local.accountMetastores,
        MetastoreAssignment.desired(local.workspace, WEU_OTHER, "main", false));
    assertThatThrownBy(
            () ->
                Reconciler.reconcile(
                    local.accountMetastores,
                    MetastoreAssignment.desired(local.workspace, WEU, "main", false)))
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void aNonAdminIsAPermanentFailureNamingTheAccountAdminRole() {
    local.cloud.addAccountServicePrincipal(local.applicationId, false);

    assertThatThrownBy(
            () ->
                Reconciler.reconcile(
                    local.accountMetastores,
                    MetastoreAssignment.desired(local.workspace, WEU, "main", false)))
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("must be an account admin of Databricks account")
        .hasMessageContaining(local.cloud.databricksAccountId());
    assertThat(local.cloud.assignedMetastore(local.workspaceId)).isEmpty();
  }

  @Test
  void aPrincipalMissingFromTheAccountIsNamedByItsApplicationId() {
    AccountWorkspaceMemberships stranger =
        new AccountWorkspaceMemberships(
            local.account, () -> "0f0f0f0f-0000-4000-8000-000000000042");
    Reconciler.reconcile(
        local.accountMetastores, MetastoreAssignment.desired(local.workspace, WEU, "main", false));

    assertThatThrownBy(() -> Reconciler.reconcile(stranger, local.workspace))
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("application id 0f0f0f0f-0000-4000-8000-000000000042")
        .hasMessageContaining("is not in Databricks account");
  }

  @Test
  void lakewireFindsItsOwnApplicationIdInItsToken() {
    assertThat(local.clients.ownApplicationId()).isEqualTo(local.applicationId);
  }
}

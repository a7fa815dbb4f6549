package dev.lakewire.databricks;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.databricks.sdk.AccountClient;
import dev.lakewire.azure.ArmClients;
import dev.lakewire.azure.ArmWorkspaces;
import dev.lakewire.local.ManualClock;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.local.cloud.LoggedRequest;
import dev.lakewire.ports.MetastoreAssignment;
import dev.lakewire.ports.Reconciler;
import dev.lakewire.ports.Workspace;
import java.util.List;

/**
 * A local cloud on a manual clock with one workspace in westeurope and a metastore there, and the
 * production Databricks clients pointed at it (the workspace URL comes from ARM, as in Azure).
 */
final class LocalWorkspace implements AutoCloseable {

  static final String SUB = "11111111-1111-1111-1111-111111111111";
  static final String WEU = "11111111-aaaa-4aaa-8aaa-000000000001";
  static final String WEU_OTHER = "11111111-aaaa-4aaa-8aaa-000000000003";

  final ManualClock clock = ManualClock.atEpochOfDemo();
  final LocalCloud cloud;
  final WorkspaceClients clients;
  final String workspaceId;
  final Workspace workspace;

  /** lakewire's application id: the default principal's, an account admin here. */
  final String applicationId = LocalCloud.applicationIdFor(null);

  final AccountClient account;
  final AccountMetastoreAssignments accountMetastores;
  final AccountWorkspaceMemberships memberships;

  LocalWorkspace(CloudOptions options) {
    cloud = LocalCloud.start(options.withClock(clock));
    TokenCredential credential = new ManagedIdentityCredentialBuilder().build();
    workspaceId = cloud.addWorkspace(SUB, "rg-data", "ws-sales", "westeurope", "Succeeded");
    cloud.addMetastore(WEU, "westeurope");
    cloud.addMetastore(WEU_OTHER, "westeurope");
    workspace =
        new ArmWorkspaces(new ArmClients(credential, cloud.armEndpoint(), clock))
            .find(workspaceId)
            .orElseThrow();
    clients =
        WorkspaceClients.create(
            credential,
            clock,
            3,
            java.time.Duration.ofSeconds(1),
            LocalCloud.DATABRICKS_DOMAIN,
            cloud.databricksTransport());
    cloud.addAccountServicePrincipal(applicationId, true);
    account = clients.account(cloud.databricksAccountsHost(), cloud.databricksAccountId());
    accountMetastores = new AccountMetastoreAssignments(account);
    memberships = new AccountWorkspaceMemberships(account, () -> applicationId);
  }

  /**
   * What step 3 does before its workspace-level calls: the metastore through the account, lakewire
   * joins the workspace, and the assignment lag passes.
   */
  void bind(String metastoreId) {
    Reconciler.reconcile(
        accountMetastores, MetastoreAssignment.desired(workspace, metastoreId, "main", false));
    Reconciler.reconcile(memberships, workspace);
    clock.advance(CloudOptions.defaults().metastoreAssignmentLag());
  }

  LocalWorkspace() {
    this(CloudOptions.defaults());
  }

  /** The Unity Catalog requests logged so far. */
  List<LoggedRequest> unityCatalogRequests() {
    return cloud.requests().stream().filter(r -> r.path().startsWith("/api/")).toList();
  }

  @Override
  public void close() {
    cloud.close();
  }
}

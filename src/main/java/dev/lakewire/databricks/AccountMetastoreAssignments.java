package dev.lakewire.databricks;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.service.catalog.AccountsCreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.AccountsMetastoreAssignment;
import com.databricks.sdk.service.catalog.CreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.MetastoreAssignment;
import dev.lakewire.ports.MetastoreAssignments;
import dev.lakewire.ports.Workspace;
import java.util.Objects;
import java.util.Optional;

/**
 * Metastore assignments through the Databricks account API (databricks-sdk-java {@code
 * AccountClient.metastoreAssignments()}, {@code AccountMetastoreAssignmentsImpl}):
 *
 * <ul>
 *   <li>{@code GET /api/2.0/accounts/{account_id}/workspaces/{workspace_id}/metastore}
 *   <li>{@code POST /api/2.0/accounts/{account_id}/workspaces/{workspace_id}/metastores/
 *       {metastore_id}} with {@code {"metastore_assignment": {"metastore_id",
 *       "default_catalog_name"}}}
 *   <li>{@code DELETE /api/2.0/accounts/{account_id}/workspaces/{workspace_id}/metastores/
 *       {metastore_id}}
 * </ul>
 *
 * Only an account admin may call them; lakewire needs no membership of the workspace for them.
 */
public final class AccountMetastoreAssignments implements MetastoreAssignments {

  private final AccountClient account;
  private final String accountId;

  public AccountMetastoreAssignments(AccountClient account) {
    this.account = Objects.requireNonNull(account, "account");
    this.accountId = account.config().getAccountId();
  }

  @Override
  public Optional<String> current(Workspace workspace) {
    AccountsMetastoreAssignment a;
    try {
      a = account.metastoreAssignments().get(AccountFailures.workspaceId(workspace));
    } catch (RuntimeException e) {
      if (DatabricksFailures.isNotFound(e)) {
        return Optional.empty();
      }
      throw AccountFailures.classify(
          "read the metastore assignment of workspace " + workspace.name(), accountId, e);
    }
    return Optional.ofNullable(a)
        .map(AccountsMetastoreAssignment::getMetastoreAssignment)
        .map(MetastoreAssignment::getMetastoreId)
        .filter(id -> !id.isBlank());
  }

  @Override
  public void assign(Workspace workspace, String metastoreId, String defaultCatalogName) {
    long workspaceId = AccountFailures.workspaceId(workspace);
    try {
      account
          .metastoreAssignments()
          .create(
              new AccountsCreateMetastoreAssignment()
                  .setWorkspaceId(workspaceId)
                  .setMetastoreId(metastoreId)
                  .setMetastoreAssignment(
                      new CreateMetastoreAssignment()
                          .setMetastoreId(metastoreId)
                          .setDefaultCatalogName(defaultCatalogName)));
    } catch (RuntimeException e) {
      // Two deliveries racing: the other one assigned it first.
      if (DatabricksFailures.isAlreadyExists(e)
          && current(workspace).filter(metastoreId::equalsIgnoreCase).isPresent()) {
        return;
      }
      throw AccountFailures.classify(
          "assign metastore " + metastoreId + " to workspace " + workspace.name(), accountId, e);
    }
  }

  @Override
  public void unassign(Workspace workspace, String metastoreId) {
    try {
      account.metastoreAssignments().delete(AccountFailures.workspaceId(workspace), metastoreId);
    } catch (RuntimeException e) {
      if (DatabricksFailures.isNotFound(e)) {
        return;
      }
      throw AccountFailures.classify(
          "unassign metastore " + metastoreId + " from workspace " + workspace.name(),
          accountId,
          e);
    }
  }
}

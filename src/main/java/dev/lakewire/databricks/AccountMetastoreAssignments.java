package dev.lakewire.databricks;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.service.catalog.AccountsCreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.AccountsMetastoreAssignment;
import com.databricks.sdk.service.catalog.CreateMetastoreAssignment;
import dev.lakewire.ports.Managed;
import dev.lakewire.ports.MetastoreAssignment;
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
        .map(com.databricks.sdk.service.catalog.MetastoreAssignment::getMetastoreId)
        .filter(id -> !id.isBlank());
  }

  @Override
  public MetastoreAssignment create(MetastoreAssignment desired) {
    Workspace workspace = desired.workspace();
    String metastoreId = desired.metastoreId();
    try {
      account
          .metastoreAssignments()
          .create(
              new AccountsCreateMetastoreAssignment()
                  .setWorkspaceId(AccountFailures.workspaceId(workspace))
                  .setMetastoreId(metastoreId)
                  .setMetastoreAssignment(
                      new CreateMetastoreAssignment()
                          .setMetastoreId(metastoreId)
                          .setDefaultCatalogName(desired.defaultCatalogName())));
      return desired;
    } catch (RuntimeException e) {
      if (DatabricksFailures.isAlreadyExists(e)) {
        // two deliveries racing: the other one assigned first (the loop compares what it did)
        throw new Managed.AlreadyExists(desired.describe() + " exists", null, e);
      }
      throw AccountFailures.classify(
          "assign metastore " + metastoreId + " to workspace " + workspace.name(), accountId, e);
    }
  }

  @Override
  public boolean delete(MetastoreAssignment expected, MetastoreAssignment actual) {
    Workspace workspace = actual.workspace();
    try {
      account
          .metastoreAssignments()
          .delete(AccountFailures.workspaceId(workspace), actual.metastoreId());
      return true;
    } catch (RuntimeException e) {
      if (DatabricksFailures.isNotFound(e)) {
        return false;
      }
      throw AccountFailures.classify(
          "unassign metastore " + actual.metastoreId() + " from workspace " + workspace.name(),
          accountId,
          e);
    }
  }
}

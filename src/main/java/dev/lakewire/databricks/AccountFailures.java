package dev.lakewire.databricks;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.Unauthenticated;
import dev.lakewire.ports.CloudFailure;
import java.util.Optional;

/**
 * Failures of the Databricks account API: {@link PermissionDenied} (403) and {@link
 * Unauthenticated} (401) mean lakewire is not an account admin of the configured account (only
 * account admins may read or change metastore and workspace assignments); anything else goes
 * through {@link DatabricksFailures}.
 */
final class AccountFailures {

  private AccountFailures() {}

  static CloudFailure classify(String operation, String accountId, RuntimeException e) {
    Optional<DatabricksError> d = DatabricksFailures.error(e);
    if (d.isPresent()
        && (d.get() instanceof PermissionDenied || d.get() instanceof Unauthenticated)) {
      return new CloudFailure.Permanent(
          operation
              + " was refused ("
              + d.get().getStatusCode()
              + "): lakewire's identity must be an account admin of Databricks account "
              + accountId
              + " (LAKEWIRE_DATABRICKS_ACCOUNT_ID). Databricks said: "
              + d.get().getMessage(),
          e);
    }
    return DatabricksFailures.classify(operation, e);
  }

  static long workspaceId(dev.lakewire.ports.Workspace workspace) {
    try {
      return Long.parseLong(workspace.workspaceId());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "workspace "
              + workspace.id()
              + " has no numeric workspace id: "
              + workspace.workspaceId(),
          e);
    }
  }
}

package dev.lakewire.databricks;

import com.databricks.sdk.service.catalog.MetastoreAssignment;
import dev.lakewire.ports.Workspace;
import dev.lakewire.ports.WorkspaceMetastores;
import java.util.Optional;

/**
 * The metastore a workspace itself reports: {@code GET
 * /api/2.1/unity-catalog/current-metastore-assignment} on the workspace (a workspace-level call:
 * lakewire must be a member). A 404 ({@code METASTORE_DOES_NOT_EXIST}) means none yet. Assigning
 * goes through the account ({@link AccountMetastoreAssignments}).
 */
public final class UnityCatalogMetastores implements WorkspaceMetastores {

  private final WorkspaceClients clients;

  public UnityCatalogMetastores(WorkspaceClients clients) {
    this.clients = clients;
  }

  @Override
  public Optional<String> current(Workspace workspace) {
    MetastoreAssignment a;
    try {
      a = clients.client(workspace).metastores().current();
    } catch (RuntimeException e) {
      if (DatabricksFailures.isNotFound(e)) {
        return Optional.empty();
      }
      throw DatabricksFailures.classify(
          "read the metastore assignment of workspace " + workspace.name(), e);
    }
    return Optional.ofNullable(a)
        .map(MetastoreAssignment::getMetastoreId)
        .filter(id -> !id.isBlank());
  }
}

package dev.lakewire.databricks;

import com.databricks.sdk.service.catalog.CreateMetastoreAssignment;
import com.databricks.sdk.service.catalog.MetastoreAssignment;
import dev.lakewire.ports.MetastoreAssignments;
import dev.lakewire.ports.Workspace;
import java.util.Optional;

/**
 * Unity Catalog metastore assignments of a workspace: {@code GET
 * /api/2.1/unity-catalog/current-metastore-assignment} and {@code PUT
 * /api/2.1/unity-catalog/workspaces/{workspace_id}/metastore} (which replaces an existing
 * assignment).
 */
public final class UnityCatalogMetastores implements MetastoreAssignments {

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

  @Override
  public void assign(Workspace workspace, String metastoreId, String defaultCatalogName) {
    long workspaceId;
    try {
      workspaceId = Long.parseLong(workspace.workspaceId());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "workspace "
              + workspace.id()
              + " has no numeric workspace id: "
              + workspace.workspaceId(),
          e);
    }
    try {
      clients
          .client(workspace)
          .metastores()
          .assign(
              new CreateMetastoreAssignment()
                  .setWorkspaceId(workspaceId)
                  .setMetastoreId(metastoreId)
                  .setDefaultCatalogName(defaultCatalogName));
    } catch (RuntimeException e) {
      throw DatabricksFailures.classify(
          "assign metastore " + metastoreId + " to workspace " + workspace.name(), e);
    }
  }
}

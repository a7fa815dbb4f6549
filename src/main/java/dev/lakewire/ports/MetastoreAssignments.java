package dev.lakewire.ports;

import java.util.Optional;

/**
 * Unity Catalog metastore assignments of workspaces, as the Databricks account records them (the
 * account-level API: only an account admin may read or change them). A new assignment takes a while
 * to take effect inside the workspace: see {@link WorkspaceMetastores}.
 */
public interface MetastoreAssignments {

  /** The metastore id the account has assigned to the workspace, or empty when none. */
  Optional<String> current(Workspace workspace);

  /** Assigns the metastore to a workspace that has none; already assigned to it counts as done. */
  void assign(Workspace workspace, String metastoreId, String defaultCatalogName);

  /** Removes the workspace's assignment to this metastore; no assignment counts as done. */
  void unassign(Workspace workspace, String metastoreId);
}

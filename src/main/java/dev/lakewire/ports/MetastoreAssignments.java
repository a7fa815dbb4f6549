package dev.lakewire.ports;

import java.util.Optional;

/** Unity Catalog metastore assignments of a workspace. */
public interface MetastoreAssignments {

  /** The metastore id currently assigned to the workspace, or empty when none is. */
  Optional<String> current(Workspace workspace);

  /** Assigns (or re-assigns) the metastore to the workspace. */
  void assign(Workspace workspace, String metastoreId, String defaultCatalogName);
}

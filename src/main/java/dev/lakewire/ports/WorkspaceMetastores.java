package dev.lakewire.ports;

import java.util.Optional;

/**
 * The metastore a workspace itself reports as assigned (its {@code current-metastore-assignment}).
 * It lags the account's assignment ({@link MetastoreAssignments}) by a while after a change, and
 * every workspace-level Unity Catalog call sees what this sees.
 */
public interface WorkspaceMetastores {

  /** The metastore id in effect in the workspace, or empty when it reports none. */
  Optional<String> current(Workspace workspace);
}

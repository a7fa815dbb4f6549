package dev.lakewire.ports;

import java.util.Optional;

/**
 * Unity Catalog metastore assignments of workspaces, as the Databricks account records them (the
 * account-level API: only an account admin may read or change them), a {@link Managed} thing. A new
 * assignment takes a while to take effect inside the workspace: see {@link WorkspaceMetastores}.
 */
public interface MetastoreAssignments extends Managed<MetastoreAssignment, MetastoreAssignment> {

  /** The metastore id the account has assigned to the workspace, or empty when none. */
  Optional<String> current(Workspace workspace);

  @Override
  default Optional<MetastoreAssignment> fetch(MetastoreAssignment desired) {
    return current(desired.workspace())
        .map(id -> MetastoreAssignment.shown(desired.workspace(), id));
  }

  /** Assigns the metastore to a workspace that has none ({@link AlreadyExists} when it has one). */
  @Override
  MetastoreAssignment create(MetastoreAssignment desired);

  /**
   * Replaces another assignment: a workspace has one, so the old one goes first (a crash in between
   * leaves none, which the next run assigns).
   */
  @Override
  default MetastoreAssignment update(MetastoreAssignment desired, MetastoreAssignment actual) {
    delete(actual, actual);
    return create(desired);
  }

  /**
   * Removes the workspace's assignment to {@code actual}'s metastore; false when there was none.
   */
  @Override
  boolean delete(MetastoreAssignment expected, MetastoreAssignment actual);
}

package dev.lakewire.ports;

/** Azure RBAC role assignments. */
public interface RoleAssignments {

  /** What {@link #ensure} found. */
  enum Result {
    CREATED,
    ALREADY_EXISTED
  }

  /**
   * Makes sure the assignment exists. An existing assignment (same name, or 409
   * RoleAssignmentExists) counts as done. A principal ARM cannot see yet raises {@link
   * CloudFailure.NotYet}.
   */
  Result ensure(RoleAssignmentSpec spec);
}

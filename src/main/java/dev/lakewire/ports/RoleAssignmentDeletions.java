package dev.lakewire.ports;

/**
 * Role assignments lakewire removes (offboarding) with {@link Reconciler#delete}: only while one
 * holds the principal and role lakewire gave it. A separate port from {@link RoleAssignments} so
 * that the onboarding steps cannot delete anything.
 */
public interface RoleAssignmentDeletions {

  /**
   * The role assignments, observed and compared as {@link RoleAssignments} does, deleted by one
   * DELETE: ARM answers 200 with the deleted assignment, or 204 (false) when there was none.
   */
  Managed<RoleAssignmentSpec, RoleAssignmentSpec> roleAssignments();
}

package dev.lakewire.ports;

/**
 * Role assignments lakewire removes (offboarding), the same {@link Managed} thing as {@link
 * RoleAssignments} with {@link #delete} instead of create: a separate port so that the onboarding
 * steps cannot delete anything. {@link Reconciler#delete} deletes an assignment only while it holds
 * the principal and role lakewire gave it.
 */
public interface RoleAssignmentDeletions extends Managed<RoleAssignmentSpec, RoleAssignmentSpec> {

  /** DELETE; ARM answers 200 with the deleted assignment, or 204 (false) when there was none. */
  @Override
  boolean delete(RoleAssignmentSpec expected, RoleAssignmentSpec actual);
}

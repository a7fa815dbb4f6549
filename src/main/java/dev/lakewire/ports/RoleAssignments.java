package dev.lakewire.ports;

import java.util.List;

/**
 * Azure RBAC role assignments lakewire grants, a {@link Managed} thing: {@link #fetch} reads one by
 * its name at its scope, {@link #create} PUTs it. A principal ARM cannot see yet raises {@link
 * CloudFailure.NotYet}; the same grant under another name (409 {@code RoleAssignmentExists}) is
 * {@link Managed.AlreadyExists}. Onboarding creates them with {@link Reconciler#createFirst} (one
 * PUT, no read before it: issue 11).
 */
public interface RoleAssignments extends Managed<RoleAssignmentSpec, RoleAssignmentSpec> {

  @Override
  RoleAssignmentSpec create(RoleAssignmentSpec desired);

  /**
   * Called before creating {@code specs}: an adapter may first make sure the cloud will take all of
   * them (ARM's write quota), so that a throttle does not leave half of them done and the other
   * half to be sent again with the first half (issue 11). Does nothing by default.
   */
  default void reserveWrites(List<RoleAssignmentSpec> specs) {}
}

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
   * Makes sure the cloud will take one assignment write at each of {@code scopes} (a scope may
   * repeat) before the caller spends reads or writes that lead to them: ARM's write quota, reserved
   * now and spent by the writes that follow (a reservation made before is credit). When it would
   * not take them all now, throws {@link CloudFailure.Throttled} with the time to come back, and
   * nothing was read or written, so the re-check repeats nothing (issue 11). Default: nothing.
   */
  default void reserveWrites(List<String> scopes) {}
}

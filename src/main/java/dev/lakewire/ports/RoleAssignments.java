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

  /**
   * {@link #ensure} of each, in order: an adapter may first make sure the cloud will take all of
   * them (ARM's write quota), so that a throttle does not leave half of them done and the other
   * half to be sent again with the first half (issue 11).
   */
  default java.util.List<Result> ensureAll(java.util.List<RoleAssignmentSpec> specs) {
    java.util.List<Result> out = new java.util.ArrayList<>();
    for (RoleAssignmentSpec spec : specs) {
      out.add(ensure(spec));
    }
    return out;
  }

  /**
   * Makes sure the cloud will take one assignment write at each of {@code scopes} (a scope may
   * repeat) before the caller spends reads that lead to them: ARM's write quota, reserved now and
   * spent by the writes that follow. When it would not take them all now, throws {@link
   * CloudFailure.Throttled} with the time to come back, and nothing was read or written, so the
   * re-check repeats nothing (issue 11). Default: nothing to reserve.
   */
  default void reserveWrites(java.util.List<String> scopes) {}

  /**
   * Whether the assignment exists under its name with its principal and role (a read, for {@code
   * lakewire plan}). A name holding another principal or role is {@link CloudFailure.Permanent}, as
   * {@link #ensure} would find.
   *
   * @throws UnsupportedOperationException when this implementation cannot read
   */
  default boolean exists(RoleAssignmentSpec spec) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot read role assignments");
  }
}

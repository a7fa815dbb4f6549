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

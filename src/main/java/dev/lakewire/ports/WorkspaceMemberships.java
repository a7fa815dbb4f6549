package dev.lakewire.ports;

/**
 * lakewire's own service principal as a member of a Databricks workspace (an account-level
 * workspace assignment). A principal that is not a member gets 403 on every workspace-level API.
 */
public interface WorkspaceMemberships {

  /** What {@link #ensureMember} found. */
  enum Result {
    JOINED,
    ALREADY_MEMBER
  }

  /**
   * Makes lakewire's service principal a member of the workspace.
   *
   * @throws CloudFailure.Permanent when lakewire's principal is not in the Databricks account, or
   *     is not allowed to manage workspace assignments (not an account admin)
   */
  Result ensureMember(Workspace workspace);

  /**
   * Whether lakewire's service principal is a member of the workspace already (a read, for {@code
   * lakewire plan}).
   *
   * @throws UnsupportedOperationException when this implementation cannot read
   */
  default boolean isMember(Workspace workspace) {
    throw new UnsupportedOperationException(
        getClass().getName() + " cannot read workspace memberships");
  }
}

package dev.lakewire.ports;

/**
 * lakewire's own service principal as a member of a Databricks workspace (an account-level
 * workspace assignment), a {@link Managed} thing whose desired and actual state is the workspace it
 * is a member of: {@link #fetch} shows the workspace while lakewire is a member, {@link #create}
 * joins it. A principal that is not a member gets 403 on every workspace-level API. Any membership
 * matches (a permission someone gave lakewire is never downgraded).
 */
public interface WorkspaceMemberships extends Managed<Workspace, Workspace> {

  @Override
  default String describe(Workspace workspace) {
    return "lakewire's membership of workspace " + workspace.name();
  }

  @Override
  default Match match(Workspace desired, Workspace actual) {
    return Match.MATCHES;
  }

  /**
   * Makes lakewire's service principal a member of the workspace.
   *
   * @throws CloudFailure.Permanent when lakewire's principal is not in the Databricks account, or
   *     is not allowed to manage workspace assignments (not an account admin)
   */
  @Override
  Workspace create(Workspace workspace);
}

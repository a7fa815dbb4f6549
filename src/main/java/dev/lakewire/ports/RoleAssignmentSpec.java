package dev.lakewire.ports;

/**
 * A role assignment: the one lakewire wants to exist (desired) or one ARM shows (actual).
 *
 * @param name the role assignment GUID (deterministic, see the naming rules)
 * @param scope the ARM scope (a storage account or a container)
 * @param principalId the object id of the service principal
 * @param roleDefinitionGuid the GUID of the role definition (built-in roles have fixed GUIDs)
 */
public record RoleAssignmentSpec(
    String name, String scope, String principalId, String roleDefinitionGuid)
    implements Desired<RoleAssignmentSpec> {

  /** For messages: {@code role assignment <name> on <scope>}. */
  @Override
  public String describe() {
    return "role assignment " + name + " on " + scope;
  }

  /**
   * What matters of a role assignment: its principal, role and scope (ARM ids and GUIDs compared
   * case-insensitively). An assignment cannot be changed in place (ARM answers 409 {@code
   * RoleAssignmentUpdateNotPermitted}), so no difference is correctable.
   */
  @Override
  public Match match(RoleAssignmentSpec actual) {
    return new Match.Differences()
        .ignoringCase("principal", this.principalId, actual.principalId, false)
        .ignoringCase("role", this.roleDefinitionGuid, actual.roleDefinitionGuid, false)
        .ignoringCase("scope", this.scope, actual.scope, false)
        .result();
  }
}

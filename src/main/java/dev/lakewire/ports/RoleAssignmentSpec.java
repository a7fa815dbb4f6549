package dev.lakewire.ports;

/**
 * A role assignment lakewire wants to exist.
 *
 * @param name the role assignment GUID (deterministic, see the naming rules)
 * @param scope the ARM scope (a storage account or a container)
 * @param principalId the object id of the service principal
 * @param roleDefinitionGuid the GUID of the role definition (built-in roles have fixed GUIDs)
 */
public record RoleAssignmentSpec(
    String name, String scope, String principalId, String roleDefinitionGuid) {}

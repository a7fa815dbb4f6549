package dev.lakewire.azure;

import com.azure.core.util.Context;
import dev.lakewire.ports.RoleAssignmentDeletions;
import dev.lakewire.ports.RoleAssignmentSpec;
import java.util.Optional;

/** Deleting role assignments lakewire gave (offboarding), read as {@link ArmRoleAssignments}. */
public final class ArmRoleAssignmentDeletions implements RoleAssignmentDeletions {

  private final ArmClients arm;

  public ArmRoleAssignmentDeletions(ArmClients arm) {
    this.arm = arm;
  }

  @Override
  public Optional<RoleAssignmentSpec> fetch(RoleAssignmentSpec expected) {
    return ArmRoleAssignments.get(arm, expected.scope(), expected.name());
  }

  /**
   * DELETE of the assignment: 200 with the deleted assignment, 204 when there was none
   * (azure-rest-api-specs RoleAssignments_Delete.json, api-version 2022-04-01).
   */
  @Override
  public boolean delete(RoleAssignmentSpec expected, RoleAssignmentSpec actual) {
    String scope = expected.scope();
    try {
      return ArmRoleAssignments.client(arm, scope)
              .deleteWithResponse(ArmClients.relative(scope), expected.name(), null, Context.NONE)
              .getStatusCode()
          == 200;
    } catch (RuntimeException e) {
      if (ArmFailures.isNotFound(e)) {
        return false;
      }
      throw arm.failures().classify("DELETE " + expected.describe(), e);
    }
  }
}

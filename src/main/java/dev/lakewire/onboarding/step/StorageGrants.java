package dev.lakewire.onboarding.step;

import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.policy.BuiltInRole;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.policy.TargetStorage;
import dev.lakewire.ports.Reconciled;
import dev.lakewire.ports.Reconciler;
import dev.lakewire.ports.RoleAssignmentSpec;
import dev.lakewire.ports.RoleAssignments;
import java.util.ArrayList;
import java.util.List;

/**
 * The storage role assignments of a connector's principal: the policy's roles on every target
 * scope, under their deterministic names, and how they are made (one reconcile each).
 */
final class StorageGrants {

  private StorageGrants() {}

  /** The policy's roles on every target storage scope for {@code principalId}. */
  static List<RoleAssignmentSpec> of(OnboardingPolicy policy, String principalId) {
    List<RoleAssignmentSpec> specs = new ArrayList<>();
    for (TargetStorage target : policy.storage()) {
      for (String scope : target.roleScopes()) {
        for (BuiltInRole role : policy.roles()) {
          specs.add(assignment(scope, principalId, role.guid()));
        }
      }
    }
    return specs;
  }

  /** The scope of each of {@link #of}'s grants, in order (known before the principal is). */
  static List<String> scopes(OnboardingPolicy policy) {
    return of(policy, "").stream().map(RoleAssignmentSpec::scope).toList();
  }

  /** The assignment of {@code roleGuid} to {@code principalId} at {@code scope}, by its name. */
  static RoleAssignmentSpec assignment(String scope, String principalId, String roleGuid) {
    return new RoleAssignmentSpec(
        Names.roleAssignment(scope, principalId, roleGuid), scope, principalId, roleGuid);
  }

  /**
   * Makes every one exist, all or none: the adapter first reserves the writes for all of them (a
   * throttle must not leave half of them to be sent again with the rest). Each is created first,
   * without a read before it (issue 11): one that exists is compared like a read one.
   *
   * @return how many were created now
   */
  static int grant(RoleAssignments roleAssignments, List<RoleAssignmentSpec> specs) {
    roleAssignments.reserveWrites(specs.stream().map(RoleAssignmentSpec::scope).toList());
    int created = 0;
    for (RoleAssignmentSpec spec : specs) {
      if (Reconciler.createFirst(roleAssignments, spec).operation()
          == Reconciled.Operation.CREATED) {
        created++;
      }
    }
    return created;
  }
}

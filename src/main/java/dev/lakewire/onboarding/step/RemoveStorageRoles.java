package dev.lakewire.onboarding.step;

import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.BuiltInRole;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.policy.TagPolicy;
import dev.lakewire.onboarding.policy.TargetStorage;
import dev.lakewire.ports.AccessConnector;
import dev.lakewire.ports.AccessConnectors;
import dev.lakewire.ports.Reconciled;
import dev.lakewire.ports.Reconciler;
import dev.lakewire.ports.RoleAssignmentDeletions;
import dev.lakewire.ports.Step;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Offboarding step 1: the storage role assignments lakewire gave the workspace's connector are
 * gone. They go <em>before</em> the connector, while its principal exists: Azure does not delete a
 * principal's role assignments with it, it leaves them behind as "Identity not found" (Azure RBAC
 * troubleshooting, "Role assignments with identity not found",
 * https://learn.microsoft.com/azure/role-based-access-control/troubleshooting), and their names can
 * only be computed from the principal id.
 *
 * <p>Only what lakewire created, known by its deterministic name ({@link Names#roleAssignment} of
 * target scope, principal, role) over every target scope and every role lakewire may grant ({@link
 * BuiltInRole}: a role the policy granted once and no longer lists goes too); each is read first
 * and deleted only when it still holds that principal and role. Nothing is removed unless the
 * connector is lakewire's for this workspace ({@link ConnectorOwnership}). With a user-assigned
 * connector identity ({@value OnboardingPolicy#CONNECTOR_IDENTITY}) every connector shares the
 * identity and so its role assignments: they serve every other workspace and are kept.
 */
public record RemoveStorageRoles(
    AccessConnectors connectors, RoleAssignmentDeletions roleAssignments, OnboardingPolicy policy)
    implements OnboardingStep {

  @Override
  public StepOutcome reconcile(StepMessage message) {
    WorkspaceRef ref = message.workspace();
    if (policy.connectorIdentity() != null) {
      return StepOutcome.advance(
          "kept the storage roles: they belong to the user-assigned identity "
              + policy.connectorIdentity()
              + ", which every workspace's connector shares");
    }
    String connectorId = Names.accessConnectorId(ref, policy.connectorSuffix());
    Optional<AccessConnector> found = connectors.find(connectorId);
    String principal;
    if (found.isPresent()) {
      Optional<String> refusal = ConnectorOwnership.refusal(found.get(), ref, null);
      if (refusal.isPresent()) {
        return StepOutcome.advance("removed nothing: " + notOurs(found.get()));
      }
      principal = found.get().principalOf(null);
    } else {
      // an earlier pass of this run saw the principal (the connector went since)
      principal = message.carried().principalId();
    }
    if (principal == null) {
      return StepOutcome.advance(
          "removed nothing: access connector "
              + connectorId
              + (found.isPresent() ? " shows no principal" : " does not exist")
              + ", so no role assignment name can be derived");
    }
    int removed = removeRoles(roleAssignments, policy, principal);
    return StepOutcome.advance(
        "removed " + removed + " storage role assignments of " + principal,
        message.carried().withPrincipal(principal),
        Duration.ZERO);
  }

  /**
   * Deletes every role assignment lakewire may have given {@code principal} on the target scopes:
   * under its deterministic name, and only when it still holds that principal and role.
   *
   * @return how many were deleted
   */
  static int removeRoles(
      RoleAssignmentDeletions roleAssignments, OnboardingPolicy policy, String principal) {
    int removed = 0;
    for (String scope : scopes(policy)) {
      for (BuiltInRole role : BuiltInRole.values()) {
        if (removeIfOurs(roleAssignments, scope, principal, role.guid())) {
          removed++;
        }
      }
    }
    return removed;
  }

  /**
   * Every scope lakewire may have granted a workspace's connector roles on: the configured targets'
   * and those a {@code lakewire:storage} / {@code lakewire:containers} tag may choose ({@value
   * TagPolicy#TAG_STORAGE}: its named containers and the account). The deleted workspace's tags can
   * no longer be read, so all of them are looked at. A {@code *} container (any name) cannot be
   * enumerated by name: roles granted on such a tag-chosen container are not found here.
   */
  static Set<String> scopes(OnboardingPolicy policy) {
    Set<String> scopes = new LinkedHashSet<>();
    for (TargetStorage target : policy.storage()) {
      scopes.addAll(target.roleScopes());
    }
    for (TargetStorage allowed : policy.tagPolicy().storage()) {
      List<String> named =
          allowed.containers().stream().filter(c -> !c.equals(TagPolicy.ANY_CONTAINER)).toList();
      scopes.addAll(new TargetStorage(allowed.storageAccountId(), named).roleScopes());
      scopes.add(allowed.storageAccountId());
    }
    return scopes;
  }

  /**
   * Deletes the assignment of {@code (scope, principal, role)} under its deterministic name when it
   * exists and still holds that principal and role (a name someone reused is left alone).
   *
   * @return whether it was deleted now
   */
  static boolean removeIfOurs(
      RoleAssignmentDeletions roleAssignments, String scope, String principal, String roleGuid) {
    return Reconciler.delete(
                roleAssignments.roleAssignments(),
                StorageGrants.assignment(scope, principal, roleGuid))
            .operation()
        == Reconciled.Operation.DELETED;
  }

  static String notOurs(AccessConnector c) {
    return "access connector "
        + c.id()
        + " is not lakewire's connector for this workspace (tags "
        + ConnectorOwnership.TAG_MANAGED
        + "/"
        + ConnectorOwnership.TAG_WORKSPACE
        + " or identity differ); lakewire leaves it and its role assignments alone";
  }

  @Override
  public Step step() {
    return Step.REMOVE_STORAGE_ROLES;
  }
}

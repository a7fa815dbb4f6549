package dev.lakewire.onboarding.step;

import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.ports.AccessConnector;
import dev.lakewire.ports.AccessConnectorDeletions;
import dev.lakewire.ports.AccessConnectorSpec;
import dev.lakewire.ports.AccessConnectors;
import dev.lakewire.ports.Reconciler;
import dev.lakewire.ports.RoleAssignmentDeletions;
import dev.lakewire.ports.Step;
import java.time.Duration;
import java.util.Optional;

/**
 * Offboarding step 3 (the last): lakewire's own Contributor assignment on the workspace's connector
 * (the one step 3 of onboarding gave itself to register the connector as a storage credential),
 * then the connector itself, only when {@link ConnectorOwnership} proves it is lakewire's for this
 * workspace. A connector under the deterministic name that is not (no lakewire tags for this
 * workspace, another identity) is left alone, and so is everything on it.
 *
 * <p>Before the connector goes, the storage roles of its principal are swept once more ({@link
 * RemoveStorageRoles#removeRoles}): an onboarding step that was already running when this
 * offboarding started (its message stale only from its next ledger write) may have granted one
 * since step 1; after the connector is gone no name could be derived any more.
 *
 * <p>ARM may answer the connector's DELETE with 202 and delete it asynchronously
 * (AccessConnectors_Delete: 200, 202 with Azure-AsyncOperation, 204): the step re-checks until a
 * GET no longer finds it (404 = done).
 */
public record RemoveAccessConnector(
    AccessConnectors connectors,
    AccessConnectorDeletions deletions,
    RoleAssignmentDeletions roleAssignments,
    OnboardingPolicy policy)
    implements OnboardingStep {

  @Override
  public StepOutcome reconcile(StepMessage message) {
    WorkspaceRef ref = message.workspace();
    String connectorId = Names.accessConnectorId(ref, policy.connectorSuffix());
    Optional<AccessConnector> found = connectors.find(connectorId);
    if (found.isEmpty()) {
      // gone already (deleted by this run's earlier pass, or by someone): lakewire's Contributor
      // at its scope may outlive it, as role assignments do
      boolean selfRemoved = removeSelfContributor(connectorId);
      return StepOutcome.advance(
          (selfRemoved ? "removed lakewire's Contributor on it; " : "")
              + "access connector "
              + connectorId
              + " is gone");
    }
    AccessConnector connector = found.get();
    if (ConnectorOwnership.refusal(connector, ref, policy.connectorIdentity()).isPresent()) {
      return StepOutcome.advance("removed nothing: " + RemoveStorageRoles.notOurs(connector));
    }
    if ("Deleting".equalsIgnoreCase(connector.provisioningState())) {
      return recheck(message, connector);
    }
    int swept = 0;
    String principal = connector.principalOf(null);
    if (policy.connectorIdentity() == null && principal != null) {
      swept = RemoveStorageRoles.removeRoles(roleAssignments, policy, principal);
    }
    boolean selfRemoved = removeSelfContributor(connectorId);
    AccessConnectorSpec expected =
        ConnectorOwnership.desired(
            connectorId, ref, connector.location(), policy.connectorIdentity());
    Reconciler.delete(deletions.connectors(), expected, found);
    Optional<AccessConnector> after = connectors.find(connectorId);
    String did =
        (selfRemoved ? "removed lakewire's Contributor on it, " : "")
            + (swept > 0 ? "swept " + swept + " late role assignments, " : "");
    if (after.isPresent()) {
      return StepOutcome.recheckAfter(
          DELETION_RECHECK, did + "deletion of access connector " + connectorId + " under way");
    }
    return StepOutcome.advance(did + "deleted access connector " + connector.name());
  }

  private boolean removeSelfContributor(String connectorId) {
    return RemoveStorageRoles.removeIfOurs(
        roleAssignments, connectorId, policy.wiring().selfPrincipalId(), BindMetastore.CONTRIBUTOR);
  }

  private static StepOutcome recheck(StepMessage message, AccessConnector connector) {
    return StepOutcome.recheckAfter(
        OnboardingPolicy.backoff(message.rechecks(), DELETION_RECHECK, DELETION_RECHECK_CAP),
        "access connector " + connector.name() + " is " + connector.provisioningState());
  }

  @Override
  public Step step() {
    return Step.REMOVE_ACCESS_CONNECTOR;
  }

  static final Duration DELETION_RECHECK = Duration.ofSeconds(10);
  static final Duration DELETION_RECHECK_CAP = Duration.ofMinutes(1);
}

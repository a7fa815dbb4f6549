package dev.lakewire.onboarding.step;

import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.ExpectedDelays;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.policy.TargetStorage;
import dev.lakewire.ports.AccessConnector;
import dev.lakewire.ports.AccessConnectors;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.RoleAssignmentSpec;
import dev.lakewire.ports.RoleAssignments;
import dev.lakewire.ports.StorageAccount;
import dev.lakewire.ports.StorageAccounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Step 2: the connector's identity holds the policy's roles on every target storage scope (each
 * container, or the account). The connector must be lakewire's for this workspace ({@link
 * ConnectorOwnership}, checked again here: a step message may come from anywhere the queue accepts
 * it from, and the connector may have changed since step 1); the roles go to exactly the configured
 * identity's principal. Waits while the connector is provisioning or has no principal yet; a
 * principal that ARM cannot see yet (PrincipalNotFound) is a re-check too. Refuses storage accounts
 * without a hierarchical namespace.
 */
public record AssignStorageRoles(
    AccessConnectors connectors,
    StorageAccounts storageAccounts,
    RoleAssignments roleAssignments,
    OnboardingPolicy policy,
    Clock clock)
    implements OnboardingStep {

  static final Duration CONNECTOR_RECHECK = Duration.ofSeconds(10);
  static final Duration CONNECTOR_RECHECK_CAP = Duration.ofMinutes(2);

  /**
   * First re-check after PrincipalNotFound: a new identity takes tens of seconds to replicate, and
   * every PUT before that spends a write, the scarcer of ARM's buckets (10/s against 25/s reads).
   */
  static final Duration PRINCIPAL_RECHECK = Duration.ofSeconds(30);

  public AssignStorageRoles(
      AccessConnectors connectors,
      StorageAccounts storageAccounts,
      RoleAssignments roleAssignments,
      OnboardingPolicy policy) {
    this(connectors, storageAccounts, roleAssignments, policy, Clock.systemUTC());
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  @Override
  public Step step() {
    return Step.ASSIGN_STORAGE_ROLES;
  }

  @Override
  public StepOutcome reconcile(StepMessage message) {
    WorkspaceRef ref = message.workspace();
    String connectorId = Names.accessConnectorId(ref, policy.connectorSuffix());
    Duration wait =
        OnboardingPolicy.backoff(message.rechecks(), CONNECTOR_RECHECK, CONNECTOR_RECHECK_CAP);
    Optional<AccessConnector> found = connectors.find(connectorId);
    if (found.isEmpty()) {
      return StepOutcome.recheckAfter(wait, "access connector " + connectorId + " not visible yet");
    }
    AccessConnector connector = found.get();
    if (connector.failed()) {
      return StepOutcome.fail(
          "access connector "
              + connector.name()
              + " is "
              + connector.provisioningState()
              + "; reprocess from "
              + Step.CREATE_ACCESS_CONNECTOR);
    }
    Optional<String> refusal =
        ConnectorOwnership.refusal(connector, ref, policy.connectorIdentity());
    if (refusal.isPresent()) {
      return StepOutcome.fail(refusal.get());
    }
    // exactly the configured identity's principal: never another attached identity's
    String principal = connector.principalOf(policy.connectorIdentity());
    if (!connector.provisioned() || principal == null) {
      return StepOutcome.recheckAfter(
          wait,
          "access connector "
              + connector.name()
              + " is "
              + connector.provisioningState()
              + (principal == null ? " without a principal yet" : ""));
    }
    StepMessage.Carried carried = message.carried();
    Instant now = clock.instant();
    // step 1 created it at a known time and this look is when its principal is expected to be
    // assignable (provisioning + replication): grant now; a PrincipalNotFound is a re-check
    boolean expectedReplicated =
        carried.connectorCreatedAt() != null
            && !now.isBefore(
                carried
                    .connectorCreatedAt()
                    .plus(ExpectedDelays.CONNECTOR_PROVISIONING)
                    .plus(ExpectedDelays.PRINCIPAL_REPLICATION));
    if (carried.newConnector()
        && !expectedReplicated
        && !principal.equalsIgnoreCase(nullToEmpty(carried.principalId()))) {
      // this run created the connector and its principal has just appeared: a PUT now would meet
      // PrincipalNotFound and spend a write for nothing; give the identity time to replicate
      return StepOutcome.recheckAfter(
          PRINCIPAL_RECHECK,
          "access connector "
              + connector.name()
              + " has a new principal "
              + principal
              + "; letting it replicate",
          carried.withPrincipal(principal));
    }
    for (TargetStorage target : policy.storage()) {
      Optional<StorageAccount> account = storageAccounts.find(target.storageAccountId());
      if (account.isEmpty()) {
        return StepOutcome.fail(
            "storage account "
                + target.storageAccountId()
                + " does not exist or lakewire cannot read it");
      }
      if (!account.get().hierarchicalNamespace()) {
        return StepOutcome.fail(
            "storage account "
                + account.get().name()
                + " is not ADLS Gen2 (hierarchical namespace is off); Unity Catalog needs it");
      }
    }
    List<RoleAssignmentSpec> specs = StorageGrants.of(policy, principal);
    int created;
    try {
      created = StorageGrants.grant(roleAssignments, specs);
    } catch (CloudFailure.NotYet e) {
      return StepOutcome.recheckAfter(
          OnboardingPolicy.backoff(message.rechecks(), PRINCIPAL_RECHECK, CONNECTOR_RECHECK_CAP),
          e.getMessage());
    }
    int total = specs.size();
    // step 3 validates storage access when these grants are expected on the data plane; the
    // principal goes on too (the completion event names it: no read for it there)
    return StepOutcome.advance(
        total + " role assignments in place (" + created + " created)",
        carried.withPrincipal(principal).withRolesGrantedAt(created > 0 ? clock.instant() : null),
        Duration.ZERO);
  }
}

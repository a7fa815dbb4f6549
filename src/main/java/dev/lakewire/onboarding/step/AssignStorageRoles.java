package dev.lakewire.onboarding.step;

import dev.lakewire.onboarding.message.Names;
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
import dev.lakewire.ports.Step;
import dev.lakewire.ports.StorageAccount;
import dev.lakewire.ports.StorageAccounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    Clock clock,
    SharedConnectorRoles sharedRoles)
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

  /** With this step's own record of the shared connector's data roles. */
  public AssignStorageRoles(
      AccessConnectors connectors,
      StorageAccounts storageAccounts,
      RoleAssignments roleAssignments,
      OnboardingPolicy policy,
      Clock clock) {
    this(
        connectors,
        storageAccounts,
        roleAssignments,
        policy,
        clock,
        new SharedConnectorRoles(connectors, roleAssignments, clock));
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
    // The grants' writes are reserved before the connector is read (issue 11): when ARM's write
    // quota would hold them back, this throws (a paced re-check) with nothing read, so the
    // re-check reads the connector once instead of once per hold. No read is left out: every
    // delivery that grants (a racing one, a replay days later) still reads the connector and
    // checks its ownership first; an unused reservation is not lost (the next writes spend it).
    roleAssignments.reserveWrites(StorageGrants.scopes(policy));
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
    // the shared connector's data roles, once per process (a no-op after the first success), go
    // with the first step 2 rather than the first step 3: they then reach the data plane before any
    // workspace's first validation (own grant + 5 min). Granted later, every workspace granted
    // before them failed that validation once and validated again (issue 11: +3 Databricks calls
    // and +24 s at 1,000). Throttled: this message waits with nothing of its own written (that
    // costs its connector's read once more, at most once per process). Only under the configured
    // policy: a message with policy tags runs under its tag-scoped policy, whose extra roles must
    // never widen the shared connector (step 3 then grants them, as before).
    Map<String, String> tags = message.carried().policyTags();
    if (tags == null || tags.isEmpty()) {
      sharedRoles.ensureOnce(policy);
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

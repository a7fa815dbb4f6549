package dev.lakewire.onboarding.step;

import dev.lakewire.onboarding.message.Facts;
import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.ExistingMetastorePolicy;
import dev.lakewire.onboarding.policy.ExpectedDelays;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.policy.StoragePolicy;
import dev.lakewire.onboarding.policy.TargetStorage;
import dev.lakewire.ports.AccessConnector;
import dev.lakewire.ports.AccessConnectors;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.DatabricksHost;
import dev.lakewire.ports.ExternalLocation;
import dev.lakewire.ports.ExternalLocations;
import dev.lakewire.ports.Match;
import dev.lakewire.ports.MetastoreAssignment;
import dev.lakewire.ports.MetastoreAssignments;
import dev.lakewire.ports.Reconciled;
import dev.lakewire.ports.Reconciler;
import dev.lakewire.ports.RoleAssignments;
import dev.lakewire.ports.Step;
import dev.lakewire.ports.StorageAccount;
import dev.lakewire.ports.StorageAccounts;
import dev.lakewire.ports.StorageCredential;
import dev.lakewire.ports.StorageCredentials;
import dev.lakewire.ports.Workspace;
import dev.lakewire.ports.WorkspaceMemberships;
import dev.lakewire.ports.WorkspaceMetastores;
import dev.lakewire.ports.Workspaces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Step 3: the workspace is bound to its region's Unity Catalog metastore, with a storage credential
 * on the connector and an external location per exposed container.
 *
 * <p>The binding goes through the Databricks account (lakewire is an account admin): the account's
 * metastore assignment first (which also enables identity federation on the workspace), then
 * lakewire's own service principal joins the workspace (an account-level workspace assignment), and
 * only then does lakewire call the workspace itself, where a new assignment shows up late
 * (terraform-provider-databricks#2061, #1832): until the workspace reports the metastore, the step
 * re-checks rather than creating credentials and locations a missing metastore would refuse.
 */
public final class BindMetastore implements OnboardingStep {

  static final Duration URL_RECHECK = Duration.ofSeconds(15);
  static final Duration ACCESS_RECHECK = Duration.ofMinutes(1);
  static final Duration ACCESS_RECHECK_CAP = Duration.ofMinutes(4);

  /** What Azure Storage says while a role assignment has not reached the data plane. */
  static final String PROPAGATION_SIGNATURE = "AuthorizationPermissionMismatch";

  /** Re-checks (1 + 2 + 4 + 4 min) within which RBAC propagation is expected (Azure: ~10 min). */
  static final int PROPAGATION_RECHECKS = 4;

  /** The built-in Contributor role (the role Databricks looks for on a connector). */
  static final String CONTRIBUTOR = Facts.get().roleGuid("Contributor");

  /** How long to wait before asking the workspace again whether its assignment took effect. */
  static final Duration ASSIGNMENT_RECHECK = Duration.ofSeconds(20);

  private final Workspaces workspaces;
  private final MetastoreAssignments metastores;
  private final WorkspaceMemberships memberships;
  private final WorkspaceMetastores workspaceMetastores;
  private final StorageCredentials credentials;
  private final ExternalLocations locations;
  private final AccessConnectors connectors;
  private final StorageAccounts storageAccounts;
  private final RoleAssignments roleAssignments;
  private final OnboardingPolicy policy;
  private final Clock clock;

  private SharedConnectorRoles sharedRoles;

  public BindMetastore(
      Workspaces workspaces,
      MetastoreAssignments metastores,
      WorkspaceMemberships memberships,
      WorkspaceMetastores workspaceMetastores,
      StorageCredentials credentials,
      ExternalLocations locations,
      AccessConnectors connectors,
      StorageAccounts storageAccounts,
      RoleAssignments roleAssignments,
      OnboardingPolicy policy,
      Clock clock) {
    this.workspaces = workspaces;
    this.metastores = metastores;
    this.memberships = memberships;
    this.workspaceMetastores = workspaceMetastores;
    this.credentials = credentials;
    this.locations = locations;
    this.connectors = connectors;
    this.storageAccounts = storageAccounts;
    this.roleAssignments = roleAssignments;
    this.policy = policy;
    this.clock = clock;
    this.sharedRoles = new SharedConnectorRoles(connectors, roleAssignments, clock);
  }

  /** Shares the process's record of the shared connector's data roles (instead of its own). */
  public BindMetastore sharing(SharedConnectorRoles roles) {
    this.sharedRoles = roles;
    return this;
  }

  @Override
  public Step step() {
    return Step.BIND_METASTORE;
  }

  @Override
  public StepOutcome reconcile(StepMessage message) {
    WorkspaceRef ref = message.workspace();
    // step 1 read the workspace and carried what this step needs; an older message reads it
    Optional<Workspace> found = message.carried().workspace(ref);
    if (found.isEmpty()) {
      found = workspaces.find(ref.id());
    }
    if (found.isEmpty()) {
      return StepOutcome.fail("workspace " + ref.id() + " does not exist (deleted?)");
    }
    Workspace ws = found.get();
    if (ws.workspaceId() == null || ws.workspaceUrl() == null) {
      return StepOutcome.recheckAfter(
          URL_RECHECK, "workspace " + ref.name() + " has no workspace id or URL yet");
    }
    try {
      // tokens go only to an Azure Databricks host (issue 10 item 3); WorkspaceClients checks too
      DatabricksHost.parse(ws.workspaceUrl(), policy.databricksDomain());
    } catch (IllegalArgumentException hostile) {
      return StepOutcome.fail(
          "workspace " + ref.id() + ": " + hostile.getMessage() + "; no request was sent to it");
    }
    StepMessage.Carried carried = message.carried();
    if (carried.storageWired()) {
      // this run wired everything already and waits for RBAC propagation: validate only
      Optional<StepOutcome> validated = revalidate(ref, ws, message);
      if (validated.isPresent()) {
        return validated.get();
      }
      // anything but success or a propagation failure: the whole step again, diagnosing
      carried = carried.withBinding(false, false);
    }
    StepOutcome binding = null;
    if (carried.metastoreAssigned()) {
      binding = confirmInEffect(ref, ws, carried);
    }
    if (binding == null) {
      binding = bindMetastore(ref, ws, carried);
    }
    if (!(binding instanceof StepOutcome.Advance bound)) {
      return binding;
    }
    return wireStorage(ref, ws, bound.summary(), message, carried);
  }

  /**
   * This run assigned the metastore through the account: ask the workspace only (a workspace-level
   * answer also proves lakewire's membership). Null when the account must be looked at again (the
   * workspace refuses lakewire, or reports another metastore).
   */
  private StepOutcome confirmInEffect(WorkspaceRef ref, Workspace ws, StepMessage.Carried carried) {
    Optional<String> wanted = policy.metastoreFor(ws.location());
    if (wanted.isEmpty()) {
      return null;
    }
    Optional<String> inEffect;
    try {
      inEffect = workspaceMetastores.current(ws);
    } catch (CloudFailure.Permanent refused) {
      return null;
    }
    if (inEffect.isPresent() && inEffect.get().equalsIgnoreCase(wanted.get())) {
      return StepOutcome.advance("metastore " + wanted.get() + " assigned (in effect)");
    }
    if (inEffect.isPresent()) {
      return null;
    }
    return StepOutcome.recheckAfter(
        ASSIGNMENT_RECHECK,
        "assigned metastore "
            + wanted.get()
            + " to "
            + ref.name()
            + "; waiting for the assignment to take effect in the workspace (it reports none)",
        carried);
  }

  /**
   * The workspace's metastore assignment (account level), lakewire's membership of the workspace,
   * and the assignment in effect inside it: advance with what it did, or re-check / fail.
   */
  private StepOutcome bindMetastore(WorkspaceRef ref, Workspace ws, StepMessage.Carried carried) {
    Optional<String> wanted = policy.metastoreFor(ws.location());
    if (wanted.isEmpty()) {
      return StepOutcome.fail(
          "no metastore configured for region "
              + ws.location()
              + "; add <region>=<metastore id> to "
              + OnboardingPolicy.METASTORES);
    }
    String metastoreId = wanted.get();
    if (!carried.metastoreAssigned()) {
      // the ARM writes of this step's first look come before any Databricks call, so that a
      // throttled re-check repeats nothing: the shared connector's data roles, once per process
      // (they propagate alongside this workspace's own), and lakewire's Contributor on a connector
      // this run created (it has none yet)
      sharedRoles.ensureOnce(policy);
      if (carried.newConnector()) {
        ensureSelfContributor(Names.accessConnectorId(ref, policy.connectorSuffix()));
      }
    }
    MetastoreAssignment desired =
        MetastoreAssignment.desired(
            ws,
            metastoreId,
            policy.defaultCatalog(),
            policy.existingMetastore() == ExistingMetastorePolicy.REPLACE);
    Optional<MetastoreAssignment> current = metastores.fetch(desired);
    if (current.isPresent()
        && desired.match(current.get()) instanceof Match.Drifted d
        && !d.correctable()) {
      return StepOutcome.fail(
          "workspace "
              + ref.name()
              + " is assigned metastore "
              + current.get().metastoreId()
              + " but the policy wants "
              + metastoreId
              + " for "
              + ws.location()
              + "; unassign it or set "
              + OnboardingPolicy.EXISTING_METASTORE
              + "=REPLACE");
    }
    Reconciled<MetastoreAssignment> assigned = Reconciler.reconcile(metastores, desired, current);
    boolean assignedNow = assigned.written();
    String bound =
        switch (assigned.operation()) {
          case CREATED -> "assigned metastore " + metastoreId;
          case UPDATED ->
              "replaced metastore " + current.get().metastoreId() + " with " + metastoreId;
          default -> "metastore " + metastoreId + " already assigned";
        };
    // Identity federation comes with the metastore, so lakewire can join the workspace only now,
    // and must have joined before its first workspace-level call.
    if (Reconciler.reconcile(memberships, ws).operation() == Reconciled.Operation.CREATED) {
      bound += ", joined the workspace";
    }
    if (assignedNow && lookingNowGainsNothing(carried)) {
      // Issue 11: asking the workspace right after the assignment only finds it not in effect
      // yet (it shows about a minute later) and costs a call. The look is deferred, not left out:
      // the re-check observes the assignment in the workspace (confirmInEffect) before any
      // workspace-level write, so a racing delivery or a replay days later acts on what it sees.
      // Deferring costs no time: this run's grants reach the data plane later than the lag ends,
      // and the step completes only with a passing validation after that.
      return StepOutcome.recheckAfter(
          ExpectedDelays.METASTORE_ASSIGNMENT_LAG,
          bound + "; waiting for the assignment to take effect in the workspace",
          carried.withBinding(true, false));
    }
    Optional<String> inEffect = workspaceMetastores.current(ws);
    if (inEffect.isEmpty() || !inEffect.get().equalsIgnoreCase(metastoreId)) {
      // a new assignment shows in the workspace about a minute later: asking again before that
      // only costs calls (issue 11); then the workspace alone is asked
      return StepOutcome.recheckAfter(
          assignedNow ? ExpectedDelays.METASTORE_ASSIGNMENT_LAG : ASSIGNMENT_RECHECK,
          bound
              + "; waiting for the assignment to take effect in the workspace (it reports "
              + inEffect.map(id -> "metastore " + id).orElse("none")
              + ")",
          carried.withBinding(true, false));
    }
    return StepOutcome.advance(bound);
  }

  /**
   * Whether this run's own grants (carried from step 2) are expected on the data plane later than a
   * new assignment is expected in the workspace: then nothing done now instead of after the lag
   * lets the workspace complete sooner.
   */
  private boolean lookingNowGainsNothing(StepMessage.Carried carried) {
    Instant granted = carried.rolesGrantedAt();
    Instant now = clock.instant();
    return granted != null
        && granted
            .plus(ExpectedDelays.RBAC_DATA_PLANE)
            .isAfter(now.plus(ExpectedDelays.METASTORE_ASSIGNMENT_LAG));
  }

  /** A validation to run: a credential against a location by name, or against a URL. */
  private record Check(String credential, String location, String url) {}

  /** The validations of the workspace's storage access, and the summary of what is wired. */
  private record Wiring(List<Check> checks, String credential, int locations) {}

  private Wiring wiring(WorkspaceRef ref) {
    StoragePolicy wiring = policy.wiring();
    boolean shared = wiring.layout() == StoragePolicy.Layout.SHARED;
    String credential = Names.storageCredential(ref);
    String sharedCredential =
        shared ? Names.sharedStorageCredential(wiring.sharedConnectorId()) : null;
    List<Check> checks = new ArrayList<>();
    int count = 0;
    for (TargetStorage target : policy.storage()) {
      for (String container : target.containers()) {
        if (shared) {
          checks.add(
              new Check(
                  sharedCredential, Names.externalLocation(target.accountName(), container), null));
          checks.add(new Check(credential, null, target.abfssUrl(container)));
        } else {
          checks.add(
              new Check(
                  credential, Names.externalLocation(target.accountName(), container, ref), null));
        }
        count++;
      }
    }
    return new Wiring(checks, credential, count);
  }

  private String summary(String bound, Wiring w) {
    return bound
        + ", storage credential "
        + w.credential()
        + ", "
        + w.locations()
        + " external locations ("
        + policy.wiring().layout().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
        + ")";
  }

  /** The failures of validating {@code w} now (empty: access verified). */
  private List<String> validate(Workspace ws, Wiring w, boolean[] sharedFailed) {
    String sharedCredential =
        policy.wiring().layout() == StoragePolicy.Layout.SHARED
            ? Names.sharedStorageCredential(policy.wiring().sharedConnectorId())
            : null;
    List<String> failed = new ArrayList<>();
    for (Check c : w.checks()) {
      for (String f : credentials.validate(ws, c.credential(), c.location(), c.url())) {
        failed.add(
            (c.location() != null ? "location " + c.location() : c.credential() + " on " + c.url())
                + ": "
                + f);
        sharedFailed[0] |= c.credential().equals(sharedCredential);
      }
    }
    return failed;
  }

  /**
   * When the grants this validation waits for were made: the connector's data roles (carried from
   * step 2) and the shared connector's, when this process granted them; null when unknown.
   */
  private Instant grantedAt(StepMessage.Carried carried) {
    Instant granted = carried.rolesGrantedAt();
    Instant shared = sharedRoles.grantedAt();
    if (shared != null && (granted == null || shared.isAfter(granted))) {
      granted = shared;
    }
    return granted;
  }

  /**
   * A re-check of this run, everything wired: validate only. Empty when the whole step must run
   * again (a failure other than RBAC propagation, or the workspace refused a call).
   */
  private Optional<StepOutcome> revalidate(WorkspaceRef ref, Workspace ws, StepMessage message) {
    Wiring w = wiring(ref);
    List<String> failed;
    try {
      failed = validate(ws, w, new boolean[1]);
    } catch (CloudFailure.Permanent e) {
      return Optional.empty();
    }
    String summary =
        summary(
            "metastore " + policy.metastoreFor(ws.location()).orElse("?") + " already assigned", w);
    if (failed.isEmpty()) {
      return Optional.of(StepOutcome.advance(summary + ", access verified", true));
    }
    return propagationRecheck(summary, failed, message, message.carried());
  }

  /**
   * While every failure is RBAC propagation within its expected window: the next look (a short
   * cadence after the expected end of propagation). Empty otherwise.
   */
  private Optional<StepOutcome> propagationRecheck(
      String summary, List<String> failed, StepMessage message, StepMessage.Carried carried) {
    if (!failed.stream().allMatch(f -> f.contains(PROPAGATION_SIGNATURE))) {
      return Optional.empty();
    }
    Instant granted = grantedAt(carried);
    String reason =
        summary
            + "; storage access not verified yet (Azure RBAC grants take minutes to reach the"
            + " storage data plane): "
            + String.join("; ", failed);
    if (granted == null) {
      return message.generation() < PROPAGATION_RECHECKS
          ? Optional.of(
              StepOutcome.recheckAfter(
                  OnboardingPolicy.backoff(
                      message.generation(), ACCESS_RECHECK, ACCESS_RECHECK_CAP),
                  reason,
                  carried.withBinding(true, true)))
          : Optional.empty();
    }
    Instant now = clock.instant();
    Instant next = ExpectedDelays.nextValidation(granted, now, true);
    if (next == null) {
      return Optional.empty();
    }
    return Optional.of(
        StepOutcome.recheckExactlyAfter(
            Duration.between(now, next), reason, carried.withBinding(true, true)));
  }

  /**
   * The storage wiring, in this order, each part a reconciler:
   *
   * <ol>
   *   <li>storage firewalls: every connector lakewire registers must pass the firewall of every
   *       target account ({@code networkAcls.defaultAction: Deny} admits only resource instances
   *       with a rule): add the rule or fail naming it, per {@link StoragePolicy#firewall()};
   *   <li>lakewire's own Contributor role on the workspace's connector: Databricks registers an
   *       Access Connector as a storage credential only for a caller with the built-in Contributor
   *       role over that connector (a role id lookup, not a permission check: databricks/cli#1486,
   *       terraform-provider-databricks#5768);
   *   <li>the workspace's storage credential, named from its full resource id;
   *   <li>the external locations of the {@linkplain StoragePolicy.Layout layout};
   *   <li>validation against the storage: Azure RBAC grants reach the storage data plane minutes
   *       after ARM accepts them, so validation first looks when the grants are expected there
   *       ({@link ExpectedDelays}), then re-checks on a short cadence rather than fails (bounded by
   *       {@link OnboardingPolicy#maxRechecks()}); only then is the workspace done, with {@code
   *       accessVerified}.
   * </ol>
   */
  private StepOutcome wireStorage(
      WorkspaceRef ref,
      Workspace ws,
      String bound,
      StepMessage message,
      StepMessage.Carried carried) {
    StoragePolicy wiring = policy.wiring();
    String connectorId = Names.accessConnectorId(ref, policy.connectorSuffix());
    boolean shared = wiring.layout() == StoragePolicy.Layout.SHARED;
    String sharedId = wiring.sharedConnectorId();
    List<String> connectorIds = shared ? List.of(connectorId, sharedId) : List.of(connectorId);
    // ARM is read only when something has to be created or validation fails: a re-check that
    // waits for RBAC propagation costs Databricks reads, not the subscription's ARM budget.
    boolean armChecked = false;
    String credential = Names.storageCredential(ref);
    StorageCredential own =
        StorageCredential.desired(ws, credential, connectorId, policy.connectorIdentity());
    // a connector this run created has no credential yet: the loop's own look (which copes with a
    // racing delivery's) is the only one (issue 11)
    Optional<StorageCredential> found = carried.newConnector() ? Optional.empty() : observed(own);
    if (found.isEmpty()) {
      // the storage accounts as read in the last minutes (once per process per interval): a
      // firewall raised since fails validation, which reads them afresh below
      Optional<String> firewall = passFirewalls(connectorIds, false);
      if (firewall.isPresent()) {
        return StepOutcome.fail(firewall.get());
      }
      armChecked = true;
      if (!carried.newConnector()) {
        ensureSelfContributor(connectorId); // else done first in this run (reconcile)
      }
      Reconciler.reconcile(
          credentials, own, carried.newConnector() ? credentials.fetch(own) : found);
    }
    StorageCredential sharedOne =
        shared
            ? StorageCredential.desired(ws, Names.sharedStorageCredential(sharedId), sharedId, null)
            : null;
    if (shared) {
      Optional<StorageCredential> sharedFound = observed(sharedOne);
      if (sharedFound.isEmpty()) {
        Optional<String> prepared =
            prepareShared(sharedId, armChecked ? List.of() : connectorIds, false);
        if (prepared.isPresent()) {
          return StepOutcome.fail(prepared.get());
        }
        armChecked = true;
        Reconciler.reconcile(credentials, sharedOne, sharedFound);
      }
    }
    for (TargetStorage target : policy.storage()) {
      for (String container : target.containers()) {
        Reconciler.reconcile(
            locations,
            shared
                ? ExternalLocation.desired(
                    ws,
                    Names.externalLocation(target.accountName(), container),
                    target.abfssUrl(container),
                    sharedOne.name(),
                    false)
                : ExternalLocation.desired(
                    ws,
                    Names.externalLocation(target.accountName(), container, ref),
                    target.abfssUrl(container) + Names.workspacePath(ref),
                    credential,
                    true));
      }
    }
    Wiring w = wiring(ref);
    String summary = summary(bound, w);
    // the first look waits for the workspace's own grants (step 2); a shared grant of this process
    // made since only widens the window of short re-checks
    Instant granted = carried.rolesGrantedAt();
    Instant now = clock.instant();
    if (granted != null) {
      Instant first = ExpectedDelays.nextValidation(granted, now, false);
      if (first.isAfter(now)) {
        // the grants cannot have reached the data plane yet: validating now would only fail
        return StepOutcome.recheckExactlyAfter(
            Duration.between(now, first),
            summary
                + "; validating storage access at "
                + first
                + ", when the grants of "
                + granted
                + " are expected on the storage data plane",
            carried.withBinding(true, true));
      }
    }
    boolean[] sharedFailed = new boolean[1];
    List<String> failed = validate(ws, w, sharedFailed);
    if (failed.isEmpty()) {
      return StepOutcome.advance(summary + ", access verified", true);
    }
    // Azure Storage answers AuthorizationPermissionMismatch while a grant has not reached the data
    // plane (and when the role is missing); a firewall denial is AuthorizationFailure. Look at ARM
    // (firewalls, the shared connector's roles) when the failure is something else, or when it
    // outlasts propagation; otherwise re-check without spending ARM reads.
    Optional<StepOutcome> propagating = propagationRecheck(summary, failed, message, carried);
    if (propagating.isPresent()) {
      return propagating.get();
    }
    if (!armChecked) {
      Optional<String> firewall = passFirewalls(connectorIds, true);
      if (firewall.isPresent()) {
        return StepOutcome.fail(firewall.get());
      }
      if (sharedFailed[0]) {
        Optional<String> prepared = prepareShared(sharedId, List.of(), true);
        if (prepared.isPresent()) {
          return StepOutcome.fail(prepared.get());
        }
      }
    }
    return StepOutcome.recheckAfter(
        OnboardingPolicy.backoff(message.generation(), ACCESS_RECHECK, ACCESS_RECHECK_CAP),
        summary
            + "; storage access not verified yet (Azure RBAC grants take minutes to reach the"
            + " storage data plane): "
            + String.join("; ", failed),
        carried.withBinding(false, false));
  }

  /**
   * The credential as Unity Catalog has it, compared with {@code wanted} when present (one that is
   * not lakewire's as wanted is never adopted: {@link dev.lakewire.ports.CloudFailure.Permanent});
   * empty when it must be created.
   */
  private Optional<StorageCredential> observed(StorageCredential wanted) {
    Optional<StorageCredential> found = credentials.fetch(wanted);
    found.ifPresent(actual -> Reconciler.reconcile(credentials, wanted, found));
    return found;
  }

  /**
   * The shared connector (infra's) is provisioned and holds the data roles; the firewalls admit
   * {@code firewalled}. Empty when so, else the reason to fail with.
   */
  private Optional<String> prepareShared(String sharedId, List<String> firewalled, boolean fresh) {
    if (fresh || !sharedRoles.ensured(policy)) {
      Optional<AccessConnector> found = connectors.find(sharedId);
      if (found.isEmpty() || !found.get().ready()) {
        return Optional.of(
            "the shared access connector "
                + sharedId
                + " ("
                + StoragePolicy.SHARED_ACCESS_CONNECTOR
                + ") "
                + (found.isEmpty() ? "does not exist" : "is " + found.get().provisioningState())
                + "; lakewire's infra provisions it (azd provision)");
      }
      sharedRoles.grant(policy, found.get().principalId());
    }
    return firewalled.isEmpty() ? Optional.empty() : passFirewalls(firewalled, fresh);
  }

  /**
   * lakewire's own Contributor assignment on a connector (deterministic name), which the
   * ABAC-conditioned delegation in infra allows: Contributor only, to lakewire only.
   */
  private void ensureSelfContributor(String connectorId) {
    String self = policy.wiring().selfPrincipalId();
    Reconciler.createFirst(
        roleAssignments, StorageGrants.assignment(connectorId, self, CONTRIBUTOR));
  }

  /**
   * Makes every target account's firewall admit the connectors; empty when it does, else the reason
   * to fail with (what the operator must add).
   */
  private Optional<String> passFirewalls(List<String> connectorIds, boolean fresh) {
    for (TargetStorage target : policy.storage()) {
      // afresh to diagnose a failure (a firewall raised in the last minutes must be seen); to
      // create access, as read in the last minutes: validation catches a firewall raised since
      Optional<StorageAccount> found =
          fresh
              ? storageAccounts.findFresh(target.storageAccountId())
              : storageAccounts.find(target.storageAccountId());
      if (found.isEmpty()) {
        return Optional.of(
            "storage account "
                + target.storageAccountId()
                + " does not exist or lakewire cannot read it");
      }
      StorageAccount account = found.get();
      for (String connectorId : connectorIds) {
        if (account.admits(connectorId)) {
          continue;
        }
        if (policy.wiring().firewall() == StoragePolicy.Firewall.ADD_RULE) {
          storageAccounts.allowResourceAccess(account.id(), connectorId);
          continue;
        }
        return Optional.of(
            "the firewall of storage account "
                + account.name()
                + " (networkAcls.defaultAction Deny) does not admit access connector "
                + connectorId
                + ": add a resource instance rule (networkAcls.resourceAccessRules: resourceId "
                + connectorId
                + ", tenantId = the connector's tenant; resource type "
                + "Microsoft.Databricks/accessConnectors), e.g. az storage account network-rule"
                + " add --account-name "
                + account.name()
                + " --resource-id "
                + connectorId
                + " --tenant-id <tenant id>; or set "
                + StoragePolicy.STORAGE_FIREWALL
                + "=add-rule");
      }
    }
    return Optional.empty();
  }
}

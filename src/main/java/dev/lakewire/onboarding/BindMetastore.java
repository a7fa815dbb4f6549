package dev.lakewire.onboarding;

import dev.lakewire.ports.DatabricksHost;
import dev.lakewire.ports.ExternalLocations;
import dev.lakewire.ports.MetastoreAssignments;
import dev.lakewire.ports.StorageCredentials;
import dev.lakewire.ports.Workspace;
import dev.lakewire.ports.WorkspaceMemberships;
import dev.lakewire.ports.WorkspaceMetastores;
import dev.lakewire.ports.Workspaces;
import java.time.Duration;
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

  /** How long to wait before asking the workspace again whether its assignment took effect. */
  static final Duration ASSIGNMENT_RECHECK = Duration.ofSeconds(20);

  private final Workspaces workspaces;
  private final MetastoreAssignments metastores;
  private final WorkspaceMemberships memberships;
  private final WorkspaceMetastores workspaceMetastores;
  private final StorageCredentials credentials;
  private final ExternalLocations locations;
  private final OnboardingPolicy policy;

  public BindMetastore(
      Workspaces workspaces,
      MetastoreAssignments metastores,
      WorkspaceMemberships memberships,
      WorkspaceMetastores workspaceMetastores,
      StorageCredentials credentials,
      ExternalLocations locations,
      OnboardingPolicy policy) {
    this.workspaces = workspaces;
    this.metastores = metastores;
    this.memberships = memberships;
    this.workspaceMetastores = workspaceMetastores;
    this.credentials = credentials;
    this.locations = locations;
    this.policy = policy;
  }

  @Override
  public Step step() {
    return Step.BIND_METASTORE;
  }

  @Override
  public StepOutcome reconcile(StepMessage message) {
    WorkspaceRef ref = WorkspaceRef.parse("workspaceResourceId", message.workspaceResourceId());
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
    StepOutcome binding = bindMetastore(ref, ws);
    if (!(binding instanceof StepOutcome.Advance bound)) {
      return binding;
    }
    return wireStorage(ref, ws, bound.summary());
  }

  /**
   * The workspace's metastore assignment (account level), lakewire's membership of the workspace,
   * and the assignment in effect inside it: advance with what it did, or re-check / fail.
   */
  private StepOutcome bindMetastore(WorkspaceRef ref, Workspace ws) {
    Optional<String> wanted = policy.metastoreFor(ws.location());
    if (wanted.isEmpty()) {
      return StepOutcome.fail(
          "no metastore configured for region "
              + ws.location()
              + "; add <region>=<metastore id> to "
              + OnboardingPolicy.METASTORES);
    }
    String metastoreId = wanted.get();
    Optional<String> current = metastores.current(ws);
    String bound;
    if (current.isEmpty()) {
      metastores.assign(ws, metastoreId, policy.defaultCatalog());
      bound = "assigned metastore " + metastoreId;
    } else if (current.get().equalsIgnoreCase(metastoreId)) {
      bound = "metastore " + metastoreId + " already assigned";
    } else if (policy.existingMetastore() == ExistingMetastorePolicy.REPLACE) {
      // A workspace has one assignment: the old one goes first (a crash in between leaves none,
      // which the next run assigns).
      metastores.unassign(ws, current.get());
      metastores.assign(ws, metastoreId, policy.defaultCatalog());
      bound = "replaced metastore " + current.get() + " with " + metastoreId;
    } else {
      return StepOutcome.fail(
          "workspace "
              + ref.name()
              + " is assigned metastore "
              + current.get()
              + " but the policy wants "
              + metastoreId
              + " for "
              + ws.location()
              + "; unassign it or set "
              + OnboardingPolicy.EXISTING_METASTORE
              + "=REPLACE");
    }
    // Identity federation comes with the metastore, so lakewire can join the workspace only now,
    // and must have joined before its first workspace-level call.
    if (memberships.ensureMember(ws) == WorkspaceMemberships.Result.JOINED) {
      bound += ", joined the workspace";
    }
    Optional<String> inEffect = workspaceMetastores.current(ws);
    if (inEffect.isEmpty() || !inEffect.get().equalsIgnoreCase(metastoreId)) {
      return StepOutcome.recheckAfter(
          ASSIGNMENT_RECHECK,
          bound
              + "; waiting for the assignment to take effect in the workspace (it reports "
              + inEffect.map(id -> "metastore " + id).orElse("none")
              + ")");
    }
    return StepOutcome.advance(bound);
  }

  /** The storage credential on the connector and the external locations. */
  private StepOutcome wireStorage(WorkspaceRef ref, Workspace ws, String bound) {
    String connectorName = Names.accessConnector(ref, policy.connectorSuffix());
    String credential = Names.storageCredential(connectorName);
    credentials.ensure(
        ws,
        credential,
        Names.accessConnectorId(ref, policy.connectorSuffix()),
        policy.connectorIdentity());
    int count = 0;
    for (TargetStorage target : policy.storage()) {
      for (String container : target.containers()) {
        locations.ensure(
            ws,
            Names.externalLocation(target.accountName(), container),
            target.abfssUrl(container),
            credential);
        count++;
      }
    }
    return StepOutcome.advance(
        bound + ", storage credential " + credential + ", " + count + " external locations");
  }
}

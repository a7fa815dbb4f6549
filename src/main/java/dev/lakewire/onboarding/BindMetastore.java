package dev.lakewire.onboarding;

import dev.lakewire.ports.DatabricksHost;
import dev.lakewire.ports.ExternalLocations;
import dev.lakewire.ports.MetastoreAssignments;
import dev.lakewire.ports.StorageCredentials;
import dev.lakewire.ports.Workspace;
import dev.lakewire.ports.Workspaces;
import java.time.Duration;
import java.util.Optional;

/**
 * Step 3: the workspace is bound to its region's Unity Catalog metastore, with a storage credential
 * on the connector and an external location per exposed container.
 */
public final class BindMetastore implements OnboardingStep {

  static final Duration URL_RECHECK = Duration.ofSeconds(15);

  private final Workspaces workspaces;
  private final MetastoreAssignments metastores;
  private final StorageCredentials credentials;
  private final ExternalLocations locations;
  private final OnboardingPolicy policy;

  public BindMetastore(
      Workspaces workspaces,
      MetastoreAssignments metastores,
      StorageCredentials credentials,
      ExternalLocations locations,
      OnboardingPolicy policy) {
    this.workspaces = workspaces;
    this.metastores = metastores;
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

  /** The workspace's metastore assignment: advance with what it did, or re-check / fail. */
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

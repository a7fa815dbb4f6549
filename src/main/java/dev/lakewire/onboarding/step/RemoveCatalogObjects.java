package dev.lakewire.onboarding.step;

import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.policy.StoragePolicy;
import dev.lakewire.onboarding.policy.TargetStorage;
import dev.lakewire.ports.CatalogDeletions;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.DatabricksHost;
import dev.lakewire.ports.ExternalLocation;
import dev.lakewire.ports.Managed;
import dev.lakewire.ports.Reconciled;
import dev.lakewire.ports.Reconciler;
import dev.lakewire.ports.Step;
import dev.lakewire.ports.StorageCredential;
import dev.lakewire.ports.Workspace;
import dev.lakewire.ports.Workspaces;
import java.util.Optional;

/**
 * Offboarding step 2: the workspace's own Unity Catalog objects, only where they are its own (the
 * {@code per-workspace} layout: its storage credential {@link Names#storageCredential} and its
 * isolated external locations {@link Names#externalLocation(String, String, WorkspaceRef)}) and
 * only when {@value StoragePolicy#OFFBOARD_CATALOG_OBJECTS}{@code =remove}. The shared layout's
 * objects serve every workspace and are never touched; the metastore assignment and lakewire's
 * membership of the workspace go with the workspace.
 *
 * <p>Unity Catalog is reached through a workspace: once the workspace is deleted its objects can no
 * longer be reached from here, and are kept (the step says so). Offboarding by HTTP before the
 * workspace is deleted removes them. The external locations go first: Unity Catalog refuses to
 * delete a storage credential that external locations use unless {@code force} (databricks-sdk-java
 * {@code DeleteStorageCredentialRequest.force}: "Force an update even if there are dependent
 * external locations or external tables"), which lakewire never sets.
 */
public record RemoveCatalogObjects(
    Workspaces workspaces, CatalogDeletions catalog, OnboardingPolicy policy)
    implements OnboardingStep {

  @Override
  public Step step() {
    return Step.REMOVE_CATALOG_OBJECTS;
  }

  @Override
  public StepOutcome reconcile(StepMessage message) {
    WorkspaceRef ref = message.workspace();
    StoragePolicy wiring = policy.wiring();
    if (wiring.layout() != StoragePolicy.Layout.PER_WORKSPACE) {
      return StepOutcome.advance(
          "kept the Unity Catalog objects: the shared layout's serve every workspace");
    }
    String credential = Names.storageCredential(ref);
    if (!wiring.removesCatalogObjects()) {
      return StepOutcome.advance(
          "kept storage credential "
              + credential
              + " and its external locations ("
              + StoragePolicy.OFFBOARD_CATALOG_OBJECTS
              + "=keep)");
    }
    Optional<Workspace> found = workspaces.find(ref.id());
    if (found.isEmpty()
        || !found.get().succeeded()
        || found.get().workspaceUrl() == null
        || found.get().workspaceId() == null) {
      return StepOutcome.advance(
          "kept storage credential "
              + credential
              + " and its external locations: the workspace is "
              + found.map(w -> w.provisioningState()).orElse("deleted")
              + " and Unity Catalog is reached through it (offboard by HTTP before deleting a"
              + " workspace to remove them)");
    }
    Workspace ws = found.get();
    try {
      DatabricksHost.parse(ws.workspaceUrl(), policy.databricksDomain());
    } catch (IllegalArgumentException hostile) {
      return StepOutcome.fail(
          "workspace " + ref.id() + ": " + hostile.getMessage() + "; no request was sent to it");
    }
    String connectorId = Names.accessConnectorId(ref, policy.connectorSuffix());
    int locations = 0;
    for (TargetStorage target : policy.storage()) {
      for (String container : target.containers()) {
        ExternalLocation location =
            ExternalLocation.desired(
                ws,
                Names.externalLocation(target.accountName(), container, ref),
                target.abfssUrl(container) + Names.workspacePath(ref),
                credential,
                false);
        if (removed(catalog.externalLocations(), location)) {
          locations++;
        }
      }
    }
    boolean credentialRemoved =
        removed(
            catalog.storageCredentials(),
            StorageCredential.desired(ws, credential, connectorId, policy.connectorIdentity()));
    return StepOutcome.advance(
        "removed "
            + locations
            + " external locations and "
            + (credentialRemoved ? 1 : 0)
            + " storage credential ("
            + credential
            + ")");
  }

  /**
   * Deletes lakewire's {@code expected} (true) unless it is gone (false); one that is not as
   * lakewire created it is a permanent failure naming what differs, and is left alone.
   */
  private static <T> boolean removed(Managed<T, T> things, T expected) {
    Reconciled<T> r = Reconciler.delete(things, expected);
    if (r.operation() == Reconciled.Operation.KEPT) {
      throw new CloudFailure.Permanent(
          things.describe(expected)
              + " is not the one lakewire created ("
              + r.match()
              + "); lakewire does not delete it",
          null);
    }
    return r.operation() == Reconciled.Operation.DELETED;
  }
}

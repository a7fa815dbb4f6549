package dev.lakewire.databricks;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.catalog.CreateExternalLocation;
import com.databricks.sdk.service.catalog.DeleteExternalLocationRequest;
import com.databricks.sdk.service.catalog.ExternalLocationInfo;
import com.databricks.sdk.service.catalog.GetBindingsRequest;
import com.databricks.sdk.service.catalog.IsolationMode;
import com.databricks.sdk.service.catalog.UpdateExternalLocation;
import com.databricks.sdk.service.catalog.UpdateWorkspaceBindingsParameters;
import com.databricks.sdk.service.catalog.WorkspaceBinding;
import com.databricks.sdk.service.catalog.WorkspaceBindingBindingType;
import dev.lakewire.ports.ExternalLocation;
import dev.lakewire.ports.ExternalLocations;
import dev.lakewire.ports.Workspace;
import java.util.List;
import java.util.Optional;

/**
 * Unity Catalog external locations, a {@link dev.lakewire.ports.Managed} thing: {@link #fetch} GETs
 * the location by name (404 → absent) and, for an isolated one, its workspace bindings; {@link
 * #create} POSTs it with {@code skip_validation} and lakewire's comment ({@code
 * RESOURCE_ALREADY_EXISTS} → another delivery made it, which the loop compares). A URL that
 * overlaps another location is refused by Unity Catalog (400, naming that location): permanent.
 *
 * <p>Why {@code skip_validation}: the roles granted in step 2 take minutes to reach the storage
 * data plane, and a validating create fails in that window with an error that cannot be told apart
 * from a real misconfiguration. The step validates afterwards ({@code
 * validate-storage-credentials}) and re-checks until access works.
 *
 * <p>An isolated location is then made {@code ISOLATION_MODE_ISOLATED} ({@code PATCH
 * external-locations/{name}}) and bound read-write to the workspace ({@code PATCH
 * /api/2.1/unity-catalog/bindings/external_location/{name}}), each only when not so already: after
 * its create, and as the correction ({@link #update}) of one that lost either.
 */
public final class UnityCatalogExternalLocations implements ExternalLocations {

  static final String SECURABLE_TYPE = "external_location";

  private final WorkspaceClients clients;

  public UnityCatalogExternalLocations(WorkspaceClients clients) {
    this.clients = clients;
  }

  @Override
  public ExternalLocation create(ExternalLocation desired) {
    WorkspaceClient client = clients.client(desired.workspace());
    ExternalLocationInfo created =
        CatalogCalls.create(
            desired.describe(),
            () ->
                client
                    .externalLocations()
                    .create(
                        new CreateExternalLocation()
                            .setName(desired.name())
                            .setUrl(desired.url())
                            .setCredentialName(desired.credentialName())
                            .setComment(UnityCatalogStorageCredentials.COMMENT)
                            .setSkipValidation(true)));
    return desired.isolated() || created == null
        ? update(desired, desired)
        : shown(desired.workspace(), created, false);
  }

  @Override
  public Optional<ExternalLocation> fetch(ExternalLocation desired) {
    WorkspaceClient client = clients.client(desired.workspace());
    return CatalogCalls.read(
            desired.describe(), () -> client.externalLocations().get(desired.name()))
        .map(
            info ->
                shown(
                    desired.workspace(),
                    info,
                    desired.isolated() && isolated(client, desired.workspace(), info)));
  }

  @Override
  public ExternalLocation update(ExternalLocation desired, ExternalLocation actual) {
    WorkspaceClient client = clients.client(desired.workspace());
    String name = desired.name();
    try {
      ExternalLocationInfo info = client.externalLocations().get(name);
      if (info.getIsolationMode() != IsolationMode.ISOLATION_MODE_ISOLATED) {
        client
            .externalLocations()
            .update(
                new UpdateExternalLocation()
                    .setName(name)
                    .setIsolationMode(IsolationMode.ISOLATION_MODE_ISOLATED));
      }
      if (!bound(client, desired.workspace(), name)) {
        client
            .workspaceBindings()
            .updateBindings(
                new UpdateWorkspaceBindingsParameters()
                    .setSecurableType(SECURABLE_TYPE)
                    .setSecurableName(name)
                    .setAdd(
                        List.of(
                            new WorkspaceBinding()
                                .setWorkspaceId(workspaceId(desired.workspace()))
                                .setBindingType(
                                    WorkspaceBindingBindingType.BINDING_TYPE_READ_WRITE))));
      }
      return shown(desired.workspace(), info, true);
    } catch (RuntimeException e) {
      throw DatabricksFailures.classify("isolate and bind " + desired.describe(), e);
    }
  }

  /** Deletes it without {@code force} (offboarding only: not the port's delete); false on 404. */
  boolean remove(ExternalLocation expected) {
    DeleteExternalLocationRequest request =
        new DeleteExternalLocationRequest().setName(expected.name()).setForce(false);
    WorkspaceClient client = clients.client(expected.workspace());
    return CatalogCalls.delete(
        expected.describe(), () -> client.externalLocations().delete(request));
  }

  /** The location as Unity Catalog shows it. */
  static ExternalLocation shown(Workspace workspace, ExternalLocationInfo info, boolean isolated) {
    return new ExternalLocation(
        workspace,
        info.getName(),
        info.getUrl(),
        info.getCredentialName(),
        isolated,
        info.getOwner(),
        UnityCatalogStorageCredentials.isOurs(info.getComment()));
  }

  private boolean isolated(WorkspaceClient client, Workspace workspace, ExternalLocationInfo info) {
    if (info.getIsolationMode() != IsolationMode.ISOLATION_MODE_ISOLATED) {
      return false;
    }
    try {
      return bound(client, workspace, info.getName());
    } catch (RuntimeException e) {
      throw DatabricksFailures.classify("read the bindings of " + info.getName(), e);
    }
  }

  private static boolean bound(WorkspaceClient client, Workspace workspace, String name) {
    long workspaceId = workspaceId(workspace);
    for (WorkspaceBinding b :
        client
            .workspaceBindings()
            .getBindings(
                new GetBindingsRequest().setSecurableType(SECURABLE_TYPE).setSecurableName(name))) {
      if (b.getWorkspaceId() != null && b.getWorkspaceId() == workspaceId) {
        return true;
      }
    }
    return false;
  }

  private static long workspaceId(Workspace workspace) {
    return Long.parseLong(workspace.workspaceId());
  }
}

package dev.lakewire.databricks;

import com.databricks.sdk.service.catalog.AzureManagedIdentityRequest;
import com.databricks.sdk.service.catalog.CreateStorageCredential;
import com.databricks.sdk.service.catalog.StorageCredentialInfo;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.StorageCredentials;
import dev.lakewire.ports.Workspace;

/**
 * Unity Catalog storage credentials on an Access Connector ({@code azure_managed_identity.
 * access_connector_id}).
 *
 * <p>{@link #ensure} GETs the credential by name first: found → {@link Result#ALREADY_EXISTED}
 * (when it points at another connector → {@link CloudFailure.Permanent}, since external locations
 * on it would use an identity that holds none of lakewire's roles); 404 → create; a create answered
 * {@code RESOURCE_ALREADY_EXISTS} (a concurrent run) → {@link Result#ALREADY_EXISTED}.
 */
public final class UnityCatalogStorageCredentials implements StorageCredentials {

  /** The comment on everything lakewire creates in Unity Catalog. */
  static final String COMMENT = "managed by lakewire";

  private final WorkspaceClients clients;

  public UnityCatalogStorageCredentials(WorkspaceClients clients) {
    this.clients = clients;
  }

  @Override
  public Result ensure(
      Workspace workspace,
      String name,
      String accessConnectorResourceId,
      String userAssignedIdentityId) {
    String what = "storage credential " + name + " in workspace " + workspace.name();
    boolean created =
        GetOrCreate.ensure(
            what,
            () -> clients.client(workspace).storageCredentials().get(name),
            (StorageCredentialInfo existing) ->
                requireConnector(what, existing, accessConnectorResourceId),
            () ->
                clients
                    .client(workspace)
                    .storageCredentials()
                    .create(
                        new CreateStorageCredential()
                            .setName(name)
                            .setComment(COMMENT)
                            .setAzureManagedIdentity(
                                new AzureManagedIdentityRequest()
                                    .setAccessConnectorId(accessConnectorResourceId)
                                    .setManagedIdentityId(userAssignedIdentityId))));
    return created ? Result.CREATED : Result.ALREADY_EXISTED;
  }

  private static void requireConnector(
      String what, StorageCredentialInfo existing, String accessConnectorResourceId) {
    String actual =
        existing == null || existing.getAzureManagedIdentity() == null
            ? null
            : existing.getAzureManagedIdentity().getAccessConnectorId();
    if (actual != null && !actual.equalsIgnoreCase(accessConnectorResourceId)) {
      throw new CloudFailure.Permanent(
          what
              + " exists but uses access connector "
              + actual
              + ", not "
              + accessConnectorResourceId
              + "; delete or rename it",
          null);
    }
  }
}

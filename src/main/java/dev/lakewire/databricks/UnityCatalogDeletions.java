package dev.lakewire.databricks;

import com.databricks.sdk.service.catalog.DeleteExternalLocationRequest;
import com.databricks.sdk.service.catalog.DeleteStorageCredentialRequest;
import dev.lakewire.ports.CatalogDeletions;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.ExternalLocation;
import dev.lakewire.ports.Managed;
import dev.lakewire.ports.StorageCredential;

/**
 * Deletes a workspace's own Unity Catalog objects through the workspace: read and compared as
 * {@link UnityCatalogStorageCredentials} and {@link UnityCatalogExternalLocations} do, deleted only
 * when still lakewire's as lakewire created it; a 404 on the read or the delete is done. Never with
 * {@code force}: Unity Catalog then refuses to delete an external location with dependent tables or
 * a credential that external locations still use (terraform-provider-databricks#2188, #4000), which
 * is {@link CloudFailure.Permanent} naming what depends on it.
 */
public final class UnityCatalogDeletions implements CatalogDeletions {

  private final WorkspaceClients clients;

  public UnityCatalogDeletions(WorkspaceClients clients) {
    this.clients = clients;
  }

  @Override
  public Managed<ExternalLocation, ExternalLocation> externalLocations() {
    return Managed.deletedBy(
        new UnityCatalogExternalLocations(clients),
        (expected, actual) ->
            CatalogCalls.delete(
                expected.describe(),
                () ->
                    clients
                        .client(expected.workspace())
                        .externalLocations()
                        .delete(
                            new DeleteExternalLocationRequest()
                                .setName(expected.name())
                                .setForce(false))));
  }

  @Override
  public Managed<StorageCredential, StorageCredential> storageCredentials() {
    return Managed.deletedBy(
        new UnityCatalogStorageCredentials(clients),
        (expected, actual) ->
            CatalogCalls.delete(
                expected.describe(),
                () ->
                    clients
                        .client(expected.workspace())
                        .storageCredentials()
                        .delete(
                            new DeleteStorageCredentialRequest()
                                .setName(expected.name())
                                .setForce(false))));
  }
}

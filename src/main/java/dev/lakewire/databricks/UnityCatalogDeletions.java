package dev.lakewire.databricks;

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
    UnityCatalogExternalLocations locations = new UnityCatalogExternalLocations(clients);
    return Managed.deletedBy(locations, (expected, actual) -> locations.remove(expected));
  }

  @Override
  public Managed<StorageCredential, StorageCredential> storageCredentials() {
    UnityCatalogStorageCredentials credentials = new UnityCatalogStorageCredentials(clients);
    return Managed.deletedBy(credentials, (expected, actual) -> credentials.remove(expected));
  }
}

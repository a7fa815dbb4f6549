package dev.lakewire.ports;

/**
 * Deleting a workspace's own Unity Catalog objects (offboarding) with {@link Reconciler#delete}:
 * only objects lakewire created, as it created them; anything else under the name is kept. A
 * separate port from {@link StorageCredentials} and {@link ExternalLocations} so that the
 * onboarding steps cannot delete anything.
 */
public interface CatalogDeletions {

  /** lakewire's external locations, deleted without {@code force}. */
  Managed<ExternalLocation, ExternalLocation> externalLocations();

  /**
   * lakewire's storage credentials, deleted without {@code force}: Unity Catalog refuses while an
   * external location uses one.
   */
  Managed<StorageCredential, StorageCredential> storageCredentials();
}

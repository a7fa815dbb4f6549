package dev.lakewire.ports;

/**
 * Deleting a workspace's own Unity Catalog objects (offboarding): only objects lakewire created, as
 * it created them; anything else under the name is {@link CloudFailure.Permanent} and left alone.
 */
public interface CatalogDeletions {

  /**
   * Deletes lakewire's external location {@code name} if it still has this URL and credential.
   *
   * @return false when there was none (404)
   */
  boolean deleteExternalLocation(Workspace workspace, String name, String url, String credential);

  /**
   * Deletes lakewire's storage credential {@code name} if it is still on this connector. Without
   * {@code force}: Unity Catalog refuses while an external location uses it.
   *
   * @return false when there was none (404)
   */
  boolean deleteStorageCredential(
      Workspace workspace, String name, String accessConnectorResourceId);
}

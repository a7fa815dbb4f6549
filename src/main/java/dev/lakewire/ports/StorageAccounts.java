package dev.lakewire.ports;

import java.util.Optional;

/** Storage accounts in ARM. */
public interface StorageAccounts {

  /** The account with this ARM id, or empty when ARM answers 404. */
  Optional<StorageAccount> find(String storageAccountResourceId);

  /**
   * Like {@link #find}, but never an answer kept from before: for diagnosing a failure, where a
   * stale answer would mislead (an adapter may keep {@link #find}'s answers for a while).
   */
  default Optional<StorageAccount> findFresh(String storageAccountResourceId) {
    return find(storageAccountResourceId);
  }

  /**
   * Adds a resource access rule ({@code networkAcls.resourceAccessRules}: the resource's id and
   * tenant) so that the resource's managed identity passes the storage firewall: a
   * read-modify-write of the account's network rules ({@code
   * Microsoft.Storage/storageAccounts/write}). Keeps every other rule; does nothing when the rule
   * exists.
   */
  void allowResourceAccess(String storageAccountResourceId, String resourceId);
}

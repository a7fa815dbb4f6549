package dev.lakewire.ports;

import java.util.Optional;

/** Storage accounts in ARM (read only). */
public interface StorageAccounts {

  /** The account with this ARM id, or empty when ARM answers 404. */
  Optional<StorageAccount> find(String storageAccountResourceId);
}

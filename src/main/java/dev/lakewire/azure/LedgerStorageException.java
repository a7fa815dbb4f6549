package dev.lakewire.azure;

/**
 * The ledger table could not be read or written (after the SDK's own retries). Not a {@link
 * dev.lakewire.ports.CloudFailure}: the step worker treats it as transient, so the step message is
 * redelivered.
 */
final class LedgerStorageException extends RuntimeException {

  LedgerStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}

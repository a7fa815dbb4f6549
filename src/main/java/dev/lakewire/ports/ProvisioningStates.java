package dev.lakewire.ports;

/**
 * ARM's {@code provisioningState} of a resource, compared case-insensitively: {@code Succeeded}
 * when usable; {@code Failed}, {@code Canceled}, {@code Deleting} and {@code Deleted} when it will
 * not become usable without a new write.
 */
final class ProvisioningStates {

  private ProvisioningStates() {}

  static boolean succeeded(String provisioningState) {
    return "Succeeded".equalsIgnoreCase(provisioningState);
  }

  static boolean terminallyUnusable(String provisioningState) {
    return "Failed".equalsIgnoreCase(provisioningState)
        || "Canceled".equalsIgnoreCase(provisioningState)
        || "Deleting".equalsIgnoreCase(provisioningState)
        || "Deleted".equalsIgnoreCase(provisioningState);
  }
}

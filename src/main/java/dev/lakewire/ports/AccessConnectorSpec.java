package dev.lakewire.ports;

import java.util.Map;

/**
 * The desired Access Connector.
 *
 * @param id the ARM resource id it must have
 * @param location the Azure region
 * @param userAssignedIdentityId null for a system-assigned identity, otherwise the ARM id of the
 *     user-assigned identity to attach
 * @param tags the tags it must carry
 */
public record AccessConnectorSpec(
    String id, String location, String userAssignedIdentityId, Map<String, String> tags) {

  public AccessConnectorSpec {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}

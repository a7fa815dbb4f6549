package dev.lakewire.ports;

import java.util.Map;

/**
 * An Azure Databricks Access Connector ({@code Microsoft.Databricks/accessConnectors}): the managed
 * identity Unity Catalog uses to reach storage.
 *
 * @param id the ARM resource id
 * @param name the connector name
 * @param location the Azure region
 * @param provisioningState ARM provisioning state
 * @param principalId object id of the identity that storage roles are granted to; null until ARM
 *     has created the identity
 * @param tags the resource tags
 */
public record AccessConnector(
    String id,
    String name,
    String location,
    String provisioningState,
    String principalId,
    Map<String, String> tags) {

  public AccessConnector {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /** Ready for role assignments: provisioned and its identity exists. */
  public boolean ready() {
    return "Succeeded".equalsIgnoreCase(provisioningState)
        && principalId != null
        && !principalId.isBlank();
  }

  public boolean failed() {
    return "Failed".equalsIgnoreCase(provisioningState)
        || "Canceled".equalsIgnoreCase(provisioningState);
  }
}

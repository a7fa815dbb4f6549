package dev.lakewire.ports;

import java.util.Map;

/**
 * What lakewire needs to know about an Azure Databricks workspace (ARM {@code
 * Microsoft.Databricks/workspaces}).
 *
 * @param id the ARM resource id
 * @param name the workspace name
 * @param location the Azure region, e.g. {@code westeurope}
 * @param provisioningState ARM provisioning state, e.g. {@code Succeeded}
 * @param workspaceId the numeric Databricks workspace id (Unity Catalog uses it)
 * @param workspaceUrl the workspace host, e.g. {@code adb-123.4.azuredatabricks.net}
 * @param tags the resource tags
 */
public record Workspace(
    String id,
    String name,
    String location,
    String provisioningState,
    String workspaceId,
    String workspaceUrl,
    Map<String, String> tags) {

  public Workspace {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public boolean succeeded() {
    return ProvisioningStates.succeeded(provisioningState);
  }

  /** A terminal state from which the workspace will never become usable without a new write. */
  public boolean terminallyUnusable() {
    return ProvisioningStates.terminallyUnusable(provisioningState);
  }

  /** The https base URL of the workspace. */
  public String host() {
    if (workspaceUrl == null) {
      return null;
    }
    return workspaceUrl.startsWith("https://") ? workspaceUrl : "https://" + workspaceUrl;
  }
}

package dev.lakewire.ports;

/**
 * Which Access Connector a workspace has attached ({@code properties.accessConnector} of {@code
 * Microsoft.Databricks/workspaces}, api-version 2024-05-01 and later), read fresh with its state.
 *
 * @param provisioningState the workspace's provisioning state ({@code Updating} while an update
 *     such as an attachment is applied)
 * @param accessConnectorId the attached connector's ARM id, null when none
 * @param identityType {@code SystemAssigned} or {@code UserAssigned}, null when none
 */
public record ConnectorAttachment(
    String provisioningState, String accessConnectorId, String identityType) {

  public boolean succeeded() {
    return ProvisioningStates.succeeded(provisioningState);
  }

  public boolean failed() {
    return ProvisioningStates.terminallyUnusable(provisioningState);
  }
}

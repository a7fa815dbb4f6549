package dev.lakewire.ports;

/** Unity Catalog storage credentials backed by an Access Connector. */
public interface StorageCredentials {

  /** What {@link #ensure} found. */
  enum Result {
    CREATED,
    ALREADY_EXISTED
  }

  /**
   * Makes sure a storage credential with this name exists, using the connector's identity.
   *
   * @param userAssignedIdentityId the connector's user-assigned identity (ARM id) when it has one,
   *     null for its system-assigned identity
   */
  Result ensure(
      Workspace workspace,
      String name,
      String accessConnectorResourceId,
      String userAssignedIdentityId);

  /** {@link #ensure(Workspace, String, String, String)} with the system-assigned identity. */
  default Result ensure(Workspace workspace, String name, String accessConnectorResourceId) {
    return ensure(workspace, name, accessConnectorResourceId, null);
  }
}

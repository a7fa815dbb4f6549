package dev.lakewire.ports;

import java.util.List;

/** Unity Catalog storage credentials backed by an Access Connector. */
public interface StorageCredentials {

  /** What {@link #ensure} found. */
  enum Result {
    CREATED,
    ALREADY_EXISTED
  }

  /**
   * Makes sure a storage credential with this name exists, using the connector's identity. One that
   * exists on another connector, or that lakewire did not create, is {@link
   * CloudFailure.Permanent}.
   *
   * @param userAssignedIdentityId the connector's user-assigned identity (ARM id) when it has one,
   *     null for its system-assigned identity
   */
  Result ensure(
      Workspace workspace,
      String name,
      String accessConnectorResourceId,
      String userAssignedIdentityId);

  /**
   * Whether lakewire's credential of this name exists on this connector (a read). One of that name
   * on another connector, or that lakewire did not create, is {@link CloudFailure.Permanent}.
   */
  boolean exists(Workspace workspace, String name, String accessConnectorResourceId);

  /** {@link #ensure(Workspace, String, String, String)} with the system-assigned identity. */
  default Result ensure(Workspace workspace, String name, String accessConnectorResourceId) {
    return ensure(workspace, name, accessConnectorResourceId, null);
  }

  /**
   * Asks Unity Catalog to try the credential against storage now ({@code
   * validate-storage-credentials}): against an existing external location when {@code
   * externalLocationName} is set, else against {@code url}.
   *
   * @return the failed checks ({@code "WRITE: <message>"}), empty when every check passed
   */
  List<String> validate(
      Workspace workspace, String credentialName, String externalLocationName, String url);
}

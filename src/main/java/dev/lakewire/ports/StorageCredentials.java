package dev.lakewire.ports;

/** Unity Catalog storage credentials backed by an Access Connector. */
public interface StorageCredentials {

  /** What {@link #ensure} found. */
  enum Result {
    CREATED,
    ALREADY_EXISTED
  }

  /** Makes sure a storage credential with this name exists, using the connector's identity. */
  Result ensure(Workspace workspace, String name, String accessConnectorResourceId);
}

package dev.lakewire.ports;

/**
 * A Unity Catalog storage credential on an Access Connector: the one lakewire wants ({@link
 * #desired}) or one Unity Catalog shows.
 *
 * @param workspace the workspace Unity Catalog is reached through
 * @param name the credential's name (metastore-wide, compared case-insensitively)
 * @param accessConnectorId the connector's ARM id ({@code
 *     azure_managed_identity.access_connector_id})
 * @param managedIdentityId the connector's user-assigned identity (ARM id) it uses, null for the
 *     connector's system-assigned identity
 * @param owner its owner as Unity Catalog shows it (null in a desired one)
 * @param lakewires whether lakewire created it (its comment is lakewire's marker)
 */
public record StorageCredential(
    Workspace workspace,
    String name,
    String accessConnectorId,
    String managedIdentityId,
    String owner,
    boolean lakewires)
    implements Desired<StorageCredential> {

  /** The credential lakewire wants. */
  public static StorageCredential desired(
      Workspace workspace, String name, String accessConnectorId, String managedIdentityId) {
    return new StorageCredential(workspace, name, accessConnectorId, managedIdentityId, null, true);
  }

  /** For messages: {@code storage credential <name> in workspace <workspace>}. */
  @Override
  public String describe() {
    return "storage credential " + name + " in workspace " + workspace.name();
  }

  /**
   * What matters: lakewire made it, on this connector, with this identity. lakewire never points a
   * credential elsewhere (other workspaces' objects may use it), so no difference is correctable.
   */
  @Override
  public Match match(StorageCredential actual) {
    Match.Differences differences =
        new Match.Differences()
            .ignoringCase("access connector", accessConnectorId, actual.accessConnectorId, false)
            .ignoringCase("managed identity", managedIdentityId, actual.managedIdentityId, false);
    return actual.lakewires
        ? differences.result()
        : Match.notLakewires(
            "on access connector " + actual.accessConnectorId, actual.owner, accessConnectorId);
  }
}

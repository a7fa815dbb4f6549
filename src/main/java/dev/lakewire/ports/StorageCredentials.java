package dev.lakewire.ports;

import java.util.List;

/**
 * Unity Catalog storage credentials backed by an Access Connector, a {@link Managed} thing: one of
 * lakewire's name on another connector or identity, or not made by lakewire, is never adopted.
 */
public interface StorageCredentials extends Managed<StorageCredential, StorageCredential> {

  @Override
  StorageCredential create(StorageCredential desired);

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

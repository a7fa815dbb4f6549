package dev.lakewire.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;

/**
 * The identity lakewire acts as ({@code LAKEWIRE_CREDENTIAL}, read and parsed by the app's
 * settings):
 *
 * <ul>
 *   <li>{@link Kind#MANAGED_IDENTITY} (the default): the Function App's managed identity, the
 *       user-assigned one whose client id is in {@value #AZURE_CLIENT_ID} when set, else the
 *       system-assigned one
 *   <li>{@link Kind#DEFAULT}: {@code DefaultAzureCredential} (environment, workload identity,
 *       managed identity, Azure CLI, …), to run lakewire on a laptop against real Azure
 * </ul>
 */
public final class Credentials {

  /** The setting choosing the credential. */
  public static final String CREDENTIAL = "LAKEWIRE_CREDENTIAL";

  /** The client id of a user-assigned managed identity (the name azure-identity reads). */
  public static final String AZURE_CLIENT_ID = "AZURE_CLIENT_ID";

  /** Which credential: {@code managed-identity} or {@code default} in the setting. */
  public enum Kind {
    MANAGED_IDENTITY,
    DEFAULT
  }

  private Credentials() {}

  /**
   * The credential of this kind.
   *
   * @param clientId the user-assigned managed identity's client id, or null
   */
  public static TokenCredential create(Kind kind, String clientId) {
    if (kind == Kind.DEFAULT) {
      DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder();
      if (clientId != null) {
        b.managedIdentityClientId(clientId);
      }
      return b.build();
    }
    ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder();
    if (clientId != null) {
      b.clientId(clientId);
    }
    return b.build();
  }
}

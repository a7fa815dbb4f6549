package dev.lakewire.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import java.util.Locale;
import java.util.Map;

/**
 * The identity lakewire acts as, from app settings:
 *
 * <ul>
 *   <li>{@value #CREDENTIAL} absent, blank or {@code managed-identity} (the default): the Function
 *       App's managed identity, the user-assigned one whose client id is in {@value
 *       #AZURE_CLIENT_ID} when set, else the system-assigned one
 *   <li>{@value #CREDENTIAL} = {@code default}: {@code DefaultAzureCredential} (environment,
 *       workload identity, managed identity, Azure CLI, …), to run lakewire on a laptop against
 *       real Azure
 * </ul>
 */
public final class Credentials {

  /** The setting choosing the credential. */
  public static final String CREDENTIAL = "LAKEWIRE_CREDENTIAL";

  /** The client id of a user-assigned managed identity (the name azure-identity reads). */
  public static final String AZURE_CLIENT_ID = "AZURE_CLIENT_ID";

  private Credentials() {}

  /**
   * The credential the settings ask for.
   *
   * @throws IllegalArgumentException naming {@value #CREDENTIAL} when its value is unknown
   */
  public static TokenCredential fromSettings(Map<String, String> settings) {
    String kind = value(settings, CREDENTIAL);
    String clientId = value(settings, AZURE_CLIENT_ID);
    kind = kind == null ? null : kind.toLowerCase(Locale.ROOT);
    if (kind == null || kind.equals("managed-identity") || kind.equals("managedidentity")) {
      ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder();
      if (clientId != null) {
        b.clientId(clientId);
      }
      return b.build();
    }
    if (kind.equals("default")) {
      DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder();
      if (clientId != null) {
        b.managedIdentityClientId(clientId);
      }
      return b.build();
    }
    throw new IllegalArgumentException(
        CREDENTIAL + ": '" + kind + "' is neither managed-identity (the default) nor default");
  }

  private static String value(Map<String, String> settings, String name) {
    String v = settings.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }
}

package dev.lakewire.databricks;

import com.databricks.sdk.core.AzureEnvironment;
import com.databricks.sdk.core.CredentialsProvider;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.HeaderFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Authenticates databricks-sdk-java requests with an azure-identity credential (the SDK's own
 * {@code azure-msi} only knows the VM metadata endpoint, not App Service's managed identity), the
 * way Azure Databricks accepts a service principal that is not yet a workspace user but has a role
 * on the workspace resource:
 *
 * <ul>
 *   <li>{@code Authorization: Bearer <token for the Azure Databricks resource>} (scope {@value
 *       #DATABRICKS_SCOPE})
 *   <li>{@code X-Databricks-Azure-SP-Management-Token: <token for ARM>}, requested exactly as the
 *       SDK's own Azure providers request it: for the resource {@code
 *       https://management.core.windows.net/}, the public cloud's service management endpoint
 *       (databricks-sdk-java {@code AzureServicePrincipalCredentialsProvider}, {@code
 *       AzureEnvironment}); Azure Databricks checks its audience
 *   <li>{@code X-Databricks-Azure-Workspace-Resource-Id: <workspace ARM id>} (workspace clients
 *       only; account clients send none)
 * </ul>
 *
 * Tokens come from a shared {@link CachedTokens}, reused until shortly before they expire.
 */
final class AzureTokenCredentialsProvider implements CredentialsProvider {

  /** The auth type the SDK reports (user agent, logs). */
  public static final String AUTH_TYPE = "lakewire-azure-identity";

  /** The Azure Databricks first-party application's scope. */
  public static final String DATABRICKS_SCOPE = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default";

  /**
   * The scope of the management token: the resource {@code https://management.core.windows.net/}
   * (so the scope has two slashes before {@code .default}), as the SDK requests it.
   */
  public static final String MANAGEMENT_SCOPE =
      AzureEnvironment.getEnvironment("PUBLIC").getServiceManagementEndpoint() + "/.default";

  public static final String MANAGEMENT_TOKEN_HEADER = "X-Databricks-Azure-SP-Management-Token";
  public static final String WORKSPACE_RESOURCE_ID_HEADER =
      "X-Databricks-Azure-Workspace-Resource-Id";

  private final CachedTokens tokens;
  private final String workspaceResourceId;

  /**
   * @param tokens where tokens come from
   * @param workspaceResourceId the ARM id of the workspace the requests go to; null for the account
   *     API
   */
  public AzureTokenCredentialsProvider(CachedTokens tokens, String workspaceResourceId) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.workspaceResourceId = workspaceResourceId;
  }

  @Override
  public String authType() {
    return AUTH_TYPE;
  }

  @Override
  public HeaderFactory configure(DatabricksConfig config) {
    return this::headers;
  }

  /** The headers of one request, with fresh-enough tokens. */
  Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Authorization", "Bearer " + tokens.token(DATABRICKS_SCOPE));
    h.put(MANAGEMENT_TOKEN_HEADER, tokens.token(MANAGEMENT_SCOPE));
    if (workspaceResourceId != null) {
      h.put(WORKSPACE_RESOURCE_ID_HEADER, workspaceResourceId);
    }
    return h;
  }
}

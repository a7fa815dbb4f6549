package dev.lakewire.databricks;

import com.azure.core.credential.TokenCredential;
import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.commons.CommonsHttpClient;
import com.databricks.sdk.core.http.HttpClient;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.DatabricksHost;
import dev.lakewire.ports.Workspace;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One databricks-sdk-java {@link WorkspaceClient} per workspace (keyed by host and workspace ARM
 * id), built on first use and cached (thread-safe). Every client shares one HTTP connection pool
 * and one token cache, authenticates with {@link AzureTokenCredentialsProvider}, has the SDK's
 * retries turned off and sends through {@link BoundedRetryHttpClient} (no retry on 429; a few on
 * 5xx and I/O errors).
 */
public final class WorkspaceClients {

  /** Per-request timeout of the Databricks HTTP client. */
  public static final int HTTP_TIMEOUT_SECONDS = 60;

  private final CachedTokens tokens;
  private final HttpClient http;
  private final String databricksDomain;
  private final Map<String, WorkspaceClient> clients = new ConcurrentHashMap<>();

  /**
   * @param tokens the token cache of lakewire's identity
   * @param http the HTTP client every workspace client sends through
   * @param databricksDomain the DNS suffix workspace hosts must have ({@link DatabricksHost})
   */
  public WorkspaceClients(CachedTokens tokens, HttpClient http, String databricksDomain) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.http = Objects.requireNonNull(http, "http");
    this.databricksDomain = DatabricksHost.checkDomain(databricksDomain);
  }

  /**
   * Clients for a credential, with production HTTP settings (3 retries from 1 s on 5xx/I/O) and the
   * public cloud's domain. Tokens are cached on the wall clock (they expire in real time, whatever
   * clock the steps run on); {@code clock} reads Retry-After dates.
   */
  public static WorkspaceClients create(TokenCredential credential, Clock clock) {
    return create(credential, clock, 3, Duration.ofSeconds(1));
  }

  /**
   * Clients for a credential retrying 5xx/I/O {@code retries} times from {@code baseDelay}
   * (doubling); a zero delay retries without sleeping (for a local cloud on a virtual clock).
   */
  public static WorkspaceClients create(
      TokenCredential credential, Clock clock, int retries, Duration baseDelay) {
    return create(credential, clock, retries, baseDelay, DatabricksHost.DEFAULT_DOMAIN, null);
  }

  /**
   * Clients for a credential, accepting workspace hosts under {@code databricksDomain} only,
   * sending through {@code transport} (null: the SDK's Apache client with {@link
   * #HTTP_TIMEOUT_SECONDS}; the local run passes one that resolves its own domain to the local
   * cloud).
   */
  public static WorkspaceClients create(
      TokenCredential credential,
      Clock clock,
      int retries,
      Duration baseDelay,
      String databricksDomain,
      HttpClient transport) {
    return new WorkspaceClients(
        new CachedTokens(credential, Clock.systemUTC()),
        new BoundedRetryHttpClient(
            transport != null
                ? transport
                : new CommonsHttpClient.Builder().withTimeoutSeconds(HTTP_TIMEOUT_SECONDS).build(),
            retries,
            baseDelay.isZero() ? Duration.ofMillis(1) : baseDelay,
            clock,
            baseDelay.isZero() ? d -> {} : d -> Thread.sleep(d.toMillis())),
        databricksDomain);
  }

  /**
   * The client of a workspace.
   *
   * @throws CloudFailure.Permanent when the workspace's URL is not an Azure Databricks host under
   *     the allowed domain: no client is built and no request (so no token) leaves
   */
  public WorkspaceClient client(Workspace workspace) {
    if (workspace.workspaceUrl() == null) {
      throw new IllegalArgumentException("workspace " + workspace.id() + " has no URL yet");
    }
    DatabricksHost host;
    try {
      host = DatabricksHost.parse(workspace.workspaceUrl(), databricksDomain);
    } catch (IllegalArgumentException hostile) {
      throw new CloudFailure.Permanent(
          "workspace "
              + workspace.id()
              + ": "
              + hostile.getMessage()
              + "; lakewire sends no token there",
          hostile);
    }
    String key = host.name() + "|" + workspace.id().toLowerCase(Locale.ROOT);
    return clients.computeIfAbsent(
        key, k -> new WorkspaceClient(config(host.url(), workspace.id())));
  }

  /**
   * A client of the Databricks account API at {@code host} (production: {@code
   * https://accounts.azuredatabricks.net}), sharing this object's tokens and HTTP client. The SDK
   * takes a host starting with {@code https://accounts.} for an account host; that only changes
   * which credentials it would pick by itself, not the requests, since lakewire always gives it
   * {@link AzureTokenCredentialsProvider} (without a workspace resource id).
   */
  public AccountClient account(String host, String accountId) {
    return new AccountClient(config(host, null).setAccountId(accountId));
  }

  /**
   * The application (client) id of lakewire's own identity: the {@code appid} claim of its
   * Databricks token. For when no {@code AZURE_CLIENT_ID} names it (a system-assigned identity).
   */
  public String ownApplicationId() {
    return TokenClaims.applicationId(tokens.token(AzureTokenCredentialsProvider.DATABRICKS_SCOPE));
  }

  /**
   * The SDK configuration of one workspace. {@code debugHeaders} is forced off: with it on (e.g.
   * {@code DATABRICKS_DEBUG_HEADERS=true} in the app settings, which the SDK reads for any
   * attribute left unset) the SDK logs request headers, i.e. both bearer tokens.
   */
  DatabricksConfig config(String host, String workspaceResourceId) {
    return new DatabricksConfig()
        .setHost(host)
        .setCredentialsProvider(new AzureTokenCredentialsProvider(tokens, workspaceResourceId))
        .setAuthType(AzureTokenCredentialsProvider.AUTH_TYPE)
        .setDisableRetries(true)
        .setDebugHeaders(false)
        .setHttpTimeoutSeconds(HTTP_TIMEOUT_SECONDS)
        .setHttpClient(http);
  }
}

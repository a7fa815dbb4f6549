package dev.lakewire.databricks;

import com.azure.core.credential.TokenCredential;
import com.databricks.sdk.AccountClient;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.commons.CommonsHttpClient;
import com.databricks.sdk.core.http.HttpClient;
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
  private final Map<String, WorkspaceClient> clients = new ConcurrentHashMap<>();

  /**
   * @param tokens the token cache of lakewire's identity
   * @param http the HTTP client every workspace client sends through
   */
  public WorkspaceClients(CachedTokens tokens, HttpClient http) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.http = Objects.requireNonNull(http, "http");
  }

  /**
   * Clients for a credential, with production HTTP settings (3 retries from 1 s on 5xx/I/O). Tokens
   * are cached on the wall clock (they expire in real time, whatever clock the steps run on);
   * {@code clock} reads Retry-After dates.
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
    return new WorkspaceClients(
        new CachedTokens(credential, Clock.systemUTC()),
        new BoundedRetryHttpClient(
            new CommonsHttpClient.Builder().withTimeoutSeconds(HTTP_TIMEOUT_SECONDS).build(),
            retries,
            baseDelay.isZero() ? Duration.ofMillis(1) : baseDelay,
            clock,
            baseDelay.isZero() ? d -> {} : d -> Thread.sleep(d.toMillis())));
  }

  /** The client of a workspace. */
  public WorkspaceClient client(Workspace workspace) {
    String host = workspace.host();
    if (host == null) {
      throw new IllegalArgumentException("workspace " + workspace.id() + " has no URL yet");
    }
    String key = host.toLowerCase(Locale.ROOT) + "|" + workspace.id().toLowerCase(Locale.ROOT);
    return clients.computeIfAbsent(key, k -> new WorkspaceClient(config(host, workspace.id())));
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

  DatabricksConfig config(String host, String workspaceResourceId) {
    return new DatabricksConfig()
        .setHost(host)
        .setCredentialsProvider(new AzureTokenCredentialsProvider(tokens, workspaceResourceId))
        .setAuthType(AzureTokenCredentialsProvider.AUTH_TYPE)
        .setDisableRetries(true)
        .setHttpTimeoutSeconds(HTTP_TIMEOUT_SECONDS)
        .setHttpClient(http);
  }
}

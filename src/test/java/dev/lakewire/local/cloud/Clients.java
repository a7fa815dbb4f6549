package dev.lakewire.local.cloud;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.storage.StorageManager;
import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.CredentialsProvider;
import com.databricks.sdk.core.DatabricksConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The real SDK clients (and a plain java.net.http client) pointed at a local cloud. */
final class Clients {

  static final String SUBSCRIPTION = "11111111-1111-1111-1111-111111111111";
  static final String ARM_RESOURCE = "https://management.azure.com/";

  /** The management token's resource as databricks-sdk-java requests it. */
  static final String MANAGEMENT_RESOURCE = "https://management.core.windows.net/";

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .sslContext(LocalCloud.sslContext())
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Clients() {}

  /** The system-assigned managed identity of the test JVM (the environment points it at us). */
  static TokenCredential managedIdentity() {
    return new ManagedIdentityCredentialBuilder().build();
  }

  static AzureProfile profile(LocalCloud cloud) {
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", cloud.armEndpoint());
    return new AzureProfile(cloud.tenantId(), SUBSCRIPTION, new AzureEnvironment(endpoints));
  }

  static ResourceManager resourceManager(LocalCloud cloud) {
    return ResourceManager.authenticate(managedIdentity(), profile(cloud))
        .withSubscription(SUBSCRIPTION);
  }

  static AuthorizationManager authorizationManager(LocalCloud cloud) {
    return AuthorizationManager.authenticate(managedIdentity(), profile(cloud));
  }

  static StorageManager storageManager(LocalCloud cloud) {
    return StorageManager.authenticate(managedIdentity(), profile(cloud));
  }

  /**
   * A Databricks client for one workspace, authenticated as production does it: a Databricks token,
   * an ARM management token and the workspace resource id header, from a {@link TokenCredential}.
   */
  static WorkspaceClient workspaceClient(LocalCloud cloud, String workspaceArmId) {
    return workspaceClient(cloud, workspaceArmId, managedIdentity());
  }

  /** {@link #workspaceClient(LocalCloud, String)} as another identity. */
  static WorkspaceClient workspaceClient(
      LocalCloud cloud, String workspaceArmId, TokenCredential credential) {
    CredentialsProvider provider =
        new CredentialsProvider() {
          @Override
          public String authType() {
            return "lakewire-test-msi";
          }

          @Override
          public com.databricks.sdk.core.HeaderFactory configure(DatabricksConfig config) {
            return () ->
                Map.of(
                    "Authorization",
                    "Bearer " + token(credential, LocalCloud.DATABRICKS_RESOURCE + "/.default"),
                    "X-Databricks-Azure-SP-Management-Token",
                    token(credential, MANAGEMENT_RESOURCE + "/.default"),
                    "X-Databricks-Azure-Workspace-Resource-Id",
                    workspaceArmId);
          }
        };
    return new WorkspaceClient(
        new DatabricksConfig().setHost(cloud.databricksHost()).setCredentialsProvider(provider));
  }

  /** A Databricks account client of the cloud's account, as {@code clientId} (null: default). */
  static com.databricks.sdk.AccountClient accountClient(LocalCloud cloud, String clientId) {
    TokenCredential credential =
        clientId == null
            ? managedIdentity()
            : new ManagedIdentityCredentialBuilder().clientId(clientId).build();
    CredentialsProvider provider =
        new CredentialsProvider() {
          @Override
          public String authType() {
            return "lakewire-test-msi";
          }

          @Override
          public com.databricks.sdk.core.HeaderFactory configure(DatabricksConfig config) {
            return () ->
                Map.of(
                    "Authorization",
                    "Bearer " + token(credential, LocalCloud.DATABRICKS_RESOURCE + "/.default"));
          }
        };
    return new com.databricks.sdk.AccountClient(
        new DatabricksConfig()
            .setHost(cloud.databricksAccountsHost())
            .setAccountId(cloud.databricksAccountId())
            .setHttpClient(cloud.databricksTransport())
            .setCredentialsProvider(provider));
  }

  private static String token(TokenCredential credential, String scope) {
    return credential.getTokenSync(new TokenRequestContext().addScopes(scope)).getToken();
  }

  /** A token straight from the token endpoint (no SDK, no cache). */
  static String rawToken(String resource, String clientId) {
    String url =
        LocalCloud.identityEndpoint()
            + "?api-version=2019-08-01&resource="
            + java.net.URLEncoder.encode(resource, java.nio.charset.StandardCharsets.UTF_8)
            + (clientId == null ? "" : "&client_id=" + clientId);
    HttpResponse<String> r =
        send(HttpRequest.newBuilder(URI.create(url)).header("X-IDENTITY-HEADER", identityHeader()));
    if (r.statusCode() != 200) {
      throw new IllegalStateException("token endpoint answered " + r.statusCode() + r.body());
    }
    return parse(r.body()).path("access_token").asText();
  }

  static String identityHeader() {
    String h = System.getenv("IDENTITY_HEADER");
    return h == null ? "lakewire-local" : h;
  }

  static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(
          request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An ARM request with a bearer token. */
  static HttpRequest.Builder arm(
      LocalCloud cloud, String method, String pathAndQuery, String body, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(cloud.armEndpoint() + pathAndQuery))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json");
    return b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
  }

  static com.fasterxml.jackson.databind.JsonNode parse(String json) {
    try {
      return Call.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.lakewire.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import dev.lakewire.local.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class AzureTokenCredentialsProviderTest {

  private static final String WS =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"
          + "Microsoft.Databricks/workspaces/ws1";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  /** Issues "<scope>#<n>" tokens valid for one hour, recording each request. */
  private final class CountingCredential implements TokenCredential {
    final List<String> requested = new ArrayList<>();

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
      return Mono.just(getTokenSync(request));
    }

    @Override
    public AccessToken getTokenSync(TokenRequestContext request) {
      String scope = request.getScopes().get(0);
      requested.add(scope);
      return new AccessToken(
          scope + "#" + requested.size(),
          clock.instant().plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC));
    }
  }

  @Test
  void sendsTheDatabricksTokenTheManagementTokenAndTheWorkspaceId() {
    CountingCredential credential = new CountingCredential();
    AzureTokenCredentialsProvider provider =
        new AzureTokenCredentialsProvider(new CachedTokens(credential, clock), WS);

    Map<String, String> headers = provider.configure(null).headers();

    assertThat(headers)
        .containsEntry(
            "Authorization", "Bearer " + AzureTokenCredentialsProvider.DATABRICKS_SCOPE + "#1")
        .containsEntry(
            AzureTokenCredentialsProvider.MANAGEMENT_TOKEN_HEADER,
            "https://management.core.windows.net//.default#2")
        .containsEntry(AzureTokenCredentialsProvider.WORKSPACE_RESOURCE_ID_HEADER, WS);
    assertThat(provider.authType()).isEqualTo("lakewire-azure-identity");
  }

  @Test
  void asksForTheManagementTokenOfTheServiceManagementResourceAsTheSdkDoes() {
    // databricks-sdk-java requests the X-Databricks-Azure-SP-Management-Token for
    // AzureEnvironment PUBLIC's service management endpoint, https://management.core.windows.net/
    assertThat(AzureTokenCredentialsProvider.MANAGEMENT_SCOPE)
        .isEqualTo(
            com.databricks.sdk.core.AzureEnvironment.getEnvironment("PUBLIC")
                    .getServiceManagementEndpoint()
                + "/.default")
        .isEqualTo("https://management.core.windows.net//.default");
  }

  @Test
  void anAccountClientSendsNoWorkspaceResourceId() {
    AzureTokenCredentialsProvider provider =
        new AzureTokenCredentialsProvider(new CachedTokens(new CountingCredential(), clock), null);

    assertThat(provider.headers())
        .containsKey("Authorization")
        .doesNotContainKey(AzureTokenCredentialsProvider.WORKSPACE_RESOURCE_ID_HEADER);
  }

  @Test
  void reusesTokensUntilShortlyBeforeTheyExpire() {
    CountingCredential credential = new CountingCredential();
    CachedTokens tokens = new CachedTokens(credential, clock);
    AzureTokenCredentialsProvider ws1 = new AzureTokenCredentialsProvider(tokens, WS);
    AzureTokenCredentialsProvider ws2 = new AzureTokenCredentialsProvider(tokens, WS + "2");

    ws1.headers();
    ws2.headers();
    clock.advance(Duration.ofMinutes(54));
    ws1.headers();
    assertThat(credential.requested).hasSize(2);

    clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    Map<String, String> renewed = ws2.headers();

    assertThat(credential.requested).hasSize(4);
    assertThat(renewed.get("Authorization")).endsWith("#3");
  }
}

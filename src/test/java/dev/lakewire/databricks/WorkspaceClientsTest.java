package dev.lakewire.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.databricks.sdk.core.ConfigWithEnvironment;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.http.HttpClient;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.Workspace;
import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

/**
 * The Databricks host check of the adapter (issue 10 item 3): a workspace URL that is not an Azure
 * Databricks host is refused before any client is built, so no request — and no token — leaves; a
 * recording HTTP client proves it. And the SDK never logs the tokens (item 6).
 */
class WorkspaceClientsTest {

  private static final String WS =
      "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/"
          + "Microsoft.Databricks/workspaces/ws";

  /** Records every request and answers 404, so that a client call fails after it was sent. */
  private final List<String> sent = new CopyOnWriteArrayList<>();

  private final HttpClient recorder =
      new HttpClient() {
        @Override
        public Response execute(Request in) {
          sent.add(in.getMethod() + " " + in.getUrl());
          return new Response(
              in, 404, "Not Found", Map.of(), "{\"error_code\":\"NOT_FOUND\",\"message\":\"x\"}");
        }
      };

  private final TokenCredential credential =
      request -> Mono.just(new AccessToken("token-secret", OffsetDateTime.now().plusHours(1)));

  private final WorkspaceClients clients =
      new WorkspaceClients(
          new CachedTokens(credential, Clock.systemUTC()), recorder, "azuredatabricks.net");

  private static Workspace workspace(String url) {
    return new Workspace(WS, "ws", "westeurope", "Succeeded", "1", url, Map.of());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "attacker.example",
        "adb-1.2@attacker.example",
        "x#.azuredatabricks.net",
        "adb-1.2.azuredatabricks.net.attacker.example",
        "ADB-1.2.AZUREDATABRICKS.NET",
        "adb-1.2.azuredatabricks.net.",
        "adb-1.2.azuredatabricks.net:8443"
      })
  void aHostileWorkspaceUrlIsRefusedBeforeAnyRequestLeaves(String hostile) {
    assertThatThrownBy(() -> clients.client(workspace(hostile)).metastores().current())
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("is not an Azure Databricks workspace host");

    assertThat(sent).as("nothing sent, so no token left").isEmpty();
  }

  @Test
  void aWorkspaceHostIsCalledAtThatHostOnly() {
    try {
      clients.client(workspace("adb-1.2.azuredatabricks.net")).metastores().current();
    } catch (RuntimeException expected404) {
      // the recorder answers 404; what matters is where the request went
    }

    assertThat(sent).isNotEmpty();
    assertThat(sent)
        .allSatisfy(
            r ->
                assertThat(URI.create(r.split(" ", 2)[1]).getHost())
                    .isEqualTo("adb-1.2.azuredatabricks.net"));
  }

  @Test
  void debugHeadersStayOffEvenWhenTheEnvironmentAsksForThem() {
    DatabricksConfig config = clients.config("https://adb-1.2.azuredatabricks.net", WS);

    ConfigWithEnvironment.resolve(config, Map.of("DATABRICKS_DEBUG_HEADERS", "true"));

    assertThat(config.isDebugHeaders())
        .as("with debug headers the SDK logs the Authorization and management token headers")
        .isFalse();
  }
}

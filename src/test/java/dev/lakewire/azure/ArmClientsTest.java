package dev.lakewire.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import dev.lakewire.local.ManualClock;
import dev.lakewire.ports.AccessConnectorSpec;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.Reconciler;
import dev.lakewire.ports.RoleAssignmentSpec;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** What the ARM adapters put on the wire, recorded by an HTTP client that answers 404 or 400. */
class ArmClientsTest {

  private static final String SUB = "11111111-1111-1111-1111-111111111111";
  private static final String WS =
      "/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/w";

  private final List<String> urls = new ArrayList<>();
  private final HttpClient recorder =
      request -> {
        urls.add(request.getHttpMethod() + " " + request.getUrl());
        return Mono.just(answer(request));
      };
  private final TokenCredential credential =
      r -> Mono.just(new AccessToken("t", OffsetDateTime.now().plusHours(1)));

  private static HttpResponse answer(HttpRequest request) {
    boolean put = request.getHttpMethod().name().equals("PUT");
    return new FakeHttpResponse(
        request,
        404,
        new HttpHeaders().set("Content-Type", "application/json"),
        put
            ? "{\"error\":{\"code\":\"ResourceGroupNotFound\",\"message\":\"Resource group 'rg'"
                + " could not be found.\"}}"
            : "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"not found\"}}");
  }

  private ArmClients clients(String endpoint) {
    return new ArmClients(
        credential, endpoint, null, ArmRetry.DEFAULT, ManualClock.atEpochOfDemo(), recorder);
  }

  @Test
  void armIdsGoOutWithASingleSlashAfterTheEndpoint() {
    ArmClients arm = clients("https://arm.example/");

    new ArmWorkspaces(arm).find(WS);
    // the role assignment is PUT without a GET first; 404 ResourceGroupNotFound: permanent
    assertThatThrownBy(
            () ->
                Reconciler.createFirst(
                    new ArmRoleAssignments(arm),
                    new RoleAssignmentSpec(
                        "7aa571a4-bfcf-58aa-8a0c-45e41ae707ac",
                        "/subscriptions/" + SUB + "/resourceGroups/rg",
                        "93cf9b5e-cbee-3cdf-810a-081eeceb2ddd",
                        "ba92f5b4-2d11-453d-a403-e96b0029c9fe")))
        .isInstanceOf(CloudFailure.Permanent.class);

    assertThat(urls).hasSize(2);
    assertThat(urls)
        .isNotEmpty()
        .allSatisfy(u -> assertThat(u).contains("https://arm.example/subscriptions/"))
        .noneSatisfy(u -> assertThat(u).contains("//subscriptions"));
    assertThat(urls.get(0)).endsWith("?api-version=2026-01-01");
  }

  @Test
  void aConnectorInAMissingResourceGroupIsAPermanentFailure() {
    ArmAccessConnectors connectors = new ArmAccessConnectors(clients("https://arm.example"));

    assertThatThrownBy(
            () ->
                connectors.create(
                    new AccessConnectorSpec(
                        WS.replace("workspaces/w", "accessConnectors/w-uc"),
                        "westeurope",
                        null,
                        Map.of())))
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("ResourceGroupNotFound");
  }
}

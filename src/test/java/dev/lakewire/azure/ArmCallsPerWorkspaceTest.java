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
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.Reconciled.Operation;
import dev.lakewire.ports.Reconciler;
import dev.lakewire.ports.RoleAssignmentSpec;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The ARM calls a workspace costs (issue 11): no GET before a role assignment PUT, cached accounts.
 */
class ArmCallsPerWorkspaceTest {

  private static final String SUB = "11111111-1111-1111-1111-111111111111";
  private static final String ACCOUNT =
      "/subscriptions/"
          + SUB
          + "/resourceGroups/rg-lake/providers/Microsoft.Storage/storageAccounts/lake";
  private static final RoleAssignmentSpec SPEC =
      new RoleAssignmentSpec(
          "7aa571a4-bfcf-58aa-8a0c-45e41ae707ac",
          ACCOUNT + "/blobServices/default/containers/raw",
          "93cf9b5e-cbee-3cdf-810a-081eeceb2ddd",
          "ba92f5b4-2d11-453d-a403-e96b0029c9fe");

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final List<String> calls = new ArrayList<>();
  private final TokenCredential credential =
      r -> Mono.just(new AccessToken("t", OffsetDateTime.now().plusHours(1)));

  private ArmClients clients(Function<HttpRequest, HttpResponse> answer) {
    HttpClient http =
        request -> {
          calls.add(request.getHttpMethod() + " " + request.getUrl().getPath());
          return Mono.just(answer.apply(request));
        };
    return new ArmClients(credential, "https://arm.example", null, ArmRetry.DEFAULT, clock, http);
  }

  private static HttpResponse json(HttpRequest request, int status, String body) {
    return new FakeHttpResponse(
        request, status, new HttpHeaders().set("Content-Type", "application/json"), body);
  }

  private static String error(String code) {
    return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + code + "\"}}";
  }

  @Test
  void aRoleAssignmentIsOnePutWithoutAGetFirst() {
    ArmRoleAssignments roles =
        new ArmRoleAssignments(
            clients(
                r ->
                    json(
                        r,
                        201,
                        "{\"id\":\""
                            + SPEC.scope()
                            + "/providers/Microsoft.Authorization/roleAssignments/"
                            + SPEC.name()
                            + "\",\"name\":\""
                            + SPEC.name()
                            + "\",\"properties\":{}}")));

    assertThat(Reconciler.createFirst(roles, SPEC).operation()).isEqualTo(Operation.CREATED);
    assertThat(calls).singleElement().asString().startsWith("PUT ");
  }

  @Test
  void roleAssignmentExistsUnderAnotherNameIsDone() {
    ArmRoleAssignments roles =
        new ArmRoleAssignments(clients(r -> json(r, 409, error("RoleAssignmentExists"))));

    assertThat(Reconciler.createFirst(roles, SPEC).operation()).isEqualTo(Operation.UNCHANGED);
    assertThat(calls).hasSize(1);
  }

  @Test
  void theNameHoldingAnotherPrincipalIsAPermanentFailureNamingIt() {
    ArmRoleAssignments roles =
        new ArmRoleAssignments(
            clients(r -> json(r, 409, error("RoleAssignmentUpdateNotPermitted"))));

    assertThatThrownBy(() -> Reconciler.createFirst(roles, SPEC))
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining(SPEC.name())
        .hasMessageContaining("RoleAssignmentUpdateNotPermitted");
  }

  @Test
  void aFoundStorageAccountIsReadOncePerIntervalNotPerWorkspace() {
    ArmStorageAccounts accounts =
        new ArmStorageAccounts(
            clients(
                r ->
                    json(
                        r,
                        200,
                        "{\"id\":\""
                            + ACCOUNT
                            + "\",\"name\":\"lake\",\"location\":\"westeurope\","
                            + "\"properties\":{\"isHnsEnabled\":true}}")));

    for (int i = 0; i < 100; i++) {
      assertThat(accounts.find(ACCOUNT)).get().matches(a -> a.hierarchicalNamespace());
    }
    assertThat(calls).hasSize(1);

    clock.advance(ArmStorageAccounts.CACHE_FOR);
    accounts.find(ACCOUNT);
    assertThat(calls).hasSize(2);
  }

  @Test
  void aMissingStorageAccountIsReadAgainEachTime() {
    ArmStorageAccounts accounts =
        new ArmStorageAccounts(clients(r -> json(r, 404, error("ResourceNotFound"))));

    assertThat(accounts.find(ACCOUNT)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(accounts.find(ACCOUNT)).isEmpty();
    assertThat(calls).hasSize(2);
  }
}

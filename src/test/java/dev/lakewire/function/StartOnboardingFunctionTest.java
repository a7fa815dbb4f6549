package dev.lakewire.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import dev.lakewire.local.LocalExecutionContext;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.testing.FakeHttpRequest;
import dev.lakewire.testing.TestWorld;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class StartOnboardingFunctionTest {

  private final TestWorld world = new TestWorld();
  private final StartOnboardingFunction function =
      LakewireFunction.using(world.onboarding, StartOnboardingFunction::new);
  private final String ws = TestWorld.workspaceId("analytics");

  private HttpResponseMessage post(String contentType, String body) {
    return function.run(
        new FakeHttpRequest("https://lakewire.azurewebsites.net/api/onboarding", contentType, body),
        new LocalExecutionContext("startOnboarding", Logger.getLogger("test")));
  }

  private static JsonNode json(HttpResponseMessage r) throws Exception {
    return new ObjectMapper().readTree((String) r.getBody());
  }

  @Test
  void acceptsAWorkspaceAndAnswers202WithTrackingIdAndStatusUrl() throws Exception {
    HttpResponseMessage r = post("application/json", "{\"workspaceResourceId\":\"" + ws + "\"}");

    assertThat(r.getStatus()).isEqualTo(HttpStatus.ACCEPTED);
    JsonNode body = json(r);
    assertThat(body.get("trackingId").asText()).isEqualTo("id-1");
    assertThat(body.get("statusUrl").asText())
        .startsWith(
            "https://lakewire.azurewebsites.net/api/onboarding/status?workspaceResourceId=%2Fsubscriptions%2F");
    assertThat(r.getHeader("Location")).isEqualTo(body.get("statusUrl").asText());
    assertThat(world.bus.pendingCount()).isEqualTo(1);
    assertThat(world.ledger.find(ws).get().correlationId()).isEqualTo("id-1");

    world.cloud.addWorkspace(ws, "westeurope", "Succeeded");
    world.drain();
    assertThat(world.ledger.find(ws).get().step()).isEqualTo(Step.BIND_METASTORE.name());
  }

  @Test
  void answers400NamingTheFieldForABadWorkspaceId() throws Exception {
    HttpResponseMessage r =
        post("application/json", "{\"workspaceResourceId\":\"" + TestWorld.STORAGE + "\"}");

    assertThat(r.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json(r).get("field").asText()).isEqualTo("workspaceResourceId");
    assertThat(json(r).get("detail").asText()).contains("not a Microsoft.Databricks/workspaces");
    assertThat(world.bus.pendingCount()).isZero();
    assertThat(world.ledger.list()).isEmpty();
  }

  @Test
  void answers400ForMissingFieldsEmptyBodiesAndMalformedJson() throws Exception {
    assertThat(json(post("application/json", "{}")).get("detail").asText())
        .isEqualTo("workspaceResourceId: is required");
    assertThat(json(post("application/json", "")).get("field").asText()).isEqualTo("body");
    assertThat(json(post("application/json", "{\"workspaceResourceId\":")).get("detail").asText())
        .startsWith("body: is not JSON");
    assertThat(
            json(post("application/json", "{\"workspaceResourceId\":42}")).get("detail").asText())
        .isEqualTo("workspaceResourceId: must be a string");
    assertThat(world.bus.pendingCount()).isZero();
  }

  @Test
  void answers415ForAnotherContentTypeAnd413ForAnOversizeBody() {
    assertThat(post("text/plain", "{\"workspaceResourceId\":\"" + ws + "\"}").getStatus())
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    assertThat(post("application/json", "{\"pad\":\"" + "x".repeat(20_000) + "\"}").getStatus())
        .isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
    assertThat(world.bus.pendingCount()).isZero();
  }
}

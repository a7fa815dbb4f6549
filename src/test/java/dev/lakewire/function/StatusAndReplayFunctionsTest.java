package dev.lakewire.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import dev.lakewire.local.EventSamples;
import dev.lakewire.local.EventSamples.Schema;
import dev.lakewire.local.LocalExecutionContext;
import dev.lakewire.ports.OnboardingRecord.Status;
import dev.lakewire.ports.Step;
import dev.lakewire.testing.FakeHttpRequest;
import dev.lakewire.testing.TestWorld;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class StatusAndReplayFunctionsTest {

  private final TestWorld world = new TestWorld();
  private final StatusFunction status =
      LakewireFunction.using(world.onboarding, StatusFunction::new);
  private final ReplayDeadLettersFunction replay =
      LakewireFunction.using(world.onboarding, ReplayDeadLettersFunction::new);
  private final LocalExecutionContext context =
      new LocalExecutionContext("test", Logger.getLogger("test"));

  private void onboard(String ws) {
    world.host.deliverEvent(
        EventSamples.delivery(
            List.of(EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e-" + ws, "c-" + ws))));
    world.drain();
  }

  private HttpResponseMessage get(String query) {
    return status.run(
        new FakeHttpRequest(HttpMethod.GET, "https://x/api/onboarding/status" + query, null, null));
  }

  private HttpResponseMessage postReplay(String body) {
    return replay.run(
        new FakeHttpRequest("https://x/api/onboarding/replay", "application/json", body), context);
  }

  private static JsonNode json(HttpResponseMessage r) throws Exception {
    return new ObjectMapper().readTree((String) r.getBody());
  }

  @Test
  void answersOneWorkspacesRecordAndAllRecordsFilteredByStatus() throws Exception {
    String done = TestWorld.workspaceId("done");
    String stuck = TestWorld.workspaceId("stuck");
    world.cloud.addWorkspace(done, "westeurope", "Succeeded");
    world.cloud.addWorkspace(stuck, "eastus", "Succeeded");
    onboard(done);
    onboard(stuck);

    JsonNode one =
        json(
            get(
                "?workspaceResourceId="
                    + URLEncoder.encode(done.toUpperCase(), StandardCharsets.UTF_8)));
    JsonNode failed = json(get("?status=failed"));

    assertThat(one.get("status").asText()).isEqualTo("COMPLETED");
    // assigned at the first look, looked for in the workspace after the assignment's lag (the
    // grants reach the data plane later still) and wired then, validated when the grants are
    // expected on the data plane
    assertThat(one.get("stepAttempts").get("BIND_METASTORE").asInt()).isEqualTo(3);
    assertThat(failed.get("count").asInt()).isEqualTo(1);
    assertThat(failed.get("onboardings").get(0).get("lastError").asText())
        .contains("no metastore configured for region eastus");
    assertThat(json(get("")).get("count").asInt()).isEqualTo(2);
  }

  @Test
  void answers404ForAnUnknownWorkspaceAnd400ForBadParameters() throws Exception {
    assertThat(
            get("?workspaceResourceId="
                    + URLEncoder.encode(TestWorld.workspaceId("nope"), StandardCharsets.UTF_8))
                .getStatus())
        .isEqualTo(HttpStatus.NOT_FOUND);
    HttpResponseMessage bad = get("?workspaceResourceId=nonsense");
    assertThat(bad.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json(bad).get("field").asText()).isEqualTo("workspaceResourceId");
    assertThat(json(get("?status=sleeping")).get("field").asText()).isEqualTo("status");
  }

  @Test
  void pagesTheListWithTopAndTheContinuationItGives() throws Exception {
    List<String> ids = new ArrayList<>();
    for (String name : List.of("page-1", "page-2", "page-3", "page-4", "page-5")) {
      String id = TestWorld.workspaceId(name);
      world.cloud.addWorkspace(id, "westeurope", "Succeeded");
      onboard(id);
      ids.add(id);
    }

    List<String> seen = new ArrayList<>();
    JsonNode page = json(get("?top=2"));
    int pages = 1;
    while (true) {
      assertThat(page.get("count").asInt()).isLessThanOrEqualTo(2);
      page.get("onboardings").forEach(r -> seen.add(r.get("workspaceResourceId").asText()));
      if (!page.has("continuation")) {
        break;
      }
      page =
          json(
              get(
                  "?top=2&continuation="
                      + URLEncoder.encode(
                          page.get("continuation").asText(), StandardCharsets.UTF_8)));
      pages++;
    }

    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(pages).isEqualTo(3);
    assertThat(json(get("")).get("count").asInt()).isEqualTo(5);
    assertThat(json(get("")).has("continuation")).isFalse();
  }

  @Test
  void answers400NamingTopOrContinuationWhenTheyAreNotOnesItGives() throws Exception {
    for (String top : List.of("0", "1001", "ten", "-3")) {
      HttpResponseMessage r = get("?top=" + top);
      assertThat(r.getStatus()).as(top).isEqualTo(HttpStatus.BAD_REQUEST);
      assertThat(json(r).get("field").asText()).isEqualTo("top");
    }
    HttpResponseMessage forged = get("?continuation=%25%25not-base64");
    assertThat(forged.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json(forged).get("field").asText()).isEqualTo("continuation");
  }

  @Test
  void replaysOneWorkspacesDeadLettersAndLeavesTheOthers() throws Exception {
    String a = TestWorld.workspaceId("alpha");
    String b = TestWorld.workspaceId("beta");
    world.cloud.addWorkspace(a, "westeurope", "Succeeded");
    world.cloud.addWorkspace(b, "westeurope", "Succeeded");
    world.cloud.addStorageAccount(TestWorld.STORAGE, false);
    onboard(a);
    onboard(b);
    String rolesQueue = world.bus.queueOf(Step.ASSIGN_STORAGE_ROLES);
    assertThat(world.bus.deadLetters(rolesQueue)).hasSize(2);

    world.cloud.addStorageAccount(TestWorld.STORAGE, true);
    HttpResponseMessage r =
        postReplay("{\"step\":\"assign-storage-roles\",\"workspaceResourceId\":\"" + a + "\"}");
    JsonNode body = json(r);
    assertThat(r.getStatus()).isEqualTo(HttpStatus.OK);
    assertThat(body.get("moved").asInt()).isEqualTo(1);
    assertThat(body.get("messages").get(0).get("workspaceResourceId").asText()).isEqualTo(a);
    assertThat(world.ledger.find(a).get().lastError())
        .contains("replayed from the dead-letter queue");
    world.drain();

    assertThat(world.ledger.find(a).get().status()).isEqualTo(Status.COMPLETED);
    assertThat(world.ledger.find(b).get().status()).isEqualTo(Status.FAILED);
    assertThat(world.bus.deadLetters(rolesQueue))
        .singleElement()
        .satisfies(d -> assertThat(d.workspaceResourceId()).isEqualTo(b));
  }

  @Test
  void aReplayedStepThatHadGivenUpGetsAFreshRecheckBudget() throws Exception {
    TestWorld impatient = new TestWorld(java.util.Map.of("LAKEWIRE_MAX_RECHECKS", "2"));
    String ws = TestWorld.workspaceId("slow");
    impatient.cloud.addWorkspace(ws, "westeurope", "Updating");
    impatient.host.deliverEvent(
        EventSamples.delivery(
            List.of(EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e1", "c1"))));
    impatient.drain();
    assertThat(impatient.ledger.find(ws).get().lastError()).startsWith("gave up after 2 re-checks");

    impatient.cloud.setWorkspaceState(ws, "Succeeded");
    HttpResponseMessage r =
        LakewireFunction.using(impatient.onboarding, ReplayDeadLettersFunction::new)
            .run(
                new FakeHttpRequest(
                    "https://x/api/onboarding/replay",
                    "application/json",
                    "{\"step\":\"CREATE_ACCESS_CONNECTOR\"}"),
                context);
    impatient.drain();

    assertThat(json(r).get("moved").asInt()).isEqualTo(1);
    assertThat(impatient.ledger.find(ws).get().status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void aReplayRequestWithoutAStepNamesTheField() throws Exception {
    HttpResponseMessage r = postReplay("{}");

    assertThat(r.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(json(r).get("field").asText()).isEqualTo("step");
  }
}

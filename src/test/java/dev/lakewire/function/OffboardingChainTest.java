package dev.lakewire.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.EventSamples;
import dev.lakewire.local.EventSamples.Schema;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.step.StepOutcome;
import dev.lakewire.onboarding.worker.EventDecision;
import dev.lakewire.onboarding.worker.EventDecision.Decision;
import dev.lakewire.ports.OnboardingRecord.Status;
import dev.lakewire.testing.TestWorld;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The offboarding chain through the function classes, the in-memory bus and fake cloud ports: the
 * ledger's runs make an offboarding supersede an onboarding, and OFFBOARDED end it.
 */
class OffboardingChainTest {

  private final TestWorld world = new TestWorld();
  private final String ws = TestWorld.workspaceId("analytics");

  private List<EventDecision> deliver(String delivery) {
    List<EventDecision> d = world.host.deliverEvent(delivery);
    world.drain();
    return d;
  }

  private static String write(String ws, String id) {
    return EventSamples.delivery(
        List.of(EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, id, "corr-" + id)));
  }

  private static String delete(Schema schema, String ws, String id) {
    return EventSamples.delivery(
        List.of(EventSamples.workspaceDelete(schema, ws, id, "corr-" + id)));
  }

  @Test
  void aWorkspaceDeleteEventInEitherSchemaRunsTheThreeOffboardingStepsToOffboarded() {
    for (Schema schema : Schema.values()) {
      TestWorld w = new TestWorld();
      w.cloud.addWorkspace(ws, "westeurope", "Succeeded");
      w.host.deliverEvent(write(ws, "w1"));
      w.drain();
      assertThat(w.cloud.connectors()).hasSize(1);
      String principal = w.cloud.connectors().get(0).principalId();
      assertThat(w.cloud.roleAssignments()).anyMatch(r -> r.principalId().equals(principal));

      List<EventDecision> decisions = w.host.deliverEvent(delete(schema, ws, "d1"));
      w.drain();

      assertThat(decisions)
          .extracting(EventDecision::decision, EventDecision::workspace)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(Decision.ACCEPTED, ws));
      assertThat(w.ledger.find(ws).orElseThrow().status())
          .as("%s", schema)
          .isEqualTo(Status.OFFBOARDED);
      assertThat(w.ledger.find(ws).orElseThrow().stepAttempts())
          .containsKeys(
              Step.REMOVE_STORAGE_ROLES.name(),
              Step.REMOVE_CATALOG_OBJECTS.name(),
              Step.REMOVE_ACCESS_CONNECTOR.name());
      assertThat(w.cloud.connectors()).isEmpty();
      assertThat(w.cloud.roleAssignments()).noneMatch(r -> r.principalId().equals(principal));
      // lakewire's Contributor on the connector went too; the shared connector's roles stay
      assertThat(w.cloud.roleAssignments()).noneMatch(r -> r.scope().contains("analytics-uc"));
      assertThat(w.cloud.roleAssignments()).isNotEmpty();
    }
  }

  @Test
  void theHttpOffboardingRefusesABodyWithoutAWorkspaceNamingTheFieldAndQueuesNothing() {
    var response =
        LakewireFunction.using(world.onboarding, OffboardFunction::new)
            .run(
                new dev.lakewire.testing.FakeHttpRequest(
                    "https://app.example/api/offboard", "application/json", "{\"id\": 1}"),
                new dev.lakewire.local.LocalExecutionContext(
                    "offboard", java.util.logging.Logger.getLogger("test")));

    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(String.valueOf(response.getBody())).contains("workspaceResourceId");
    assertThat(world.bus.pendingCount()).isZero();
    assertThat(world.ledger.list()).isEmpty();
  }

  @Test
  void aDeleteOfAnotherResourceTypeIsIgnored() {
    String storage = TestWorld.STORAGE;
    List<EventDecision> decisions =
        deliver(
            EventSamples.delivery(
                List.of(
                    EventSamples.resourceDelete(
                        Schema.EVENT_GRID,
                        storage,
                        "Microsoft.Storage/storageAccounts/delete",
                        "d1",
                        "c1"))));

    assertThat(decisions).extracting(EventDecision::decision).containsExactly(Decision.IGNORED);
    assertThat(world.ledger.list()).isEmpty();
  }

  @Test
  void anOnboardingMessageOfTheRunAnOffboardingSupersededIsStaleAndCreatesNothing() {
    world.cloud.addWorkspace(ws, "westeurope", "Succeeded");
    // the onboarding run's first message, as it sits on its queue when the workspace is deleted
    StepMessage late =
        StepMessage.first(WorkspaceRef.parse("id", ws), Step.CREATE_ACCESS_CONNECTOR, "c1", "x", 1);
    world
        .onboarding
        .starter()
        .start(WorkspaceRef.parse("id", ws), Step.CREATE_ACCESS_CONNECTOR, "c1", "eventgrid");
    world
        .onboarding
        .starter()
        .start(WorkspaceRef.parse("id", ws), Step.REMOVE_STORAGE_ROLES, "c2", "eventgrid");
    world.drain();
    world.cloud.writes.clear();

    StepOutcome outcome =
        world.onboarding.worker().handle(Step.CREATE_ACCESS_CONNECTOR, late.toJson());

    assertThat(outcome).isInstanceOf(StepOutcome.Superseded.class);
    assertThat(world.cloud.writes).isEmpty();
    assertThat(world.cloud.connectors()).isEmpty();
    assertThat(world.ledger.find(ws).orElseThrow().status()).isEqualTo(Status.OFFBOARDED);
  }

  @Test
  void aWriteEventAfterTheDeleteIsIgnoredButAnHttpKickoffReonboards() {
    world.cloud.addWorkspace(ws, "westeurope", "Succeeded");
    deliver(write(ws, "w1"));
    deliver(delete(Schema.EVENT_GRID, ws, "d1"));

    List<EventDecision> late = deliver(write(ws, "w2"));

    assertThat(late).extracting(EventDecision::decision).containsExactly(Decision.IGNORED);
    assertThat(late.get(0).reason()).contains("stale");
    assertThat(world.cloud.connectors()).isEmpty();
    // a workspace re-created under the same id is the operator's call: the HTTP kickoff onboards
    world
        .onboarding
        .kickoff()
        .start("application/json", "{\"workspaceResourceId\":\"" + ws + "\"}");
    world.drain();
    assertThat(world.ledger.find(ws).orElseThrow().status()).isEqualTo(Status.COMPLETED);
    assertThat(world.cloud.connectors()).hasSize(1);
  }
}

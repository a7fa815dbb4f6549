package dev.lakewire.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.EventSamples;
import dev.lakewire.local.EventSamples.Schema;
import dev.lakewire.local.bus.InMemoryServiceBus.BusEvent;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.worker.OutcomeEvents;
import dev.lakewire.ports.OnboardingRecord.Status;
import dev.lakewire.ports.TopicEvent;
import dev.lakewire.testing.TestWorld;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The outcome events (issue 12): one {@code Lakewire.WorkspaceOnboarded} or {@code
 * Lakewire.OnboardingFailed} per run, with a deterministic id, whatever the deliveries do.
 */
class OutcomeEventsTest {

  private final TestWorld world = new TestWorld();
  private final String ws = TestWorld.workspaceId("analytics");

  private void onboard(String workspace, String location, String correlation) {
    world.cloud.addWorkspace(workspace, location, "Succeeded");
    world.host.deliverEvent(
        EventSamples.delivery(
            List.of(
                EventSamples.workspaceWrite(
                    Schema.CLOUD_EVENTS, workspace, "ev-" + correlation, correlation))));
    world.drain();
  }

  @Test
  void publishesOneWorkspaceOnboardedEventSayingWhatWasWired() {
    onboard(ws, "westeurope", "corr-1");

    assertThat(world.ledger.find(ws).orElseThrow().status()).isEqualTo(Status.COMPLETED);
    String principal = world.cloud.connectors().get(0).principalId();
    assertThat(world.events.published())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo("Lakewire.WorkspaceOnboarded");
              assertThat(e.id()).isEqualTo(OutcomeEvents.eventId(ws, 1, e.type()));
              assertThat(e.subject()).isEqualTo(ws);
              assertThat(e.data())
                  .containsEntry("workspaceResourceId", ws)
                  .containsEntry("run", 1)
                  .containsEntry("correlationId", "corr-1")
                  .containsEntry("accessConnectorId", world.cloud.connectors().get(0).id())
                  .containsEntry("principalId", principal)
                  .containsEntry("metastoreId", TestWorld.METASTORE)
                  .containsEntry("accessVerified", true)
                  .containsKey("storageCredential");
            });
    assertThat(world.ledger.find(ws).orElseThrow().pendingEvent()).isNull();
  }

  @Test
  void publishesOneOnboardingFailedEventNamingTheStepAndTheReason() {
    onboard(ws, "northeurope", "corr-1");

    assertThat(world.ledger.find(ws).orElseThrow().status()).isEqualTo(Status.FAILED);
    assertThat(world.events.published())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo("Lakewire.OnboardingFailed");
              assertThat(e.id()).isEqualTo(OutcomeEvents.eventId(ws, 1, e.type()));
              assertThat(e.data())
                  .containsEntry("step", "BIND_METASTORE")
                  .containsEntry("run", 1)
                  .containsEntry("correlationId", "corr-1");
              assertThat((String) e.data().get("reason"))
                  .contains("no metastore configured for region northeurope");
            });
  }

  @Test
  void theIdIsTheSameForTheSameOutcomeAndDiffersPerRunAndType() {
    String id = OutcomeEvents.eventId(ws, 1, OutcomeEvents.ONBOARDED);

    assertThat(OutcomeEvents.eventId(ws.toUpperCase(), 1, OutcomeEvents.ONBOARDED)).isEqualTo(id);
    assertThat(OutcomeEvents.eventId(ws, 2, OutcomeEvents.ONBOARDED)).isNotEqualTo(id);
    assertThat(OutcomeEvents.eventId(ws, 1, OutcomeEvents.FAILED)).isNotEqualTo(id);
    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  void aDuplicateOfTheEventThatStartedTheRunPublishesNothingMore() {
    onboard(ws, "westeurope", "corr-1");
    onboard(ws, "westeurope", "corr-1");

    assertThat(world.events.published()).hasSize(1);
  }

  @Test
  void aNewRunPublishesItsOwnOutcomeUnderANewId() {
    onboard(ws, "westeurope", "corr-1");
    onboard(ws, "westeurope", "corr-2");

    assertThat(world.events.published())
        .extracting(TopicEvent::id)
        .containsExactly(
            OutcomeEvents.eventId(ws, 1, OutcomeEvents.ONBOARDED),
            OutcomeEvents.eventId(ws, 2, OutcomeEvents.ONBOARDED));
  }

  /**
   * Every delivery of a bind-metastore message gets a twin (another MessageId, the same body)
   * delivered by a second worker at the same time: both reconcile, both try to end the run, one
   * ledger write wins.
   */
  @RepeatedTest(10)
  void twoRacingDeliveriesOfTheLastStepPublishOneEvent() {
    String queue = world.bus.queueOf(Step.BIND_METASTORE);
    AtomicInteger twins = new AtomicInteger();
    world.bus.addListener(
        e -> {
          if (e.kind() == BusEvent.Kind.DELIVERED
              && e.queue().equals(queue)
              && !e.messageId().startsWith("twin-")) {
            world.bus.sendTo(
                queue, "twin-" + twins.incrementAndGet() + "-" + e.messageId(), e.body(), null);
          }
        });
    world.cloud.addWorkspace(ws, "westeurope", "Succeeded");
    world.host.deliverEvent(
        EventSamples.delivery(
            List.of(EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "ev-1", "corr-1"))));

    world.bus.runUntilIdle(world.clock, Duration.ofDays(1), 2);

    assertThat(twins.get()).isPositive();
    assertThat(world.ledger.find(ws).orElseThrow().status()).isEqualTo(Status.COMPLETED);
    assertThat(world.events.published())
        .extracting(TopicEvent::type)
        .containsExactly(OutcomeEvents.ONBOARDED);
  }

  @Test
  void anOutcomeWhosePublishFailsIsPublishedOnceOnRedelivery() {
    world.events.failNext(1);

    onboard(ws, "westeurope", "corr-1");

    assertThat(world.events.refused()).isEqualTo(1);
    assertThat(world.events.published())
        .extracting(TopicEvent::id)
        .containsExactly(OutcomeEvents.eventId(ws, 1, OutcomeEvents.ONBOARDED));
    assertThat(world.ledger.find(ws).orElseThrow().pendingEvent()).isNull();
    assertThat(world.bus.deadLetters()).isEmpty();
  }

  @Test
  void aFailureWhosePublishFailsTwiceIsStillPublishedOnce() {
    world.events.failNext(2);

    onboard(ws, "northeurope", "corr-1");

    assertThat(world.events.refused()).isEqualTo(2);
    assertThat(world.events.published())
        .extracting(TopicEvent::type)
        .containsExactly(OutcomeEvents.FAILED);
  }

  @Test
  void whileThePublishIsFailingTheLedgerStillOwesTheEvent() {
    world.events.failNext(Integer.MAX_VALUE);

    onboard(ws, "westeurope", "corr-1");

    assertThat(world.events.published()).isEmpty();
    assertThat(world.ledger.find(ws).orElseThrow().status()).isEqualTo(Status.COMPLETED);
    assertThat(world.ledger.find(ws).orElseThrow().pendingEvent()).isNotNull();
  }

  @Test
  void theOffboardingChainPublishesOneWorkspaceOffboardedEventAfterTheOnboardedOne() {
    onboard(ws, "westeurope", "corr-1");
    String connector = world.cloud.connectors().get(0).id();
    world.host.deliverEvent(
        EventSamples.delivery(
            List.of(
                EventSamples.workspaceDelete(Schema.EVENT_GRID, ws, "ev-delete", "corr-9"),
                EventSamples.workspaceDelete(Schema.EVENT_GRID, ws, "ev-delete", "corr-9"))));
    world.drain();

    assertThat(world.ledger.find(ws).orElseThrow().status()).isEqualTo(Status.OFFBOARDED);
    assertThat(world.events.published())
        .extracting(TopicEvent::type)
        .containsExactly("Lakewire.WorkspaceOnboarded", "Lakewire.WorkspaceOffboarded");
    TopicEvent offboarded = world.events.published().get(1);
    int run = world.ledger.find(ws).orElseThrow().run();
    assertThat(offboarded.id()).isEqualTo(OutcomeEvents.eventId(ws, run, OutcomeEvents.OFFBOARDED));
    assertThat(offboarded.data())
        .containsEntry("run", run)
        .containsEntry("correlationId", "corr-9")
        .containsEntry("removedAccessConnectorId", connector);
    assertThat(world.ledger.find(ws).orElseThrow().pendingEvent()).isNull();
  }
}

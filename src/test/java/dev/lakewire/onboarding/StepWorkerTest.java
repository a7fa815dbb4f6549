package dev.lakewire.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.InMemoryLedger;
import dev.lakewire.local.ManualClock;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.OnboardingRecord.Status;
import dev.lakewire.ports.StepMessages;
import dev.lakewire.testing.TestWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The one place failures are classified into outcomes. */
class StepWorkerTest {

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final InMemoryLedger ledger = new InMemoryLedger();
  private final List<String> sent = new ArrayList<>();
  private final String ws = TestWorld.workspaceId("analytics");
  private final StepMessage message =
      StepMessage.first(WorkspaceRef.parse("id", ws), Step.ASSIGN_STORAGE_ROLES, "c1", "test");

  private final StepMessages messages =
      new StepMessages() {
        @Override
        public void send(QueuedStep m) {
          sent.add("send " + m.queueStep());
        }

        @Override
        public void schedule(QueuedStep m, Instant at) {
          sent.add(
              "schedule "
                  + m.queueStep()
                  + " +"
                  + Duration.between(clock.instant(), at).toMillis()
                  + "ms");
        }

        @Override
        public void deadLetter(QueuedStep m, String reason) {
          sent.add("dead-letter " + m.queueStep() + ": " + reason);
        }
      };

  private StepWorker worker(Function<StepMessage, StepOutcome> roles, int maxRechecks) {
    OnboardingStep noop1 = step(Step.CREATE_ACCESS_CONNECTOR, m -> StepOutcome.advance("ok"));
    OnboardingStep noop3 = step(Step.BIND_METASTORE, m -> StepOutcome.advance("ok"));
    return new StepWorker(
        List.of(noop1, step(Step.ASSIGN_STORAGE_ROLES, roles), noop3),
        messages,
        new Ledger(ledger, clock),
        clock,
        new Random(1),
        maxRechecks,
        sub -> true);
  }

  private static OnboardingStep step(Step s, Function<StepMessage, StepOutcome> f) {
    return new OnboardingStep() {
      @Override
      public Step step() {
        return s;
      }

      @Override
      public StepOutcome reconcile(StepMessage m) {
        return f.apply(m);
      }
    };
  }

  @Test
  void aMessageOfASubscriptionOutsideTheListRunsNoStepAndIsDeadLettered() {
    List<StepMessage> ran = new ArrayList<>();
    StepWorker worker =
        new StepWorker(
            List.of(
                step(Step.CREATE_ACCESS_CONNECTOR, m -> StepOutcome.advance("ok")),
                step(
                    Step.ASSIGN_STORAGE_ROLES,
                    m -> {
                      ran.add(m);
                      return StepOutcome.advance("granted");
                    }),
                step(Step.BIND_METASTORE, m -> StepOutcome.advance("ok"))),
            messages,
            new Ledger(ledger, clock),
            clock,
            new Random(1),
            40,
            sub -> !sub.equals(TestWorld.SUBSCRIPTION));

    StepOutcome outcome = worker.handle(Step.ASSIGN_STORAGE_ROLES, message.toJson());

    assertThat(ran).isEmpty();
    assertThat(outcome).isInstanceOf(StepOutcome.Fail.class);
    assertThat(sent).singleElement().asString().startsWith("dead-letter ASSIGN_STORAGE_ROLES");
    assertThat(ledger.find(ws).orElseThrow().status()).isEqualTo(Status.FAILED);
    assertThat(ledger.find(ws).orElseThrow().lastError())
        .contains(TestWorld.SUBSCRIPTION)
        .contains(OnboardingPolicy.ALLOWED_SUBSCRIPTIONS);
  }

  @Test
  void throttlingIsARecheckAfterRetryAfterWithAtMostTwentyPercentJitter() {
    worker(
            m -> {
              throw new CloudFailure.Throttled("429", Duration.ofSeconds(17), null);
            },
            40)
        .handle(Step.ASSIGN_STORAGE_ROLES, message.toJson());

    assertThat(sent).singleElement().asString().startsWith("schedule ASSIGN_STORAGE_ROLES +");
    long ms = Long.parseLong(sent.get(0).replaceAll(".*\\+(\\d+)ms", "$1"));
    assertThat(ms).isBetween(17_000L, 20_400L);
    assertThat(ledger.find(ws).get().status()).isEqualTo(Status.WAITING);
  }

  @Test
  void aPermanentCloudFailureDeadLettersAtOnceWithTheReason() {
    worker(
            m -> {
              throw new CloudFailure.Permanent(
                  "403: missing Microsoft.Authorization/roleAssignments/write", null);
            },
            40)
        .handle(Step.ASSIGN_STORAGE_ROLES, message.toJson());

    assertThat(sent)
        .containsExactly(
            "dead-letter ASSIGN_STORAGE_ROLES: 403: missing Microsoft.Authorization/roleAssignments/write");
    assertThat(ledger.find(ws).get().status()).isEqualTo(Status.FAILED);
    assertThat(ledger.find(ws).get().lastError()).contains("roleAssignments/write");
  }

  @Test
  void aTransientErrorIsARecheckWithBackoffNotARedelivery() {
    StepOutcome outcome =
        worker(
                m -> {
                  throw new IllegalStateException("503 Service Unavailable");
                },
                40)
            .handle(Step.ASSIGN_STORAGE_ROLES, message.recheck().recheck().toJson());

    assertThat(outcome).isInstanceOf(StepOutcome.RecheckAfter.class);
    assertThat(((StepOutcome.RecheckAfter) outcome).delay()).isEqualTo(Duration.ofSeconds(20));
    assertThat(ledger.find(ws).get().lastError()).contains("transient").contains("503");
  }

  @Test
  void givesUpPermanentlyAfterTheMaximumNumberOfRechecks() {
    StepMessage tired = message;
    for (int i = 0; i < 3; i++) {
      tired = tired.recheck();
    }

    StepOutcome outcome =
        worker(m -> StepOutcome.recheckAfter(Duration.ofSeconds(10), "connector Creating"), 3)
            .handle(Step.ASSIGN_STORAGE_ROLES, tired.toJson());

    assertThat(outcome).isInstanceOf(StepOutcome.Fail.class);
    assertThat(((StepOutcome.Fail) outcome).reason())
        .isEqualTo("gave up after 3 re-checks of ASSIGN_STORAGE_ROLES: connector Creating");
  }

  @Test
  void advancingTheLastStepCompletesTheOnboarding() {
    worker(m -> StepOutcome.advance("ok"), 40)
        .handle(Step.BIND_METASTORE, message.advanceTo(Step.BIND_METASTORE).toJson());

    assertThat(sent).isEmpty();
    assertThat(ledger.find(ws).get().status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void refusesAMessageThatArrivedOnAnotherStepsQueue() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                worker(m -> StepOutcome.advance("ok"), 40)
                    .handle(Step.BIND_METASTORE, message.toJson()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("arrived on the queue of BIND_METASTORE");
  }

  @Test
  void aRedeliveryOfAMessageWhoseReCheckIsQueuedIsStaleAndDoesNothing() {
    StepWorker w = worker(m -> StepOutcome.recheckAfter(Duration.ofSeconds(10), "not yet"), 40);
    w.handle(Step.ASSIGN_STORAGE_ROLES, message.toJson());
    sent.clear();
    var before = ledger.find(ws).orElseThrow();

    StepOutcome again = w.handle(Step.ASSIGN_STORAGE_ROLES, message.toJson());

    assertThat(again).isInstanceOf(StepOutcome.Superseded.class);
    assertThat(sent).isEmpty();
    assertThat(ledger.find(ws)).contains(before);
  }

  @Test
  void aMessageOfAnEarlierRunIsStaleEvenAtALaterStep() {
    StepWorker w = worker(m -> StepOutcome.advance("ok"), 40);
    StepMessage oldRun =
        StepMessage.first(WorkspaceRef.parse("id", ws), Step.BIND_METASTORE, "c0", "test", 1);
    StepMessage newRun =
        StepMessage.first(
            WorkspaceRef.parse("id", ws), Step.CREATE_ACCESS_CONNECTOR, "c1", "test", 2);
    w.handle(Step.CREATE_ACCESS_CONNECTOR, newRun.toJson());
    sent.clear();

    StepOutcome outcome = w.handle(Step.BIND_METASTORE, oldRun.toJson());

    assertThat(outcome).isInstanceOf(StepOutcome.Superseded.class);
    assertThat(sent).isEmpty();
    assertThat(ledger.find(ws).orElseThrow().step()).isEqualTo("ASSIGN_STORAGE_ROLES");
    assertThat(ledger.find(ws).orElseThrow().run()).isEqualTo(2);
  }
}

package dev.lakewire.onboarding.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.InMemoryLedger;
import dev.lakewire.local.ManualClock;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.step.OnboardingStep;
import dev.lakewire.onboarding.step.StepOutcome;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.OnboardingRecord.Status;
import dev.lakewire.ports.Step;
import dev.lakewire.ports.StepMessages;
import dev.lakewire.testing.TestWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
      StepMessage.first(WorkspaceRef.parse("id", ws), Step.ASSIGN_STORAGE_ROLES, "c1", "test", 0);

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
        sub -> Optional.empty(),
        null);
  }

  /** The test world's policy, allowing only {@code subscription}. */
  private static OnboardingPolicy restrictedTo(String subscription) {
    Map<String, String> settings = new HashMap<>(TestWorld.defaultSettings());
    settings.put(OnboardingPolicy.ALLOWED_SUBSCRIPTIONS, subscription);
    return OnboardingPolicy.fromSettings(settings);
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

  private static StepOutcome throttle(StepMessage m) {
    throw new CloudFailure.Throttled("429", Duration.ofSeconds(1), "arm subscription s1", null);
  }

  private static StepMessage other(String name) {
    return StepMessage.first(
        WorkspaceRef.parse("id", TestWorld.workspaceId(name)),
        Step.ASSIGN_STORAGE_ROLES,
        "c",
        "t",
        0);
  }

  private long scheduledMillis(int i) {
    return Long.parseLong(sent.get(i).replaceAll(".*\\+(\\d+)ms", "$1"));
  }

  @Test
  void aThrottledRecheckDoesNotCountAgainstTheGiveUpBudget() {
    StepMessage throttledOften = message;
    for (int i = 0; i < 5; i++) {
      throttledOften = throttledOften.recheckThrottled();
    }

    StepOutcome outcome =
        worker(StepWorkerTest::throttle, 3)
            .handle(Step.ASSIGN_STORAGE_ROLES, throttledOften.toJson());

    assertThat(outcome).isInstanceOf(StepOutcome.RecheckAfter.class);
    assertThat(sent).singleElement().asString().startsWith("schedule ASSIGN_STORAGE_ROLES");
    assertThat(throttledOften.rechecks()).isZero();
  }

  @Test
  void afterThrottledRechecksTheBudgetAndBackoffCountOnlyTheOthers() {
    StepMessage m = message.recheck();
    for (int i = 0; i < 10; i++) {
      m = m.recheckThrottled();
    }
    StepMessage roundTripped = StepMessage.fromJson(m.toJson());

    StepOutcome outcome =
        worker(
                x -> {
                  throw new CloudFailure.NotYet("PrincipalNotFound", null);
                },
                3)
            .handle(Step.ASSIGN_STORAGE_ROLES, roundTripped.toJson());

    assertThat(roundTripped.generation()).isEqualTo(11);
    assertThat(roundTripped.throttled()).isEqualTo(10);
    assertThat(outcome).isInstanceOf(StepOutcome.RecheckAfter.class);
    // one counted re-check: the second step of the back-off (10 s, 20 s, ...), not the eleventh
    assertThat(((StepOutcome.RecheckAfter) outcome).delay()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void aHerdThrottledAtOnceComesBackOnSlotsSpreadOverTheBucketsRefillNotAllAfterRetryAfter() {
    StepWorker w = worker(StepWorkerTest::throttle, 40);
    for (int i = 0; i < 100; i++) {
      StepMessage m =
          StepMessage.first(
              WorkspaceRef.parse("id", TestWorld.workspaceId("ws" + i)),
              Step.ASSIGN_STORAGE_ROLES,
              "c" + i,
              "test",
              0);
      w.handle(Step.ASSIGN_STORAGE_ROLES, m.toJson());
    }

    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      delays.add(scheduledMillis(i));
    }
    assertThat(delays.get(0)).isBetween(1_000L, 1_100L);
    for (int i = 1; i < 100; i++) {
      // slot i is 100 ms after slot i-1, plus up to one spacing of jitter
      assertThat(delays.get(i)).isBetween(1_000L + 100L * i, 1_000L + 100L * i + 100);
    }
  }

  @Test
  void aPacedMessageThrottledAgainWidensItsBucketsSpacing() {
    StepWorker w = worker(StepWorkerTest::throttle, 40);
    // three workspaces (the ledger drops a message older than one it has seen for a workspace)
    w.handle(Step.ASSIGN_STORAGE_ROLES, other("ws-a").recheckThrottled().toJson());
    w.handle(
        Step.ASSIGN_STORAGE_ROLES, other("ws-b").recheckThrottled().recheckThrottled().toJson());
    w.handle(Step.ASSIGN_STORAGE_ROLES, other("ws-c").toJson());

    // spacing 100 ms → 151 ms → 227 ms: the third message's slot is 151 + 227 ms after the first
    assertThat(scheduledMillis(2) - 1_000).isBetween(378L, 378L + 227);
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
            restrictedTo("00000000-0000-0000-0000-0000000000ff")::refusal,
            null);

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
  void throttlingIsARecheckAfterRetryAfterPlusAtMostOneSlotOfJitter() {
    worker(
            m -> {
              throw new CloudFailure.Throttled("429", Duration.ofSeconds(17), null);
            },
            40)
        .handle(Step.ASSIGN_STORAGE_ROLES, message.toJson());

    assertThat(sent).singleElement().asString().startsWith("schedule ASSIGN_STORAGE_ROLES +");
    long ms = Long.parseLong(sent.get(0).replaceAll(".*\\+(\\d+)ms", "$1"));
    assertThat(ms).isBetween(17_000L, 17_100L);
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
  void aClassifiedTransientFailureIsTheSameRecheckAndNamesTheSdkError() {
    StepOutcome outcome =
        worker(
                m -> {
                  throw new CloudFailure.Transient(
                      "GET x: busy", new IllegalStateException("503 Service Unavailable"));
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
    assertThat(ledger.find(ws).orElseThrow().step()).isEqualTo(Step.ASSIGN_STORAGE_ROLES);
    assertThat(ledger.find(ws).orElseThrow().run()).isEqualTo(2);
  }

  @Test
  void aSkippedWorkspaceEndsItsRunWithNothingSentParkedOrDeadLettered() {
    StepWorker w = worker(m -> StepOutcome.skip("tagged lakewire:skip=true"), 40);

    StepOutcome outcome = w.handle(Step.ASSIGN_STORAGE_ROLES, message.toJson());

    assertThat(outcome).isInstanceOf(StepOutcome.Skipped.class);
    assertThat(sent).isEmpty();
    assertThat(ledger.find(ws).orElseThrow().status()).isEqualTo(Status.SKIPPED);
    assertThat(ledger.find(ws).orElseThrow().lastError()).contains("lakewire:skip");
    assertThat(w.handle(Step.ASSIGN_STORAGE_ROLES, message.recheck().toJson()))
        .as("the run is over: a later message of it is stale")
        .isInstanceOf(StepOutcome.Superseded.class);
    assertThat(ledger.find(ws).orElseThrow().status()).isEqualTo(Status.SKIPPED);
  }
}

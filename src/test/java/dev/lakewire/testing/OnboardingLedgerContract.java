package dev.lakewire.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakewire.local.ManualClock;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.worker.Onboarding;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.OnboardingRecord.Status;
import dev.lakewire.ports.Workspaces;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OnboardingLedger} does; each implementation's test extends this class. Times
 * are given to the microsecond, the precision every implementation keeps.
 */
public abstract class OnboardingLedgerContract {

  protected static final String SUBSCRIPTION = "6D9B0F1E-3C2A-4B5D-9E8F-0A1B2C3D4E5F";
  protected static final String ID =
      "/subscriptions/"
          + SUBSCRIPTION
          + "/resourceGroups/rg-Data/providers/Microsoft.Databricks/workspaces/ws-Analytics";
  protected static final Instant FIRST_SEEN = Instant.parse("2026-03-01T10:15:30.123456Z");
  protected static final Instant LAST_UPDATED = Instant.parse("2026-03-01T10:17:02.654321Z");

  protected OnboardingLedger ledger;

  /** A new, empty ledger. */
  protected abstract OnboardingLedger newLedger();

  @BeforeEach
  public void createLedger() {
    ledger = newLedger();
  }

  protected static OnboardingRecord record(String id) {
    Map<String, Integer> tries = new LinkedHashMap<>();
    tries.put("CREATE_ACCESS_CONNECTOR", 1);
    tries.put("ASSIGN_STORAGE_ROLES", 3);
    return OnboardingRecord.builder(id)
        .step("ASSIGN_STORAGE_ROLES")
        .status(Status.WAITING)
        .attempts(3)
        .firstSeen(FIRST_SEEN)
        .lastUpdated(LAST_UPDATED)
        .lastError("PrincipalNotFound: the access connector's identity is not replicated yet")
        .correlationId("corr-42")
        .stepAttempts(tries)
        .build();
  }

  protected static String workspace(String subscription, String name) {
    return "/subscriptions/"
        + subscription
        + "/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/"
        + name;
  }

  @Test
  public void findsASavedRecordWithEveryField() {
    OnboardingRecord saved = record(ID);

    ledger.save(saved);

    assertThat(ledger.find(ID)).contains(saved);
    OnboardingRecord found = ledger.find(ID).orElseThrow();
    assertThat(found.workspaceResourceId()).isEqualTo(ID);
    assertThat(found.step()).isEqualTo("ASSIGN_STORAGE_ROLES");
    assertThat(found.status()).isEqualTo(Status.WAITING);
    assertThat(found.attempts()).isEqualTo(3);
    assertThat(found.firstSeen()).isEqualTo(FIRST_SEEN);
    assertThat(found.lastUpdated()).isEqualTo(LAST_UPDATED);
    assertThat(found.lastError()).startsWith("PrincipalNotFound");
    assertThat(found.correlationId()).isEqualTo("corr-42");
    assertThat(found.stepAttempts())
        .containsExactly(
            Map.entry("CREATE_ACCESS_CONNECTOR", 1), Map.entry("ASSIGN_STORAGE_ROLES", 3));
  }

  @Test
  public void findsNothingForAWorkspaceNeverSaved() {
    ledger.save(record(ID));

    assertThat(ledger.find(workspace(SUBSCRIPTION, "ws-other"))).isEmpty();
    assertThat(newLedger().find(ID)).isEmpty();
  }

  @Test
  public void findsARecordWhateverTheCaseOfTheId() {
    ledger.save(record(ID));

    assertThat(ledger.find(ID.toLowerCase(Locale.ROOT))).contains(record(ID));
    assertThat(ledger.find(ID.toUpperCase(Locale.ROOT))).contains(record(ID));
  }

  @Test
  public void keepsTheIdInTheCaseItWasSavedIn() {
    ledger.save(record(ID));

    assertThat(ledger.find(ID.toUpperCase(Locale.ROOT)).orElseThrow().workspaceResourceId())
        .isEqualTo(ID);
  }

  @Test
  public void replacesTheWholeRecordOnSave() {
    ledger.save(record(ID));
    OnboardingRecord next =
        OnboardingRecord.builder(ID)
            .step("BIND_METASTORE")
            .status(Status.COMPLETED)
            .attempts(1)
            .firstSeen(FIRST_SEEN)
            .lastUpdated(LAST_UPDATED.plusSeconds(60))
            .correlationId("corr-43")
            .stepAttempts(Map.of("BIND_METASTORE", 1))
            .build();

    ledger.save(next);

    assertThat(ledger.find(ID)).contains(next);
    assertThat(ledger.list()).containsExactly(next);
  }

  @Test
  public void replacesTheRecordSavedUnderTheSameIdInAnotherCase() {
    ledger.save(record(ID.toUpperCase(Locale.ROOT)));
    OnboardingRecord lower =
        OnboardingRecord.builder(ID.toLowerCase(Locale.ROOT))
            .step("BIND_METASTORE")
            .status(Status.IN_PROGRESS)
            .firstSeen(FIRST_SEEN)
            .lastUpdated(LAST_UPDATED)
            .correlationId("corr-2")
            .build();

    ledger.save(lower);

    assertThat(ledger.list()).containsExactly(lower);
    assertThat(ledger.find(ID)).contains(lower);
  }

  @Test
  public void keepsEmptyFieldsEmpty() {
    OnboardingRecord bare =
        OnboardingRecord.builder(ID)
            .step("CREATE_ACCESS_CONNECTOR")
            .status(Status.PENDING)
            .firstSeen(FIRST_SEEN)
            .lastUpdated(FIRST_SEEN)
            .build();

    ledger.save(bare);

    OnboardingRecord found = ledger.find(ID).orElseThrow();
    assertThat(found).isEqualTo(bare);
    assertThat(found.lastError()).isNull();
    assertThat(found.correlationId()).isNull();
    assertThat(found.stepAttempts()).isEmpty();
    assertThat(found.accessVerified()).isNull();
  }

  @Test
  public void keepsWhetherStorageAccessWasVerified() {
    OnboardingRecord r = record(ID);
    OnboardingRecord verified =
        r.toBuilder()
            .step("BIND_METASTORE")
            .status(Status.COMPLETED)
            .attempts(2)
            .lastError(null)
            .run(1)
            .generation(0)
            .accessVerified(true)
            .build();
    OnboardingRecord notVerified =
        verified.toBuilder()
            .workspaceResourceId(workspace(SUBSCRIPTION, "ws-other"))
            .status(Status.WAITING)
            .lastError("storage access not verified yet")
            .accessVerified(false)
            .build();

    ledger.save(verified);
    ledger.save(notVerified);

    assertThat(ledger.find(ID).orElseThrow().accessVerified()).isTrue();
    assertThat(ledger.find(notVerified.workspaceResourceId()).orElseThrow().accessVerified())
        .isFalse();
  }

  @Test
  public void keepsTheOwedOutcomeEventAndItsClaim() {
    OnboardingRecord done = record(ID).withPendingEvent(null);
    OnboardingRecord claimed =
        done.withPendingEvent(new OnboardingRecord.PendingEvent(LAST_UPDATED.plusSeconds(30)));
    String other = workspace(SUBSCRIPTION, "ws-owed");
    OnboardingRecord released =
        record(other).withPendingEvent(new OnboardingRecord.PendingEvent(null));

    ledger.save(claimed);
    ledger.save(released);

    assertThat(ledger.find(ID).orElseThrow().pendingEvent())
        .isEqualTo(new OnboardingRecord.PendingEvent(LAST_UPDATED.plusSeconds(30)));
    assertThat(ledger.find(other).orElseThrow().pendingEvent())
        .isEqualTo(new OnboardingRecord.PendingEvent(null));
    ledger.save(done);
    assertThat(ledger.find(ID).orElseThrow().pendingEvent()).isNull();
  }

  @Test
  public void keepsStepAttemptsInTheOrderTheStepsRan() {
    Map<String, Integer> tries = new LinkedHashMap<>();
    tries.put("BIND_METASTORE", 2);
    tries.put("CREATE_ACCESS_CONNECTOR", 5);
    tries.put("ASSIGN_STORAGE_ROLES", 1);
    OnboardingRecord r =
        OnboardingRecord.builder(ID)
            .step("ASSIGN_STORAGE_ROLES")
            .status(Status.IN_PROGRESS)
            .attempts(1)
            .firstSeen(FIRST_SEEN)
            .lastUpdated(LAST_UPDATED)
            .correlationId("c")
            .stepAttempts(tries)
            .build();

    ledger.save(r);

    assertThat(ledger.find(ID).orElseThrow().stepAttempts().keySet())
        .containsExactly("BIND_METASTORE", "CREATE_ACCESS_CONNECTOR", "ASSIGN_STORAGE_ROLES");
  }

  @Test
  public void listsEveryRecord() {
    String other = "0f0e0d0c-0b0a-0908-0706-050403020100";
    List<OnboardingRecord> saved =
        List.of(
            record(workspace(SUBSCRIPTION, "ws-one")),
            record(workspace(SUBSCRIPTION, "ws-two")),
            record(workspace(other, "ws-one")));

    saved.forEach(ledger::save);

    assertThat(ledger.list()).containsExactlyInAnyOrderElementsOf(saved);
  }

  @Test
  public void listsNothingWhenNothingWasSaved() {
    assertThat(ledger.list()).isEmpty();
  }

  @Test
  public void storesAndFindsIdsWithCharactersTableKeysForbid() {
    List<String> ids =
        List.of(
            workspace(SUBSCRIPTION, "back\\slash"),
            workspace(SUBSCRIPTION, "hash#tag"),
            workspace(SUBSCRIPTION, "what?now"),
            workspace(SUBSCRIPTION, "tab\tand\u0001control\u007f\u0085"),
            workspace(SUBSCRIPTION, "quote'percent%25plus+tilde~"),
            workspace(SUBSCRIPTION, "umlaut-ü-and-\uD83D\uDE80"),
            workspace("sub#with?odd\\chars", "ws"),
            "no-subscription/at/all");

    ids.forEach(id -> ledger.save(record(id)));

    for (String id : ids) {
      assertThat(ledger.find(id)).as(id).contains(record(id));
    }
    assertThat(ledger.list()).hasSize(ids.size());
  }

  @Test
  public void keepsApartIdsThatWouldLookAlikeOnceEscaped() {
    List<String> ids =
        List.of(
            workspace(SUBSCRIPTION, "a/b"),
            workspace(SUBSCRIPTION, "a~2fb"),
            workspace(SUBSCRIPTION, "a~7e2fb"),
            workspace(SUBSCRIPTION, "a%2fb"));

    ids.forEach(id -> ledger.save(record(id)));

    for (String id : ids) {
      assertThat(ledger.find(id).orElseThrow().workspaceResourceId()).isEqualTo(id);
    }
    assertThat(ledger.list()).hasSize(ids.size());
  }

  @Test
  public void storesAndFindsVeryLongIdsThatDifferOnlyAtTheEnd() {
    String base = workspace(SUBSCRIPTION, "x".repeat(1500));
    List<String> ids = List.of(base + "/a", base + "/b", base + "/A/" + "y".repeat(10));

    ids.forEach(id -> ledger.save(record(id)));

    assertThat(ledger.find(base + "/a").orElseThrow().workspaceResourceId()).isEqualTo(base + "/a");
    assertThat(ledger.find(base + "/B").orElseThrow().workspaceResourceId()).isEqualTo(base + "/b");
    assertThat(ledger.find(base + "/c")).isEmpty();
    assertThat(ledger.list()).hasSize(3);
  }

  @Test
  public void acceptsAVeryLongLastErrorAndKeepsItsBeginning() {
    String error = "Boom: " + "stack frame\n".repeat(20_000);
    OnboardingRecord r = record(ID);
    OnboardingRecord failing = r.toBuilder().status(Status.FAILED).lastError(error).build();

    ledger.save(failing);

    String found = ledger.find(ID).orElseThrow().lastError();
    assertThat(found).startsWith(error.substring(0, 4_000));
    assertThat(found.length()).isLessThanOrEqualTo(error.length());
  }

  @Test
  public void refusesARecordWithoutAWorkspaceId() {
    OnboardingRecord r = record(ID);
    OnboardingRecord noId =
        r.toBuilder()
            .workspaceResourceId(null)
            .lastError(null)
            .correlationId(null)
            .stepAttempts(Map.of())
            .build();

    assertThatThrownBy(() -> ledger.save(noId)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ledger.list()).isEmpty();
  }

  // ------------------------------------------------------------------ optimistic concurrency

  @Test
  public void keepsTheRunAndGenerationOfARecord() {
    OnboardingRecord r = record(ID);
    OnboardingRecord numbered = r.toBuilder().run(3).generation(7).build();

    ledger.save(numbered);

    assertThat(ledger.find(ID)).contains(numbered);
    assertThat(ledger.find(ID).orElseThrow().run()).isEqualTo(3);
    assertThat(ledger.find(ID).orElseThrow().generation()).isEqualTo(7);
  }

  @Test
  public void insertsOnlyWhenTheWorkspaceHasNoRecord() {
    assertThat(ledger.insert(record(ID))).isTrue();

    OnboardingRecord other = withStatus(record(ID), Status.COMPLETED);
    assertThat(ledger.insert(other)).isFalse();
    assertThat(ledger.insert(withStatus(record(ID.toUpperCase(Locale.ROOT)), Status.FAILED)))
        .isFalse();

    assertThat(ledger.find(ID)).contains(record(ID));
  }

  @Test
  public void replacesOnlyTheVersionThatWasRead() {
    ledger.save(record(ID));
    OnboardingLedger.Versioned read = ledger.read(ID).orElseThrow();
    OnboardingLedger.Versioned readByTheOther = ledger.read(ID).orElseThrow();

    assertThat(ledger.replace(withStatus(read.record(), Status.COMPLETED), read.etag())).isTrue();
    assertThat(
            ledger.replace(
                withStatus(readByTheOther.record(), Status.WAITING), readByTheOther.etag()))
        .as("the second writer read a version that is gone")
        .isFalse();

    assertThat(ledger.find(ID).orElseThrow().status()).isEqualTo(Status.COMPLETED);
    assertThat(ledger.read(ID).orElseThrow().etag()).isNotEqualTo(read.etag());
  }

  @Test
  public void refusesToReplaceARecordThatDoesNotExist() {
    ledger.save(record(ID));
    String etag = ledger.read(ID).orElseThrow().etag();
    String other = workspace(SUBSCRIPTION, "ws-never-saved");

    assertThat(ledger.replace(record(other), etag)).isFalse();
    assertThat(ledger.find(other)).isEmpty();
  }

  @Test
  public void losesNoUpdateWhenWritersRaceWithReadThenReplace() throws Exception {
    ledger.save(withAttempts(record(ID), 0));
    int threads = 4;
    int perThread = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> all = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        all.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    while (true) {
                      OnboardingLedger.Versioned v = ledger.read(ID).orElseThrow();
                      OnboardingRecord next = withAttempts(v.record(), v.record().attempts() + 1);
                      if (ledger.replace(next, v.etag())) {
                        break;
                      }
                    }
                  }
                }));
      }
      for (Future<?> f : all) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(ledger.find(ID).orElseThrow().attempts()).isEqualTo(threads * perThread);
  }

  private static OnboardingRecord withStatus(OnboardingRecord r, Status status) {
    return r.toBuilder().status(status).build();
  }

  private static OnboardingRecord withAttempts(OnboardingRecord r, int attempts) {
    return r.toBuilder().attempts(attempts).build();
  }

  // ------------------------------------------------------------------ racing deliveries
  //
  // Two deliveries of one step message race (a redelivery after a lock expired while the first
  // delivery was still running, as Service Bus does): the stale one finishes last. Through the
  // production step worker, over this ledger.

  /** A workspace whose last step is queued, with a step worker over {@link #ledger}. */
  protected final class RacingWorld {
    public final ManualClock clock = ManualClock.atEpochOfDemo();
    public final FakeCloud cloud = new FakeCloud(clock);
    public final InMemoryServiceBus bus;
    public final Onboarding onboarding;
    public final String ws = TestWorld.workspaceId("ws-racing");
    public final Map<Step, List<String>> queued = new java.util.concurrent.ConcurrentHashMap<>();
    public String firstMessage;
    final CountDownLatch staleEntered = new CountDownLatch(1);
    final CountDownLatch releaseStale = new CountDownLatch(1);
    volatile RuntimeException staleFailure;

    public RacingWorld() {
      Map<String, String> settings = TestWorld.defaultSettings();
      bus =
          new InMemoryServiceBus(clock, Queues.fromSettings(settings), 10, Duration.ofMinutes(10));
      Workspaces real = cloud.workspaces();
      Workspaces racing =
          id -> {
            if (Thread.currentThread().getName().startsWith("stale")) {
              staleEntered.countDown();
              try {
                releaseStale.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw staleFailure;
            }
            return real.find(id);
          };
      onboarding =
          Onboarding.builder()
              .workspaces(racing)
              .accessConnectors(cloud.accessConnectors())
              .storageAccounts(cloud.storageAccounts())
              .roleAssignments(cloud.roleAssignmentsPort())
              .metastoreAssignments(cloud.metastoreAssignmentsPort())
              .workspaceMemberships(cloud.workspaceMembershipsPort())
              .workspaceMetastores(cloud.workspaceMetastoresPort())
              .storageCredentials(cloud.storageCredentialsPort())
              .externalLocations(cloud.externalLocationsPort())
              .messages(bus)
              .deadLetters(bus)
              .ledger(ledger)
              .policy(OnboardingPolicy.fromSettings(settings))
              .resourceEvents(new dev.lakewire.azure.EventGridDeliveries())
              .clock(clock)
              .random(new Random(7))
              .ids(() -> "reprocess-id")
              .build();
      cloud.addStorageAccount(TestWorld.STORAGE, true);
      cloud.addReadyConnector(TestWorld.SHARED_CONNECTOR, "westeurope");
      cloud.addWorkspace(ws, "westeurope", "Succeeded");
      for (Step s : Step.values()) {
        queued.put(s, new java.util.concurrent.CopyOnWriteArrayList<>());
        bus.subscribe(bus.queueOf(s), (body, count) -> queued.get(s).add(body));
      }
    }

    /** Runs every queued message of {@code step} on this thread. */
    public void runQueued(Step step) {
      bus.runUntilIdle(clock, Duration.ofDays(1));
      List<String> bodies = List.copyOf(queued.get(step));
      queued.get(step).clear();
      bodies.forEach(b -> onboarding.worker().handle(step, b));
    }

    /** Runs the chain up to (not including) the last step; returns the last step's message. */
    public String upToTheLastStep(String correlationId) {
      onboarding
          .starter()
          .start(WorkspaceRef.parse("id", ws), Step.CREATE_ACCESS_CONNECTOR, correlationId, "test");
      bus.runUntilIdle(clock, Duration.ofDays(1));
      firstMessage = queued.get(Step.CREATE_ACCESS_CONNECTOR).get(0);
      runQueued(Step.CREATE_ACCESS_CONNECTOR);
      // step 2 may re-check first (a new connector's principal is given time to replicate)
      for (int i = 0; i < 5 && queued.get(Step.BIND_METASTORE).isEmpty(); i++) {
        runQueued(Step.ASSIGN_STORAGE_ROLES);
        bus.runUntilIdle(clock, Duration.ofDays(1));
      }
      assertThat(queued.get(Step.BIND_METASTORE)).hasSize(1);
      // without the workspace facts step 1 carries, so that step 3 reads the workspace (where the
      // race is staged) as a message from before issue 11 would
      return dev.lakewire.onboarding.message.StepMessage.fromJson(
              queued.get(Step.BIND_METASTORE).remove(0))
          .carrying(dev.lakewire.onboarding.message.StepMessage.Carried.NONE)
          .toJson();
    }

    /**
     * Delivers {@code body} twice: a stale delivery that starts first and ends with {@code
     * staleFailure}, and a fresh one that runs to the end while the stale one is still inside the
     * step.
     */
    public void race(Step step, String body, RuntimeException staleEnding) throws Exception {
      staleFailure = staleEnding;
      ExecutorService pool =
          Executors.newSingleThreadExecutor(r -> new Thread(r, "stale-delivery"));
      try {
        Future<?> stale = pool.submit(() -> onboarding.worker().handle(step, body));
        assertThat(staleEntered.await(10, TimeUnit.SECONDS)).isTrue();
        onboarding.worker().handle(step, body);
        releaseStale.countDown();
        stale.get(10, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      bus.runUntilIdle(clock, Duration.ofDays(1));
    }

    public OnboardingRecord record() {
      return ledger.find(ws).orElseThrow();
    }
  }

  @Test
  public void aStaleDeliveryThatWouldWaitLeavesACompletedWorkspaceCompleted() throws Exception {
    RacingWorld w = new RacingWorld();
    String last = w.upToTheLastStep("corr-1");

    w.race(
        Step.BIND_METASTORE,
        last,
        new CloudFailure.NotYet("the workspace has no URL yet (an old read)", null));

    assertThat(w.record().status()).isEqualTo(Status.COMPLETED);
    assertThat(w.record().step()).isEqualTo("BIND_METASTORE");
    assertThat(w.queued.get(Step.BIND_METASTORE)).as("no re-check of a finished run").isEmpty();
  }

  @Test
  public void aStaleDeliveryThatWouldFailNeitherFailsNorDeadLettersACompletedWorkspace()
      throws Exception {
    RacingWorld w = new RacingWorld();
    String last = w.upToTheLastStep("corr-1");

    w.race(
        Step.BIND_METASTORE,
        last,
        new CloudFailure.Permanent("403 AuthorizationFailed (an old answer)", null));

    assertThat(w.record().status()).isEqualTo(Status.COMPLETED);
    assertThat(w.bus.deadLetters()).isEmpty();
  }

  @Test
  public void anOldMessageOfARunDoesNotMoveItsRecordBack() {
    RacingWorld w = new RacingWorld();
    String last = w.upToTheLastStep("corr-1");
    w.onboarding.worker().handle(Step.BIND_METASTORE, last);
    String firstStep = w.firstMessage;
    OnboardingRecord done = w.record();

    w.onboarding.worker().handle(Step.CREATE_ACCESS_CONNECTOR, firstStep);
    w.onboarding.worker().handle(Step.BIND_METASTORE, last);

    assertThat(w.record().status()).isEqualTo(Status.COMPLETED);
    assertThat(w.record().step()).isEqualTo(done.step());
    assertThat(w.record().stepAttempts()).isEqualTo(done.stepAttempts());
    w.bus.runUntilIdle(w.clock, Duration.ofDays(1));
    w.queued.values().forEach(q -> assertThat(q).isEmpty());
  }

  @Test
  public void aReprocessStartsANewRunThatMessagesOfTheOldRunCannotTouch() throws Exception {
    RacingWorld w = new RacingWorld();
    String last = w.upToTheLastStep("corr-1");
    w.onboarding.worker().handle(Step.BIND_METASTORE, last);
    assertThat(w.record().status()).isEqualTo(Status.COMPLETED);
    int oldRun = w.record().run();

    w.onboarding
        .reprocessor()
        .reprocess(
            "{\"workspaceResourceId\": \"" + w.ws + "\", \"step\": \"ASSIGN_STORAGE_ROLES\"}");
    assertThat(w.record().status()).isEqualTo(Status.PENDING);
    assertThat(w.record().run()).isEqualTo(oldRun + 1);
    w.runQueued(Step.ASSIGN_STORAGE_ROLES);
    OnboardingRecord midway = w.record();
    w.onboarding.worker().handle(Step.BIND_METASTORE, last);
    w.onboarding
        .worker()
        .handle(
            Step.ASSIGN_STORAGE_ROLES,
            w.firstMessage.replace("CREATE_ACCESS_CONNECTOR", "ASSIGN_STORAGE_ROLES"));

    assertThat(w.record()).as("the old run's messages are stale").isEqualTo(midway);
    w.runQueued(Step.BIND_METASTORE);
    assertThat(w.record().status()).isEqualTo(Status.COMPLETED);
    assertThat(w.record().run()).isEqualTo(oldRun + 1);
    assertThat(w.record().correlationId()).isEqualTo("reprocess-reprocess-id");
  }

  @Test
  public void duplicatesOfOneEventAcceptedAtOnceStartOneRun() throws Exception {
    RacingWorld w = new RacingWorld();
    int threads = 6;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<StepMessage>> starts = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        starts.add(
            pool.submit(
                () -> {
                  go.await();
                  return w.onboarding
                      .starter()
                      .start(
                          WorkspaceRef.parse("id", w.ws),
                          Step.CREATE_ACCESS_CONNECTOR,
                          "corr-dup",
                          "eventgrid");
                }));
      }
      go.countDown();
      for (Future<StepMessage> f : starts) {
        assertThat(f.get(60, TimeUnit.SECONDS).run()).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(w.record().run()).isEqualTo(1);
    assertThat(w.record().status()).isEqualTo(Status.PENDING);
    assertThat(w.bus.pendingCount()).as("one message: the rest are duplicates").isEqualTo(1);
  }

  // --- pages (issue 12: the status endpoint pages) ----------------------------------------------

  private static OnboardingRecord withStatus(String id, Status status) {
    return record(id).toBuilder().status(status).build();
  }

  private List<String> pageThrough(int top, Status status, List<Integer> sizes) {
    List<String> seen = new java.util.ArrayList<>();
    String continuation = null;
    for (int i = 0; i < 100; i++) {
      OnboardingLedger.Page page = ledger.page(top, continuation, status);
      sizes.add(page.records().size());
      page.records().forEach(r -> seen.add(r.workspaceResourceId()));
      continuation = page.continuation();
      if (continuation == null) {
        return seen;
      }
    }
    throw new AssertionError("no last page after 100 pages");
  }

  @Test
  public void pagesThroughEveryRecordExactlyOnceAcrossSubscriptions() {
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String sub = i % 2 == 0 ? SUBSCRIPTION : "0A1B2C3D-0000-4000-8000-000000000001";
      ids.add(workspace(sub, "ws-" + i));
      ledger.save(record(ids.get(i)));
    }
    List<Integer> sizes = new java.util.ArrayList<>();

    List<String> seen = pageThrough(3, null, sizes);

    assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(sizes).allMatch(n -> n <= 3);
    assertThat(sizes.size()).isGreaterThanOrEqualTo(3);
  }

  @Test
  public void pagesOnlyTheRecordsOfTheStatusAskedFor() {
    for (int i = 0; i < 5; i++) {
      ledger.save(
          withStatus(
              workspace(SUBSCRIPTION, "ws-" + i), i % 2 == 0 ? Status.FAILED : Status.COMPLETED));
    }

    List<String> failed = pageThrough(2, Status.FAILED, new java.util.ArrayList<>());

    assertThat(failed)
        .containsExactlyInAnyOrder(
            workspace(SUBSCRIPTION, "ws-0"),
            workspace(SUBSCRIPTION, "ws-2"),
            workspace(SUBSCRIPTION, "ws-4"));
  }

  @Test
  public void aPageAsLargeAsTheLedgerIsTheLast() {
    ledger.save(record(ID));

    OnboardingLedger.Page page = ledger.page(OnboardingLedger.MAX_PAGE, null, null);

    assertThat(page.records())
        .extracting(OnboardingRecord::workspaceResourceId)
        .containsExactly(ID);
    assertThat(page.continuation()).isNull();
  }

  @Test
  public void refusesAContinuationItDidNotGiveAndAPageSizeOutOfBounds() {
    ledger.save(record(ID));

    assertThatThrownBy(() -> ledger.page(10, "not a token", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("continuation");
    assertThatThrownBy(() -> ledger.page(0, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ledger.page(OnboardingLedger.MAX_PAGE + 1, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

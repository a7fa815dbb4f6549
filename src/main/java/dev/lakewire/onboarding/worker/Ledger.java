package dev.lakewire.onboarding.worker;

import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.OnboardingLedger.Versioned;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.OnboardingRecord.Status;
import dev.lakewire.ports.OnboardingRecordBuilder;
import dev.lakewire.ports.Step;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The transitions of the ledger, in one place (the port only stores records).
 *
 * <p><b>Runs.</b> A run is one pass of a workspace through the steps, numbered in its record: a new
 * event correlation, an HTTP kickoff, a reprocess or a dead-letter replay starts the next run (a
 * duplicate of the current run's event does not). Every step message carries its run.
 *
 * <p><b>Monotonic.</b> Within a run, a record only moves forward in (step, generation): a message
 * is <em>current</em> when it is of the record's run and at or past the record's (step,
 * generation), and the run is not over ({@code COMPLETED}, {@code FAILED} and {@code OFFBOARDED}
 * end it). Any other message is <em>stale</em> (an old delivery, a redelivery after its lock
 * expired, a message of an earlier run) and moves nothing: a COMPLETED record stays COMPLETED until
 * a new run is started on purpose. A message of a later run than the record's is current (the write
 * that started it was lost).
 *
 * <p><b>Offboarding.</b> An offboarding (a workspace delete event, {@code POST /api/offboard}) is a
 * run of the {@link Step.Chain#OFFBOARDING} chain: it starts the next run like any other, so every
 * message of an onboarding run in flight is stale from then on (it can create nothing more); its
 * records are {@code OFFBOARDING} until the last step ends the run {@code OFFBOARDED}.
 *
 * <p><b>Concurrency.</b> Every transition reads the record with its version, decides, and writes
 * only if the version is unchanged (insert when there is none); a writer that loses reads again and
 * decides again, so two racing deliveries leave the record at the newer state.
 *
 * <p><b>Outcome outbox.</b> The write that ends a run ({@link #advanced} past the last step, {@link
 * #failed}) also records that the run's outcome event is owed, claimed by the writer for {@link
 * OutcomeEvents#CLAIM}: only the one delivery whose version-checked write won owes the event. See
 * {@link OutcomeEvents} for the rest of the protocol ({@link #claimEvent}, {@link #eventPublished},
 * {@link #eventReleased}).
 */
final class Ledger {

  /** Tries of one transition before giving up (a transient failure: the message is redelivered). */
  static final int MAX_TRIES = 25;

  private final OnboardingLedger store;
  private final Clock clock;

  Ledger(OnboardingLedger store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** What a transition decided: the record to write (null: write nothing) and what to return. */
  private record Change<T>(OnboardingRecord write, T result) {}

  /**
   * A run was accepted. A duplicate of the current run (same correlation id) changes nothing;
   * anything else starts the next run.
   *
   * @return the run the first message must carry
   */
  int accepted(WorkspaceRef ws, Step from, String correlationId) {
    return accepted(ws, from, correlationId, false).orElseThrow();
  }

  /**
   * {@link #accepted(WorkspaceRef, Step, String)}, or nothing at all when {@code unlessOffboarded}
   * and the workspace's record is {@code OFFBOARDING} or {@code OFFBOARDED}: Event Grid delivers
   * out of order, so a workspace's write event may arrive after its delete event, and must neither
   * supersede the offboarding nor re-create what it removed.
   *
   * @return the run the first message must carry, or empty when refused
   */
  Optional<Integer> accepted(
      WorkspaceRef ws, Step from, String correlationId, boolean unlessOffboarded) {
    return update(
        ws.id(),
        found -> {
          if (unlessOffboarded
              && found.isPresent()
              && (found.get().status() == Status.OFFBOARDING
                  || found.get().status() == Status.OFFBOARDED)) {
            return new Change<>(null, Optional.<Integer>empty());
          }
          if (found.isPresent()
              && correlationId.equalsIgnoreCase(found.get().correlationId())
              && Optional.ofNullable(found.get().step()).map(Step::chain).orElse(from.chain())
                  == from.chain()) {
            return new Change<>(null, Optional.of(found.get().run()));
          }
          int run = found.map(r -> r.run() + 1).orElse(1);
          Instant now = clock.instant();
          return new Change<>(
              OnboardingRecord.builder(ws.id())
                  .step(from)
                  .status(from.offboarding() ? Status.OFFBOARDING : Status.PENDING)
                  .firstSeen(found.map(OnboardingRecord::firstSeen).orElse(now))
                  .lastUpdated(now)
                  .correlationId(correlationId)
                  .stepAttempts(found.map(OnboardingRecord::stepAttempts).orElse(Map.of()))
                  .run(run)
                  .build(),
              Optional.of(run));
        });
  }

  /**
   * A dead-lettered message is replayed: starts the next run at its step.
   *
   * @return the run the replayed message must carry
   */
  int replayed(StepMessage m, String note) {
    return update(
        m.workspaceResourceId(),
        found -> {
          int run = found.map(r -> Math.max(r.run(), m.run()) + 1).orElse(m.run() + 1);
          Instant now = clock.instant();
          return new Change<>(
              OnboardingRecord.builder(
                      found
                          .map(OnboardingRecord::workspaceResourceId)
                          .orElse(m.workspaceResourceId()))
                  .step(m.step())
                  .status(m.step().offboarding() ? Status.OFFBOARDING : Status.PENDING)
                  .attempts(found.map(OnboardingRecord::attempts).orElse(0))
                  .firstSeen(found.map(OnboardingRecord::firstSeen).orElse(now))
                  .lastUpdated(now)
                  .lastError(note)
                  .correlationId(m.correlationId())
                  .stepAttempts(found.map(OnboardingRecord::stepAttempts).orElse(Map.of()))
                  .run(run)
                  .build(),
              run);
        });
  }

  /** Sets the last error of a run's record, if the record is still of that run. */
  void note(String workspaceResourceId, int run, String note) {
    update(
        workspaceResourceId,
        found ->
            found.isPresent() && found.get().run() == run
                ? new Change<>(
                    found.get().toBuilder().lastUpdated(clock.instant()).lastError(note).build(),
                    Boolean.TRUE)
                : new Change<>(null, Boolean.FALSE));
  }

  /**
   * The message is being handled: records its step as in progress, one more try.
   *
   * @return false, recording nothing, when the message is stale (see the class comment)
   */
  boolean started(StepMessage m) {
    return update(
        m.workspaceResourceId(),
        found -> {
          if (found.isPresent() && !isCurrent(m, found.get())) {
            return new Change<>(null, false);
          }
          OnboardingRecord r = found.orElseGet(() -> fresh(m));
          Map<String, Integer> attempts = new LinkedHashMap<>(r.stepAttempts());
          attempts.merge(m.step().name(), 1, Integer::sum);
          boolean sameStep = m.step() == r.step();
          return new Change<>(
              at(r, m)
                  .status(m.step().offboarding() ? Status.OFFBOARDING : Status.IN_PROGRESS)
                  .attempts(sameStep ? r.attempts() + 1 : 1)
                  .stepAttempts(attempts)
                  .build(),
              true);
        });
  }

  /** The stored record of a workspace, or empty. */
  Optional<OnboardingRecord> find(String workspaceResourceId) {
    return store.find(workspaceResourceId);
  }

  /** Whether the message is still current: nothing moved the record past it since it started. */
  boolean isCurrent(StepMessage m) {
    return store.find(m.workspaceResourceId()).map(r -> isCurrent(m, r)).orElse(true);
  }

  /**
   * The step is done: the record moves to the next step (generation 0), or COMPLETED.
   *
   * @return false, recording nothing, when the message has become stale
   */
  boolean advanced(StepMessage m, Optional<Step> next, Boolean accessVerified) {
    return settle(
        m,
        r ->
            next.isPresent()
                ? at(r, m)
                    .step(next.get())
                    .status(m.step().offboarding() ? Status.OFFBOARDING : Status.IN_PROGRESS)
                    .attempts(0)
                    .generation(0)
                    .lastError(null)
                    .accessVerified(accessVerified != null ? accessVerified : r.accessVerified())
                    .build()
                : at(r, m)
                    .status(Status.COMPLETED)
                    .lastError(null)
                    .accessVerified(accessVerified != null ? accessVerified : r.accessVerified())
                    .pendingEvent(claimedNow())
                    .build());
  }

  /**
   * The last offboarding step is done: OFFBOARDED, which ends the run (and, being a later run than
   * any onboarding it superseded, leaves every message of that onboarding stale). Like COMPLETED
   * and FAILED it records the run's outcome event as owed ({@code Lakewire.WorkspaceOffboarded}).
   *
   * @return false, recording nothing, when the message has become stale
   */
  boolean offboarded(StepMessage m) {
    if (!m.step().offboarding() || m.step().next().isPresent()) {
      throw new IllegalArgumentException(m.step() + " is not the last offboarding step");
    }
    return settle(
        m,
        r -> at(r, m).status(Status.OFFBOARDED).lastError(null).pendingEvent(claimedNow()).build());
  }

  /**
   * The step re-checks: WAITING, at the generation of the scheduled re-check (so this message, if
   * delivered again, is stale: its follow-up is on the queue).
   *
   * @return false, recording nothing, when the message has become stale
   */
  boolean waiting(StepMessage m, String reason) {
    return settle(
        m,
        r ->
            at(r, m)
                .status(m.step().offboarding() ? Status.OFFBOARDING : Status.WAITING)
                .lastError(reason)
                .generation(m.generation() + 1)
                .build());
  }

  /**
   * The step failed permanently: FAILED, which ends the run.
   *
   * @return false, recording nothing, when the message has become stale
   */
  boolean failed(StepMessage m, String reason) {
    return settle(
        m,
        r -> at(r, m).status(Status.FAILED).lastError(reason).pendingEvent(claimedNow()).build());
  }

  /**
   * An owed outcome event, claimed by the current writer until now + {@link OutcomeEvents#CLAIM}.
   */
  private OnboardingRecord.PendingEvent claimedNow() {
    return new OnboardingRecord.PendingEvent(clock.instant().plus(OutcomeEvents.CLAIM));
  }

  /**
   * Claims the outcome event owed by the run {@code m} ended, when {@code m} is (a copy of) the
   * message whose write ended it (same run, step and generation as the record), the event is still
   * owed and nobody else holds a live claim. Version-checked: of racing claimers one wins.
   *
   * @return the record as claimed (what the event says), or empty when there is nothing to claim
   */
  Optional<OnboardingRecord> claimEvent(StepMessage m) {
    return update(
        m.workspaceResourceId(),
        found -> {
          if (found.isEmpty()) {
            return new Change<>(null, Optional.<OnboardingRecord>empty());
          }
          OnboardingRecord r = found.get();
          boolean endedByThis =
              r.run() == m.run()
                  && m.step() == r.step()
                  && r.generation() == m.generation()
                  && (r.status() == Status.COMPLETED || r.status() == Status.FAILED);
          if (!endedByThis || r.pendingEvent() == null || !r.pendingEvent().free(clock.instant())) {
            return new Change<>(null, Optional.<OnboardingRecord>empty());
          }
          OnboardingRecord claimed = r.withPendingEvent(claimedNow());
          return new Change<>(claimed, Optional.of(claimed));
        });
  }

  /** The outcome event of {@code run} was published: nothing is owed any more. */
  void eventPublished(String workspaceResourceId, int run) {
    changeOutbox(workspaceResourceId, run, null);
  }

  /** Publishing the outcome event of {@code run} failed: the claim is released, still owed. */
  void eventReleased(String workspaceResourceId, int run) {
    changeOutbox(workspaceResourceId, run, new OnboardingRecord.PendingEvent(null));
  }

  private void changeOutbox(
      String workspaceResourceId, int run, OnboardingRecord.PendingEvent pending) {
    update(
        workspaceResourceId,
        found ->
            found.isPresent() && found.get().run() == run && found.get().pendingEvent() != null
                ? new Change<>(found.get().withPendingEvent(pending), Boolean.TRUE)
                : new Change<>(null, Boolean.FALSE));
  }

  /**
   * The workspace is skipped by policy: SKIPPED with the reason, which ends the run.
   *
   * @return false, recording nothing, when the message has become stale
   */
  boolean skipped(StepMessage m, String reason) {
    return settle(m, r -> at(r, m).status(Status.SKIPPED).lastError(reason).build());
  }

  /**
   * Whether {@code m} may move {@code r}: same run, the run not over, and {@code m} at or past the
   * record's (step, generation); or {@code m} of a later run.
   */
  static boolean isCurrent(StepMessage m, OnboardingRecord r) {
    if (m.run() != r.run()) {
      return m.run() > r.run();
    }
    if (r.status() == Status.COMPLETED
        || r.status() == Status.FAILED
        || r.status() == Status.OFFBOARDED
        || r.status() == Status.SKIPPED) {
      return false;
    }
    Optional<Step> recorded = Optional.ofNullable(r.step());
    if (recorded.isEmpty()) {
      return true;
    }
    if (recorded.get().chain() != m.step().chain()) {
      // one run is one chain: a message of the other chain in this run is no message of it
      return false;
    }
    int byStep = Integer.compare(m.step().position(), recorded.get().position());
    return byStep > 0 || (byStep == 0 && m.generation() >= r.generation());
  }

  private boolean settle(StepMessage m, Function<OnboardingRecord, OnboardingRecord> next) {
    return update(
        m.workspaceResourceId(),
        found -> {
          if (found.isPresent() && !isCurrent(m, found.get())) {
            return new Change<>(null, false);
          }
          return new Change<>(next.apply(found.orElseGet(() -> fresh(m))), true);
        });
  }

  private OnboardingRecord fresh(StepMessage m) {
    Instant now = clock.instant();
    return OnboardingRecord.builder(m.workspaceResourceId())
        .step(m.step())
        .status(Status.PENDING)
        .firstSeen(now)
        .lastUpdated(now)
        .correlationId(m.correlationId())
        .run(m.run())
        .generation(m.generation())
        .build();
  }

  /**
   * {@code r} moved by {@code m}: at its step, run and generation, with its correlation id, updated
   * now, no outcome event owed; the caller sets what else changes.
   */
  private OnboardingRecordBuilder at(OnboardingRecord r, StepMessage m) {
    return r.toBuilder()
        .step(m.step())
        .correlationId(m.correlationId())
        .run(m.run())
        .generation(m.generation())
        .lastUpdated(clock.instant())
        .pendingEvent(null);
  }

  /** Read, decide, write if unchanged; on a lost race, again. */
  private <T> T update(String id, Function<Optional<OnboardingRecord>, Change<T>> decide) {
    for (int i = 0; i < MAX_TRIES; i++) {
      Optional<Versioned> current = store.read(id);
      Change<T> change = decide.apply(current.map(Versioned::record));
      if (change.write() == null) {
        return change.result();
      }
      boolean written =
          current.isPresent()
              ? store.replace(change.write(), current.get().etag())
              : store.insert(change.write());
      if (written) {
        return change.result();
      }
    }
    throw new IllegalStateException(
        "the ledger record of " + id + " kept changing: " + MAX_TRIES + " writes lost in a row");
  }
}

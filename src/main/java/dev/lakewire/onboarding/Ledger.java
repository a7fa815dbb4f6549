package dev.lakewire.onboarding;

import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.OnboardingRecord.Status;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The transitions of the ledger, in one place (the port only stores records). */
final class Ledger {

  private final OnboardingLedger store;
  private final Clock clock;

  Ledger(OnboardingLedger store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A run was accepted. A duplicate of the current run (same correlation id) changes nothing. */
  void accepted(WorkspaceRef ws, Step from, String correlationId) {
    Optional<OnboardingRecord> found = store.find(ws.id());
    if (found.isPresent() && correlationId.equalsIgnoreCase(found.get().correlationId())) {
      return;
    }
    Instant now = clock.instant();
    store.save(
        new OnboardingRecord(
            ws.id(),
            from.name(),
            Status.PENDING,
            0,
            found.map(OnboardingRecord::firstSeen).orElse(now),
            now,
            null,
            correlationId,
            found.map(OnboardingRecord::stepAttempts).orElse(Map.of())));
  }

  void started(StepMessage m) {
    OnboardingRecord r = current(m);
    Map<String, Integer> attempts = new LinkedHashMap<>(r.stepAttempts());
    attempts.merge(m.step().name(), 1, Integer::sum);
    boolean sameStep = m.step().name().equals(r.step());
    store.save(
        new OnboardingRecord(
            r.workspaceResourceId(),
            m.step().name(),
            Status.IN_PROGRESS,
            sameStep ? r.attempts() + 1 : 1,
            r.firstSeen(),
            clock.instant(),
            r.lastError(),
            m.correlationId(),
            attempts,
            r.accessVerified()));
  }

  void advanced(StepMessage m, Optional<Step> next, Boolean accessVerified) {
    OnboardingRecord r = current(m);
    store.save(
        new OnboardingRecord(
            r.workspaceResourceId(),
            next.map(Step::name).orElse(m.step().name()),
            next.isPresent() ? Status.IN_PROGRESS : Status.COMPLETED,
            next.isPresent() ? 0 : r.attempts(),
            r.firstSeen(),
            clock.instant(),
            null,
            m.correlationId(),
            r.stepAttempts(),
            accessVerified != null ? accessVerified : r.accessVerified()));
  }

  void waiting(StepMessage m, String reason) {
    settle(m, Status.WAITING, reason);
  }

  void failed(StepMessage m, String reason) {
    settle(m, Status.FAILED, reason);
  }

  private void settle(StepMessage m, Status status, String error) {
    OnboardingRecord r = current(m);
    store.save(
        new OnboardingRecord(
            r.workspaceResourceId(),
            m.step().name(),
            status,
            r.attempts(),
            r.firstSeen(),
            clock.instant(),
            error,
            m.correlationId(),
            r.stepAttempts(),
            r.accessVerified()));
  }

  private OnboardingRecord current(StepMessage m) {
    return store
        .find(m.workspaceResourceId())
        .orElseGet(
            () ->
                new OnboardingRecord(
                    m.workspaceResourceId(),
                    m.step().name(),
                    Status.PENDING,
                    0,
                    clock.instant(),
                    clock.instant(),
                    null,
                    m.correlationId(),
                    Map.of()));
  }
}

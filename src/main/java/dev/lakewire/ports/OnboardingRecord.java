package dev.lakewire.ports;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one workspace's onboarding stands: one row of the ledger.
 *
 * @param workspaceResourceId the workspace ARM id (lower-cased when used as a key)
 * @param step the current (or last) step; null before the first
 * @param status where it stands
 * @param attempts tries of the current step (re-checks and redeliveries included)
 * @param firstSeen when lakewire first heard of the workspace
 * @param lastUpdated when this row last changed
 * @param lastError the last error or re-check reason, null when none
 * @param correlationId the correlation id of the run
 * @param stepAttempts tries per step name, in the order the steps ran
 * @param run the run this record is of: 1 for the first, +1 per deliberate new run (a new event
 *     correlation, an HTTP kickoff, a reprocess, a dead-letter replay); 0 for rows written before
 *     runs were numbered
 * @param generation the re-check generation the run is at within {@code step}: the step message
 *     that may move this record next is the one of ({@code run}, {@code step}, {@code generation})
 * @param accessVerified whether the workspace's storage access was verified against the storage
 *     (Unity Catalog's validation passed); null until the storage step knows
 * @param pendingEvent the outbox of the run's outcome event: set by the transition that ends the
 *     run (COMPLETED or FAILED) and cleared once the event is published; null when no event is owed
 */
@RecordBuilder
public record OnboardingRecord(
    String workspaceResourceId,
    Step step,
    Status status,
    int attempts,
    Instant firstSeen,
    Instant lastUpdated,
    String lastError,
    String correlationId,
    Map<String, Integer> stepAttempts,
    int run,
    int generation,
    Boolean accessVerified,
    PendingEvent pendingEvent) {

  /**
   * The run's outcome event is owed (published by whoever holds the claim).
   *
   * @param claimedUntil until when a publisher holds the claim to publish it; null when nobody does
   *     (a publisher failed, or none started yet)
   */
  public record PendingEvent(Instant claimedUntil) {

    /** Whether nobody holds the claim at {@code now} (never claimed, released or expired). */
    public boolean free(Instant now) {
      return claimedUntil == null || !claimedUntil.isAfter(now);
    }
  }

  /**
   * A new record of workspace {@code workspaceResourceId}; every other field at its default (0
   * tries, run 0, generation 0, no step attempts, every other field null), so that a transition
   * says only what it sets.
   */
  public static OnboardingRecordBuilder builder(String workspaceResourceId) {
    return OnboardingRecordBuilder.builder().workspaceResourceId(workspaceResourceId);
  }

  /** A builder holding this record's fields: set what changes, then {@code build()}. */
  public OnboardingRecordBuilder toBuilder() {
    return OnboardingRecordBuilder.builder(this);
  }

  /** This record with its outbox set to {@code pending} (null: no event owed). */
  public OnboardingRecord withPendingEvent(PendingEvent pending) {
    return toBuilder().pendingEvent(pending).build();
  }

  /** Status of an onboarding. */
  public enum Status {
    /** Accepted, first step queued. */
    PENDING,
    /** A step is running or queued. */
    IN_PROGRESS,
    /** A step is waiting for the cloud and will re-check by itself. */
    WAITING,
    /** Every step done. */
    COMPLETED,
    /** A step failed permanently; its message is dead-lettered. */
    FAILED,
    /** The workspace's policy tags say to leave it alone: nothing was written (ends the run). */
    SKIPPED,
    /** An offboarding run is removing what lakewire created for the (deleted) workspace. */
    OFFBOARDING,
    /** Every offboarding step done: nothing lakewire created for the workspace is left. */
    OFFBOARDED
  }

  public OnboardingRecord {
    stepAttempts = stepAttempts == null ? Map.of() : new LinkedHashMap<>(stepAttempts);
  }

  @Override
  public Map<String, Integer> stepAttempts() {
    return java.util.Collections.unmodifiableMap(stepAttempts);
  }
}

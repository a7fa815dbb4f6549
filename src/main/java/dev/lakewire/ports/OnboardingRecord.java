package dev.lakewire.ports;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one workspace's onboarding stands: one row of the ledger.
 *
 * @param workspaceResourceId the workspace ARM id (lower-cased when used as a key)
 * @param step the current (or last) step
 * @param status where it stands
 * @param attempts tries of the current step (re-checks and redeliveries included)
 * @param firstSeen when lakewire first heard of the workspace
 * @param lastUpdated when this row last changed
 * @param lastError the last error or re-check reason, null when none
 * @param correlationId the correlation id of the run
 * @param stepAttempts tries per step name, in the order the steps ran
 * @param accessVerified whether the workspace's storage access was verified against the storage
 *     (Unity Catalog's validation passed); null until the storage step knows
 */
public record OnboardingRecord(
    String workspaceResourceId,
    String step,
    Status status,
    int attempts,
    Instant firstSeen,
    Instant lastUpdated,
    String lastError,
    String correlationId,
    Map<String, Integer> stepAttempts,
    Boolean accessVerified) {

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
    FAILED
  }

  public OnboardingRecord {
    stepAttempts = stepAttempts == null ? Map.of() : new LinkedHashMap<>(stepAttempts);
  }

  /** A record whose storage access is not known (yet). */
  public OnboardingRecord(
      String workspaceResourceId,
      String step,
      Status status,
      int attempts,
      Instant firstSeen,
      Instant lastUpdated,
      String lastError,
      String correlationId,
      Map<String, Integer> stepAttempts) {
    this(
        workspaceResourceId,
        step,
        status,
        attempts,
        firstSeen,
        lastUpdated,
        lastError,
        correlationId,
        stepAttempts,
        null);
  }

  @Override
  public Map<String, Integer> stepAttempts() {
    return java.util.Collections.unmodifiableMap(stepAttempts);
  }
}

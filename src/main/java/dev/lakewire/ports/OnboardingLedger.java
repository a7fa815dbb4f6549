package dev.lakewire.ports;

import java.util.List;
import java.util.Optional;

/**
 * The onboarding ledger: one record per workspace (Azure Table Storage in Azure).
 *
 * <p>Writers that race (two deliveries of one message, a re-check and a redelivery, a reprocess)
 * use optimistic concurrency: {@link #read} gives the record with its version (the ETag in Azure
 * Table), {@link #insert} succeeds only when no record exists, and {@link #replace} only when the
 * stored record still has the version read. A writer that loses reads again and decides again.
 */
public interface OnboardingLedger {

  /**
   * A record as stored, with its version.
   *
   * @param record the record
   * @param etag an opaque version that changes on every write (Azure Table's ETag)
   */
  record Versioned(OnboardingRecord record, String etag) {}

  /** The record of this workspace with its version (ids compare case-insensitively), or empty. */
  Optional<Versioned> read(String workspaceResourceId);

  /** The record of this workspace (ids compare case-insensitively), or empty. */
  default Optional<OnboardingRecord> find(String workspaceResourceId) {
    return read(workspaceResourceId).map(Versioned::record);
  }

  /**
   * Inserts the record of a workspace that has none.
   *
   * @return false, writing nothing, when the workspace has a record already (another writer won)
   */
  boolean insert(OnboardingRecord record);

  /**
   * Replaces the record of its workspace if it is still at version {@code etag}.
   *
   * @return false, writing nothing, when the stored record changed since it was read (or is gone)
   */
  boolean replace(OnboardingRecord record, String etag);

  /** Inserts or replaces the record of its workspace, whatever is stored (no concurrency check). */
  void save(OnboardingRecord record);

  /** Every record. */
  List<OnboardingRecord> list();
}

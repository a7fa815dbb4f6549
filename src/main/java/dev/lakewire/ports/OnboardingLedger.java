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

  /** The most records one {@link #page} answers (Azure Table's own limit for one query). */
  int MAX_PAGE = 1000;

  /**
   * One page of records.
   *
   * @param records at most the page size asked for; may be fewer (even none) while more follow
   * @param continuation opaque, for the next page; null on the last page
   */
  record Page(List<OnboardingRecord> records, String continuation) {}

  /**
   * A page of records in the ledger's own order (Azure Table: partition = subscription, then row
   * key), optionally only those with a status. This default pages {@link #list()} in the order of
   * the lower-cased workspace ids; the table ledger pages on the service.
   *
   * @param top at most this many records, 1 to {@link #MAX_PAGE}
   * @param continuation null for the first page, else a previous page's {@link Page#continuation()}
   * @param status only records with this status, or null for all
   * @throws IllegalArgumentException when the continuation is not one this ledger gave
   */
  default Page page(int top, String continuation, OnboardingRecord.Status status) {
    if (top < 1 || top > MAX_PAGE) {
      throw new IllegalArgumentException("top must be 1 to " + MAX_PAGE + ", not " + top);
    }
    String after = continuation == null ? null : PageTokens.decode(continuation);
    List<OnboardingRecord> sorted =
        list().stream()
            .filter(r -> status == null || r.status() == status)
            .sorted(java.util.Comparator.comparing(PageTokens::key))
            .filter(r -> after == null || PageTokens.key(r).compareTo(after) > 0)
            .toList();
    List<OnboardingRecord> records = sorted.subList(0, Math.min(top, sorted.size()));
    String next =
        sorted.size() > top ? PageTokens.encode(PageTokens.key(records.get(top - 1))) : null;
    return new Page(records, next);
  }
}

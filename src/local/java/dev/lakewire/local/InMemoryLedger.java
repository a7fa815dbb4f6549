package dev.lakewire.local;

import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.OnboardingRecord;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The onboarding ledger in memory, for the local run and tests: thread-safe, one record per
 * workspace, keyed by the lower-cased id (ARM ids compare case-insensitively). Records are kept as
 * saved, the id in its original case. Unlike the table, nothing is truncated.
 *
 * <p>Optimistic concurrency as Azure Table does it: every write gives the record a new version
 * (ETag); {@link #insert} fails when a record exists (409 EntityAlreadyExists), {@link #replace}
 * when the version is no longer the one given (412 UpdateConditionNotSatisfied, 404 when gone).
 * Each check and write is one atomic step of the map.
 */
public final class InMemoryLedger implements OnboardingLedger {

  private final ConcurrentMap<String, Versioned> records = new ConcurrentHashMap<>();
  private final AtomicLong versions = new AtomicLong();

  @Override
  public Optional<Versioned> read(String workspaceResourceId) {
    Objects.requireNonNull(workspaceResourceId, "workspaceResourceId");
    return Optional.ofNullable(records.get(key(workspaceResourceId)));
  }

  @Override
  public boolean insert(OnboardingRecord record) {
    Versioned v = versioned(record);
    return records.putIfAbsent(key(record.workspaceResourceId()), v) == null;
  }

  @Override
  public boolean replace(OnboardingRecord record, String etag) {
    Objects.requireNonNull(etag, "etag");
    Versioned v = versioned(record);
    boolean[] replaced = {false};
    records.computeIfPresent(
        key(record.workspaceResourceId()),
        (k, current) -> {
          if (!current.etag().equals(etag)) {
            return current;
          }
          replaced[0] = true;
          return v;
        });
    return replaced[0];
  }

  @Override
  public void save(OnboardingRecord record) {
    Versioned v = versioned(record);
    records.put(key(record.workspaceResourceId()), v);
  }

  @Override
  public List<OnboardingRecord> list() {
    return records.values().stream().map(Versioned::record).toList();
  }

  private Versioned versioned(OnboardingRecord record) {
    String id = record.workspaceResourceId();
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("a ledger record needs a workspaceResourceId");
    }
    return new Versioned(record, "W/\"" + versions.incrementAndGet() + "\"");
  }

  private static String key(String workspaceResourceId) {
    return workspaceResourceId.toLowerCase(Locale.ROOT);
  }
}

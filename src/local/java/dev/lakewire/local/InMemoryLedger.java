package dev.lakewire.local;

import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.OnboardingRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The onboarding ledger in memory, for the local run and tests: thread-safe, one record per
 * workspace, keyed by the lower-cased id (ARM ids compare case-insensitively). Records are kept as
 * saved, the id in its original case. Unlike the table, nothing is truncated.
 */
public final class InMemoryLedger implements OnboardingLedger {

  private final ConcurrentMap<String, OnboardingRecord> records = new ConcurrentHashMap<>();

  @Override
  public Optional<OnboardingRecord> find(String workspaceResourceId) {
    Objects.requireNonNull(workspaceResourceId, "workspaceResourceId");
    return Optional.ofNullable(records.get(key(workspaceResourceId)));
  }

  @Override
  public void save(OnboardingRecord record) {
    String id = record.workspaceResourceId();
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("a ledger record needs a workspaceResourceId");
    }
    records.put(key(id), record);
  }

  @Override
  public List<OnboardingRecord> list() {
    return new ArrayList<>(records.values());
  }

  private static String key(String workspaceResourceId) {
    return workspaceResourceId.toLowerCase(Locale.ROOT);
  }
}

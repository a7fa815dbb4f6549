package dev.lakewire.local;

import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.OnboardingRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The ledger in memory, for the local run and tests. Ids compare case-insensitively. */
public final class InMemoryLedger implements OnboardingLedger {

  private final Map<String, OnboardingRecord> records = new ConcurrentHashMap<>();

  @Override
  public Optional<OnboardingRecord> find(String workspaceResourceId) {
    return Optional.ofNullable(records.get(workspaceResourceId.toLowerCase(Locale.ROOT)));
  }

  @Override
  public void save(OnboardingRecord record) {
    records.put(record.workspaceResourceId().toLowerCase(Locale.ROOT), record);
  }

  @Override
  public List<OnboardingRecord> list() {
    return new ArrayList<>(records.values());
  }
}

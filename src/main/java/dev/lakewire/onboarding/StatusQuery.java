package dev.lakewire.onboarding;

import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.OnboardingRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Where onboardings stand, from the ledger. */
public final class StatusQuery {

  private final OnboardingLedger ledger;

  /** Queries over a ledger (the CLI reads the ledger without the rest of the use cases). */
  public StatusQuery(OnboardingLedger ledger) {
    this.ledger = ledger;
  }

  /**
   * One workspace's record.
   *
   * @throws InvalidInputException naming {@code workspaceResourceId} when it is not a workspace id
   */
  public Optional<OnboardingRecord> one(String workspaceResourceId) {
    return ledger.find(WorkspaceRef.parse("workspaceResourceId", workspaceResourceId).id());
  }

  /**
   * All records, most recently updated first, optionally only those with a status.
   *
   * @throws InvalidInputException naming {@code status} when it is no status
   */
  public List<OnboardingRecord> all(String status) {
    Optional<OnboardingRecord.Status> wanted = Optional.empty();
    if (status != null && !status.isBlank()) {
      try {
        wanted =
            Optional.of(OnboardingRecord.Status.valueOf(status.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "status",
            "'" + status + "' is not one of " + List.of(OnboardingRecord.Status.values()));
      }
    }
    Optional<OnboardingRecord.Status> filter = wanted;
    return ledger.list().stream()
        .filter(r -> filter.isEmpty() || r.status() == filter.get())
        .sorted(Comparator.comparing(OnboardingRecord::lastUpdated).reversed())
        .toList();
  }
}

package dev.lakewire.onboarding.worker;

import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.LogText;
import dev.lakewire.onboarding.message.WorkspaceRef;
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
    Optional<OnboardingRecord.Status> filter = status(status);
    return ledger.list().stream()
        .filter(r -> filter.isEmpty() || r.status() == filter.get())
        .sorted(Comparator.comparing(OnboardingRecord::lastUpdated).reversed())
        .toList();
  }

  /** The page size when none is asked for. */
  public static final int DEFAULT_TOP = 100;

  /**
   * One page of records in the ledger's order (subscription, then workspace id), optionally only
   * those with a status.
   *
   * @param top the page size as given ({@code null} or blank: {@value #DEFAULT_TOP}), a whole
   *     number from 1 to {@value OnboardingLedger#MAX_PAGE}
   * @param continuation null, or the {@code continuation} of the previous page
   * @throws InvalidInputException naming {@code top}, {@code continuation} or {@code status}
   */
  public OnboardingLedger.Page page(String top, String continuation, String status) {
    int size = DEFAULT_TOP;
    if (top != null && !top.isBlank()) {
      try {
        size = Integer.parseInt(top.trim());
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 1 || size > OnboardingLedger.MAX_PAGE) {
        throw new InvalidInputException(
            "top",
            "'"
                + LogText.clean(top)
                + "' is not a whole number from 1 to "
                + OnboardingLedger.MAX_PAGE);
      }
    }
    OnboardingRecord.Status wanted = status(status).orElse(null);
    String token = continuation == null || continuation.isBlank() ? null : continuation;
    try {
      return ledger.page(size, token, wanted);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "continuation", "not a continuation this endpoint gave (ask for the first page again)");
    }
  }

  private static Optional<OnboardingRecord.Status> status(String status) {
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
    return wanted;
  }
}

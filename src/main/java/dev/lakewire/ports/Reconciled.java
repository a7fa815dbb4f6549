package dev.lakewire.ports;

/**
 * What one pass of {@link Reconciler} did to one thing.
 *
 * @param operation what it did
 * @param resource the thing as it now is (as the cloud last answered); null when absent
 * @param match what the comparison found (for {@link Operation#KEPT}: why it was left alone); null
 *     when nothing was compared
 */
public record Reconciled<A>(Operation operation, A resource, Match match) {

  /** What the loop did. */
  public enum Operation {
    /** It was absent and is created. */
    CREATED,
    /** It had drifted in what lakewire may correct, and is written back. */
    UPDATED,
    /** It was as desired: nothing written. */
    UNCHANGED,
    /** It was lakewire's and is deleted (or its deletion started). */
    DELETED,
    /** Deletion: it was absent already. */
    ABSENT,
    /** Deletion: it is not lakewire's as lakewire made it, and is left alone. */
    KEPT
  }

  /** Whether this pass wrote it (created or corrected). */
  public boolean written() {
    return operation == Operation.CREATED || operation == Operation.UPDATED;
  }
}

package dev.lakewire.onboarding.message;

/**
 * Correlation ids: they come from outside (an event's {@code data.correlationId} or its {@code id})
 * and go into the ledger, every MessageId and the logs, so they are bounded: at most {@value #MAX}
 * printable ASCII characters without spaces (an ARM correlation id is a 36-character GUID).
 */
public final class CorrelationIds {

  /** The longest correlation id lakewire keeps. */
  public static final int MAX = 128;

  private CorrelationIds() {}

  /**
   * A clean correlation id from an outside value: every character that is not printable ASCII
   * (spaces included) becomes {@code _}, and it is cut to {@value #MAX} characters; null for null
   * or blank.
   */
  public static String normalize(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String trimmed = raw.strip();
    StringBuilder out = new StringBuilder(Math.min(trimmed.length(), MAX));
    for (int i = 0; i < trimmed.length() && out.length() < MAX; i++) {
      char c = trimmed.charAt(i);
      out.append(c > 0x20 && c < 0x7f ? c : '_');
    }
    return out.toString();
  }

  /** Whether a value already is a clean correlation id. */
  public static boolean isClean(String value) {
    return value != null
        && !value.isEmpty()
        && value.length() <= MAX
        && value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }
}

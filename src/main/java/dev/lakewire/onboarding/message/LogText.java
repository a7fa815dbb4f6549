package dev.lakewire.onboarding.message;

/**
 * Text from outside (event ids and types, operation names, correlation ids, request fields) made
 * safe to log: control characters (C0, DEL, C1), the Unicode line and paragraph separators and the
 * bidirectional overrides are written as {@code \\uXXXX} escapes, so an input can neither start a
 * forged log line nor hide text; and it is cut to {@link #MAX} characters.
 */
public final class LogText {

  /** The most characters of one input value that reach a log line. */
  public static final int MAX = 200;

  private LogText() {}

  /** The most characters of one whole log message built from input (see {@link #line}). */
  public static final int LINE_MAX = 4000;

  /** The value made safe to log; {@code null} stays {@code "null"}. */
  public static String clean(String value) {
    return clean(value, MAX);
  }

  /**
   * A whole log message (which may quote input, e.g. a cloud's error text) made safe to log: one
   * line, at most {@value #LINE_MAX} characters.
   */
  public static String line(String message) {
    return clean(message, LINE_MAX);
  }

  private static String clean(String value, int max) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), max) + 8);
    int count = 0;
    for (int i = 0; i < value.length() && count < max; i++, count++) {
      char c = value.charAt(i);
      if (unsafe(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (value.length() > max) {
      out.append("…(").append(value.length()).append(" chars)");
    }
    return out.toString();
  }

  /** Whether a character is one {@link #clean} escapes. */
  static boolean unsafe(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }
}

package dev.lakewire.ports;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Continuation tokens of ledger pages: opaque to callers (base64url of {@code v1:} and the position
 * they continue after), checked when they come back.
 */
public final class PageTokens {

  private static final String VERSION = "v1:";

  private PageTokens() {}

  /** The position as a token. */
  public static String encode(String position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((VERSION + position).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The position in a token.
   *
   * @throws IllegalArgumentException when it is not a token {@link #encode} made
   */
  public static String decode(String token) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("continuation is not a token this ledger gave");
    }
    if (!text.startsWith(VERSION)) {
      throw new IllegalArgumentException("continuation is not a token this ledger gave");
    }
    return text.substring(VERSION.length());
  }

  /** The order of the in-memory ledgers' pages: the lower-cased workspace id. */
  static String key(OnboardingRecord r) {
    return r.workspaceResourceId().toLowerCase(Locale.ROOT);
  }
}

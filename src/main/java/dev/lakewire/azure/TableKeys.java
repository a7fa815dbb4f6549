package dev.lakewire.azure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Table Storage keys of a ledger row.
 *
 * <p>Table keys forbid {@code / \ # ?} and control characters (U+0000–U+001F, U+007F–U+009F) and
 * may be at most 1 KiB. A workspace ARM id is full of {@code /}, so the row key is a readable,
 * injective escape of the <b>lower-cased</b> id: every forbidden character, and {@code ~ % ' +}
 * (the escape character itself, and characters that are awkward in OData URLs), becomes {@code ~}
 * plus two lower-case hex digits of the character. For example
 *
 * <pre>
 * /subscriptions/0000…/resourceGroups/rg-data/providers/Microsoft.Databricks/workspaces/ws-1
 * → ~2fsubscriptions~2f0000…~2fresourcegroups~2frg-data~2fproviders~2fmicrosoft.databricks~2fworkspaces~2fws-1
 * </pre>
 *
 * <p>An escaped id longer than {@value #MAX_READABLE} characters (no real workspace id: those are
 * at most 512 characters) keeps its first {@value #PREFIX} characters followed by {@code ~~} and
 * the SHA-256 of the lower-cased id in hex. {@code ~~} never occurs in a plain escape, so hashed
 * keys cannot collide with plain ones. The original id, in its original case, is kept in the {@code
 * workspaceResourceId} column; the key is never decoded.
 *
 * <p>The partition key is the lower-cased subscription id of the workspace (the segment after
 * {@code /subscriptions/}), escaped the same way, or {@value #NO_SUBSCRIPTION} for an id without
 * one.
 */
final class TableKeys {

  /** Partition of ids that have no {@code /subscriptions/{id}} segment. */
  static final String NO_SUBSCRIPTION = "~none";

  static final int MAX_READABLE = 480;
  static final int PREFIX = 400;

  private static final Pattern SUBSCRIPTION =
      Pattern.compile("^/?subscriptions/([^/]+)", Pattern.CASE_INSENSITIVE);

  private TableKeys() {}

  /** The partition key of a workspace id: its lower-cased subscription id. */
  static String partitionKey(String workspaceResourceId) {
    Matcher m = SUBSCRIPTION.matcher(workspaceResourceId);
    if (!m.find()) {
      return NO_SUBSCRIPTION;
    }
    return bounded(escape(m.group(1).toLowerCase(Locale.ROOT)), m.group(1));
  }

  /** The row key of a workspace id: the escape of the lower-cased id. */
  static String rowKey(String workspaceResourceId) {
    String lower = workspaceResourceId.toLowerCase(Locale.ROOT);
    return bounded(escape(lower), lower);
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (forbidden(c)) {
        out.append('~').append(HexFormat.of().toHexDigits((byte) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean forbidden(char c) {
    return c <= 0x1f
        || (c >= 0x7f && c <= 0x9f)
        || c == '/'
        || c == '\\'
        || c == '#'
        || c == '?'
        || c == '~'
        || c == '%'
        || c == '\''
        || c == '+';
  }

  private static String bounded(String escaped, String lower) {
    if (escaped.length() <= MAX_READABLE) {
      return escaped;
    }
    int cut = PREFIX;
    if (Character.isHighSurrogate(escaped.charAt(cut - 1))) {
      cut--;
    }
    return escaped.substring(0, cut) + "~~" + sha256(lower);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}

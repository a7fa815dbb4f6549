package dev.lakewire.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of Bicep's syntax, read as text, to compare infrastructure with code: comments,
 * strings (escapes, {@code ${...}} interpolation, {@code '''} multi-line), object and array
 * literals, top-level {@code var}, {@code param} and {@code resource} declarations. Nothing is
 * evaluated except string interpolation with caller-given values ({@link #render}).
 */
final class BicepText {

  /** A {@code resource} declaration. */
  record Resource(String symbol, String type, boolean existing, String header, String body) {}

  /** A {@code param} declaration with the decorator text above it. */
  record Param(String name, String type, Optional<String> defaultValue, String decorators) {}

  private static final Pattern RESOURCE =
      Pattern.compile("(?m)^resource\\s+(\\w+)\\s+'([^'@]+)@([^']+)'\\s+(existing\\s+)?=");
  private static final Pattern VAR = Pattern.compile("(?m)^var\\s+(\\w+)\\s*=");
  private static final Pattern PARAM =
      Pattern.compile("(?m)^param\\s+(\\w+)\\s+([\\w.]+)(?:\\s*=\\s*(.*))?$");
  private static final Pattern KEY =
      Pattern.compile("^('(?:[^'\\\\]|\\\\.)*'|[A-Za-z_$][\\w$]*)\\s*:");

  private final String raw;
  private final String code;

  private BicepText(String raw) {
    this.raw = raw;
    this.code = stripComments(raw);
  }

  static BicepText of(String text) {
    return new BicepText(text);
  }

  static BicepText read(Path file) {
    try {
      return new BicepText(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text as written, comments included. */
  String raw() {
    return raw;
  }

  /** The text with comments blanked out (line breaks kept). */
  String code() {
    return code;
  }

  /** Top-level {@code var} declarations: name → expression text. */
  Map<String, String> vars() {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = VAR.matcher(code);
    while (m.find()) {
      out.put(m.group(1), statementValue(code, m.end()));
    }
    return out;
  }

  /** The expression of one top-level {@code var}. */
  Optional<String> var(String name) {
    return Optional.ofNullable(vars().get(name));
  }

  /** Top-level {@code param} declarations, in order. */
  Map<String, Param> params() {
    Map<String, Param> out = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(code);
    while (m.find()) {
      Optional<String> value =
          m.group(3) == null ? Optional.empty() : Optional.of(statementValue(code, m.start(3)));
      out.put(m.group(1), new Param(m.group(1), m.group(2), value, decoratorsAbove(m.start())));
    }
    return out;
  }

  /** Names of top-level {@code output} declarations. */
  List<String> outputs() {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^output\\s+(\\w+)\\s").matcher(code);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Resource declarations whose type starts with {@code typePrefix} (case-insensitive). */
  List<Resource> resources(String typePrefix) {
    List<Resource> out = new ArrayList<>();
    Matcher m = RESOURCE.matcher(code);
    while (m.find()) {
      if (!m.group(2).toLowerCase().startsWith(typePrefix.toLowerCase())) {
        continue;
      }
      int open = indexOfOutsideStrings(code, m.end(), '{');
      if (open < 0) {
        continue;
      }
      int close = skipExpression(code, open + 1, '}');
      out.add(
          new Resource(
              m.group(1),
              m.group(2),
              m.group(4) != null,
              code.substring(m.end(), open).trim(),
              code.substring(open + 1, close - 1)));
    }
    return out;
  }

  /** Resources of exactly this type (not {@code existing}). */
  List<Resource> declared(String type) {
    return resources(type).stream()
        .filter(r -> r.type().equalsIgnoreCase(type) && !r.existing())
        .toList();
  }

  // ------------------------------------------------------------------------------------------
  // Expressions
  // ------------------------------------------------------------------------------------------

  /** The entries of an object literal's body: key (unquoted) → value expression text. */
  static Map<String, String> entries(String objectBody) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String segment : topLevelSegments(objectBody)) {
      Matcher m = KEY.matcher(segment);
      if (!m.find()) {
        throw new IllegalArgumentException("not a 'key: value' entry: " + segment);
      }
      String key = m.group(1);
      if (key.startsWith("'")) {
        key = unescape(key.substring(1, key.length() - 1));
      }
      out.put(key, segment.substring(m.end()).trim());
    }
    return out;
  }

  /** The items of an array literal's body, as expression texts. */
  static List<String> items(String arrayBody) {
    return topLevelSegments(arrayBody);
  }

  /** The body of an object or array literal ({@code {...}} or {@code [...]}), if it is one. */
  static Optional<String> inner(String expr) {
    String e = expr.trim();
    if (e.isEmpty()) {
      return Optional.empty();
    }
    char first = e.charAt(0);
    char close = first == '{' ? '}' : first == '[' ? ']' : 0;
    if (close == 0 || skipExpression(e, 1, close) != e.length()) {
      return Optional.empty();
    }
    return Optional.of(e.substring(1, e.length() - 1));
  }

  /** Follows object keys from an object body: {@code at(body, "properties", "filter")}. */
  static Optional<String> at(String objectBody, String... keys) {
    String current = objectBody;
    String value = null;
    for (int i = 0; i < keys.length; i++) {
      value = entries(current).get(keys[i]);
      if (value == null) {
        return Optional.empty();
      }
      if (i < keys.length - 1) {
        Optional<String> next = inner(value);
        if (next.isEmpty()) {
          return Optional.empty();
        }
        current = next.get();
      }
    }
    return Optional.ofNullable(value);
  }

  /** The value of a plain string literal ({@code 'abc'}, no interpolation). */
  static Optional<String> literal(String expr) {
    String e = expr.trim();
    if (e.startsWith("'''") && e.endsWith("'''") && e.length() >= 6) {
      return Optional.of(e.substring(3, e.length() - 3));
    }
    if (e.length() < 2 || e.charAt(0) != '\'' || skipString(e, 0) != e.length()) {
      return Optional.empty();
    }
    String body = e.substring(1, e.length() - 1);
    if (body.contains("${")) {
      return Optional.empty();
    }
    return Optional.of(unescape(body));
  }

  /**
   * The value of a string literal with interpolations, each {@code ${expr}} replaced by {@code
   * values.apply(expr)} (the expression text, trimmed).
   *
   * @throws IllegalArgumentException when {@code expr} is not a string literal, or a value is
   *     missing (the message names the interpolation)
   */
  static String render(String expr, Function<String, String> values) {
    String e = expr.trim();
    if (e.length() < 2 || e.charAt(0) != '\'' || skipString(e, 0) != e.length()) {
      throw new IllegalArgumentException("not a string literal: " + e);
    }
    StringBuilder out = new StringBuilder();
    int i = 1;
    int end = e.length() - 1;
    while (i < end) {
      char c = e.charAt(i);
      if (c == '\\' && i + 1 < end) {
        out.append(unescape(e.substring(i, i + 2)));
        i += 2;
      } else if (c == '$' && i + 1 < end && e.charAt(i + 1) == '{') {
        int close = skipExpression(e, i + 2, '}');
        String inside = e.substring(i + 2, close - 1).trim();
        String value = values.apply(inside);
        if (value == null) {
          throw new IllegalArgumentException("no value for ${" + inside + "} in " + e);
        }
        out.append(value);
        i = close;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Undoes Bicep string escapes ({@code \'}, {@code \\}, {@code \n}, {@code \$}, ...). */
  static String unescape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        out.append(c);
        continue;
      }
      char n = s.charAt(++i);
      switch (n) {
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        default -> out.append(n);
      }
    }
    return out.toString();
  }

  /** Collapses runs of whitespace, for comparing expressions. */
  static String normalize(String expr) {
    return expr.trim().replaceAll("\\s+", " ");
  }

  // ------------------------------------------------------------------------------------------
  // Scanning
  // ------------------------------------------------------------------------------------------

  /** Blanks out {@code //} and {@code /* *\/} comments, leaving strings and line breaks alone. */
  static String stripComments(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\'') {
        int end = skipString(s, i);
        out.append(s, i, end);
        i = end;
      } else if (s.startsWith("//", i)) {
        int end = s.indexOf('\n', i);
        i = end < 0 ? n : end;
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        for (int k = i; k < end; k++) {
          out.append(s.charAt(k) == '\n' ? '\n' : ' ');
        }
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The index just past the string literal that starts at {@code i}. */
  static int skipString(String s, int i) {
    int n = s.length();
    if (s.startsWith("'''", i)) {
      int end = s.indexOf("'''", i + 3);
      return end < 0 ? n : end + 3;
    }
    i++;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '\'') {
        return i + 1;
      } else if (c == '$' && i + 1 < n && s.charAt(i + 1) == '{') {
        i = skipExpression(s, i + 2, '}');
      } else {
        i++;
      }
    }
    return n;
  }

  /** The index just past the {@code close} that ends the expression starting at {@code i}. */
  static int skipExpression(String s, int i, char close) {
    int depth = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\'') {
        i = skipString(s, i);
        continue;
      }
      if (c == '{' || c == '[' || c == '(') {
        depth++;
      } else if (c == '}' || c == ']' || c == ')') {
        if (depth == 0) {
          if (c != close) {
            throw new IllegalArgumentException(
                "unbalanced '" + c + "' at " + i + " (expected '" + close + "')");
          }
          return i + 1;
        }
        depth--;
      }
      i++;
    }
    throw new IllegalArgumentException("no closing '" + close + "'");
  }

  private static int indexOfOutsideStrings(String s, int from, char wanted) {
    int i = from;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\'') {
        i = skipString(s, i);
      } else if (c == wanted) {
        return i;
      } else {
        i++;
      }
    }
    return -1;
  }

  /** Splits a literal's body at top-level line breaks and commas. */
  private static List<String> topLevelSegments(String body) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int depth = 0;
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == '\'') {
        int end = skipString(body, i);
        current.append(body, i, end);
        i = end;
        continue;
      }
      if (c == '{' || c == '[' || c == '(') {
        depth++;
      } else if (c == '}' || c == ']' || c == ')') {
        depth--;
      }
      if (depth == 0 && (c == '\n' || c == ',')) {
        addSegment(out, current);
      } else {
        current.append(c);
      }
      i++;
    }
    addSegment(out, current);
    return out;
  }

  private static void addSegment(List<String> out, StringBuilder current) {
    String s = current.toString().trim();
    if (!s.isEmpty()) {
      out.add(s);
    }
    current.setLength(0);
  }

  /**
   * The value of a top-level statement from {@code start}: up to the first top-level line break
   * that is not followed by a continuation line (one starting with {@code ?} or {@code :}).
   */
  private static String statementValue(String s, int start) {
    int depth = 0;
    int i = start;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\'') {
        i = skipString(s, i);
        continue;
      }
      if (c == '{' || c == '[' || c == '(') {
        depth++;
      } else if (c == '}' || c == ']' || c == ')') {
        depth--;
      } else if (c == '\n' && depth == 0) {
        String rest = s.substring(i + 1).stripLeading();
        if (!(rest.startsWith("?") || rest.startsWith(":"))) {
          break;
        }
      }
      i++;
    }
    return s.substring(start, i).trim();
  }

  /** The decorator lines directly above the statement at {@code statementStart}. */
  private String decoratorsAbove(int statementStart) {
    String before = code.substring(0, statementStart);
    String[] lines = before.split("\n", -1);
    List<String> out = new ArrayList<>();
    // lines[last] is the (empty) start of the statement line itself.
    for (int k = lines.length - 2; k >= 0; k--) {
      String line = lines[k];
      String t = line.strip();
      if (t.isEmpty()) {
        break;
      }
      boolean continuation =
          Character.isWhitespace(line.charAt(0)) || t.startsWith("]") || t.startsWith("}");
      if (!t.startsWith("@") && !continuation) {
        break;
      }
      out.add(0, t);
    }
    return String.join("\n", out);
  }
}

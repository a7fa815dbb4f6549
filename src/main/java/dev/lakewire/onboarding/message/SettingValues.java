package dev.lakewire.onboarding.message;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * App settings as lakewire reads them, with one rule for every setting: a value is trimmed, and a
 * blank value is the same as an absent one, which means the documented default, or an error naming
 * the setting when it is required. (databricks-sdk-java's {@code ConfigLoader} likewise takes an
 * empty environment variable for an unset one.) Typed values are parsed here; a bad one is an
 * {@link InvalidInputException} naming the setting and the value.
 *
 * <p>A reader remembers the names it was asked for ({@link #names()}), so that a test can check
 * that every setting read is listed (see {@link AppSetting}).
 */
public final class SettingValues {

  /** Turns a trimmed, non-blank value into a typed one. */
  @FunctionalInterface
  public interface Parser<T> {
    /**
     * @throws IllegalArgumentException saying what the value is not (e.g. {@code "is not a UUID"}):
     *     the reader puts the setting and the value before it
     * @throws InvalidInputException a complete message (passed on as it is)
     */
    T parse(String value);
  }

  private final Map<String, String> values;
  private final Set<String> asked = Collections.synchronizedSet(new LinkedHashSet<>());

  private SettingValues(Map<String, String> values) {
    this.values = values;
  }

  /** The settings in {@code raw} (e.g. {@link System#getenv()}): blank values dropped, trimmed. */
  public static SettingValues of(Map<String, String> raw) {
    Map<String, String> values = new HashMap<>();
    raw.forEach(
        (k, v) -> {
          if (k != null && v != null && !v.isBlank()) {
            values.put(k, v.trim());
          }
        });
    return new SettingValues(values);
  }

  /** The value of a setting, or empty when it is absent or blank. */
  public Optional<String> find(String name) {
    asked.add(name);
    return Optional.ofNullable(values.get(name));
  }

  /** The value of a setting, or {@code dflt} when it is absent or blank. */
  public String get(String name, String dflt) {
    return find(name).orElse(dflt);
  }

  /**
   * The value of a required setting.
   *
   * @param why appended to {@code "<name>: is required"} (e.g. {@code ": lakewire's own id"})
   * @throws InvalidInputException naming the setting when it is absent or blank
   */
  public String required(String name, String why) {
    return find(name).orElseThrow(() -> new InvalidInputException(name, "is required" + why));
  }

  /** The parsed value of a setting, or empty when it is absent or blank. */
  public <T> Optional<T> find(String name, Parser<T> parser) {
    return find(name).map(v -> parse(name, v, parser));
  }

  /** The parsed value of a setting, or {@code dflt} when it is absent or blank. */
  public <T> T get(String name, T dflt, Parser<T> parser) {
    return find(name, parser).orElse(dflt);
  }

  /** The parsed value of a required setting (see {@link #required(String, String)}). */
  public <T> T required(String name, String why, Parser<T> parser) {
    return parse(name, required(name, why), parser);
  }

  /** The names asked for so far, in the order first asked. */
  public Set<String> names() {
    synchronized (asked) {
      return Set.copyOf(asked);
    }
  }

  private static <T> T parse(String name, String value, Parser<T> parser) {
    try {
      return parser.parse(value);
    } catch (InvalidInputException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(name, "'" + value + "' " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ parsers

  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** {@code true} or {@code false}, in any case. */
  public static boolean bool(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("is neither true nor false");
    };
  }

  /** A whole number above zero. */
  public static int positive(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException("is not a positive whole number");
  }

  /** A GUID in its 8-4-4-4-12 form (an account, tenant, client or object id). */
  public static UUID uuid(String value) {
    if (!GUID.matcher(value).matches()) {
      throw new IllegalArgumentException("is not a UUID");
    }
    return UUID.fromString(value);
  }

  /** An absolute {@code https} URL with a host, trailing slashes removed. */
  public static URI https(String value) {
    try {
      URI uri = new URI(value.replaceAll("/+$", ""));
      if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // said below
    }
    throw new IllegalArgumentException("is not an https URL");
  }

  /** A comma-separated list; blank entries are skipped, each entry trimmed. */
  public static List<String> list(String value) {
    List<String> out = new ArrayList<>();
    for (String s : value.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return List.copyOf(out);
  }

  /**
   * One of {@code choices}, spelled as its name in lower case with {@code -} for {@code _} ({@code
   * PER_WORKSPACE} is {@code per-workspace}), in any case.
   */
  @SafeVarargs
  public static <E extends Enum<E>> Parser<E> oneOf(E... choices) {
    return value -> {
      for (E c : choices) {
        if (spelling(c).equalsIgnoreCase(value)) {
          return c;
        }
      }
      List<String> spelled = Arrays.stream(choices).map(SettingValues::spelling).toList();
      throw new IllegalArgumentException(
          spelled.size() == 2
              ? "is neither " + spelled.get(0) + " nor " + spelled.get(1)
              : "is not one of " + String.join(", ", spelled));
    };
  }

  /** How a choice is written in a setting. */
  public static String spelling(Enum<?> choice) {
    return choice.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The names of the settings a class reads: its static {@code String} constants marked {@link
   * AppSetting}, in declaration order.
   */
  public static List<String> declaredIn(Class<?> type) {
    List<String> out = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (f.isAnnotationPresent(AppSetting.class)
          && Modifier.isStatic(f.getModifiers())
          && f.getType() == String.class) {
        try {
          out.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(type.getName() + "." + f.getName() + " is not public", e);
        }
      }
    }
    return List.copyOf(out);
  }
}

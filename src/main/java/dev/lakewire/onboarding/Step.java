package dev.lakewire.onboarding;

import java.util.Locale;
import java.util.Optional;

/** The onboarding steps, in order. Each runs from its own queue. */
public enum Step {
  CREATE_ACCESS_CONNECTOR,
  ASSIGN_STORAGE_ROLES,
  BIND_METASTORE;

  /** The step after this one, or empty after the last. */
  public Optional<Step> next() {
    int i = ordinal() + 1;
    return i < values().length ? Optional.of(values()[i]) : Optional.empty();
  }

  /**
   * Parses a step name leniently: case-insensitive, dashes or underscores ({@code bind-metastore}
   * and {@code BIND_METASTORE} are the same step).
   *
   * @throws InvalidInputException naming {@code field} when it is no step
   */
  public static Step parse(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, "is required");
    }
    String normal = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (Step s : values()) {
      if (s.name().equals(normal)) {
        return s;
      }
    }
    throw new InvalidInputException(
        field, "'" + value + "' is not a step; expected one of " + java.util.List.of(values()));
  }

  /** The step of that name (as {@link #parse} reads it), or empty when it is none. */
  static Optional<Step> find(String value) {
    try {
      return Optional.of(parse("step", value));
    } catch (InvalidInputException notAStep) {
      return Optional.empty();
    }
  }
}

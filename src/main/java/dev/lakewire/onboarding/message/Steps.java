package dev.lakewire.onboarding.message;

import dev.lakewire.ports.Step;

/** Reads a {@link Step} from input, with an error naming the field. */
public final class Steps {
  private Steps() {}

  /**
   * Parses a step name leniently ({@link Step#find}: case-insensitive, dashes or underscores).
   *
   * @throws InvalidInputException naming {@code field} when it is missing or no step
   */
  public static Step parse(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, "is required");
    }
    return Step.find(value)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    field,
                    "'"
                        + value
                        + "' is not a step; expected one of "
                        + java.util.List.of(Step.values())));
  }
}

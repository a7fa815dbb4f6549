package dev.lakewire.ports;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The one reader of an HTTP {@code Retry-After} value (RFC 9110 §10.2.3: delta-seconds or an HTTP
 * date), shared by the ARM and Databricks adapters, which read different header types. azure-core
 * 1.57 parses it only in {@code com.azure.core.implementation.ImplUtils} (not public API; its
 * {@code CoreUtils} has no such method), so lakewire keeps this one.
 */
public final class RetryAfter {

  private RetryAfter() {}

  /**
   * @param value the header value, or null
   * @param clock reads "now" for an HTTP date
   * @return the wait (never negative), or empty when the value is absent or neither form
   */
  public static Optional<Duration> parse(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.trim();
    try {
      return Optional.of(nonNegative(Duration.ofSeconds(Long.parseLong(v))));
    } catch (NumberFormatException notSeconds) {
      try {
        OffsetDateTime at = OffsetDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        return Optional.of(nonNegative(Duration.between(clock.instant(), at.toInstant())));
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  /**
   * @param millis a {@code retry-after-ms} / {@code x-ms-retry-after-ms} value, or null
   * @return the wait (never negative), or empty when absent or not a number
   */
  public static Optional<Duration> parseMillis(String millis) {
    if (millis == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(nonNegative(Duration.ofMillis(Long.parseLong(millis.trim()))));
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}

package dev.lakewire.databricks;

import java.io.IOException;
import java.time.Duration;

/**
 * A 429 answer, raised by {@link BoundedRetryHttpClient} so that it reaches {@link
 * DatabricksFailures} with its Retry-After (the SDK's {@code DatabricksError} keeps no headers).
 */
final class ThrottledResponseException extends IOException {

  private final Duration retryAfter;
  private final String body;

  public ThrottledResponseException(String message, Duration retryAfter, String body) {
    super(message);
    this.retryAfter = retryAfter;
    this.body = body;
  }

  /** How long the workspace asked us to wait. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** The error body as sent (may be empty). */
  public String body() {
    return body;
  }
}

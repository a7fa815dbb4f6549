package dev.lakewire.azure;

import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RequestRetryCondition;
import com.azure.core.http.policy.RetryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * What the ARM HTTP pipelines retry by themselves: a few quick tries on 408/500/502/503/504 and on
 * I/O errors (connection reset, timeout), and never a 429. A 429 surfaces at once as {@link
 * dev.lakewire.ports.CloudFailure.Throttled}, so the worker re-checks at now + Retry-After on the
 * shared clock instead of a thread sleeping in the SDK (the default ARM pipeline would sleep
 * through Retry-After, holding the function and the message lock). Likewise a server error whose
 * Retry-After exceeds {@code maxDelay} is not waited for here, so one call never blocks longer than
 * about {@code maxRetries × maxDelay}.
 *
 * @param maxRetries retries after the first try
 * @param baseDelay first back-off, doubled each retry (with jitter)
 * @param maxDelay cap of one back-off
 */
public record ArmRetry(int maxRetries, Duration baseDelay, Duration maxDelay) {

  /** 3 retries from 0.8 s, at most 8 s apart. */
  public static final ArmRetry DEFAULT =
      new ArmRetry(3, Duration.ofMillis(800), Duration.ofSeconds(8));

  private static final Set<Integer> RETRIED = Set.of(408, 500, 502, 503, 504);

  /** The azure-core retry options of this policy. */
  public RetryOptions options() {
    return new RetryOptions(
            new ExponentialBackoffOptions()
                .setMaxRetries(maxRetries)
                .setBaseDelay(baseDelay)
                .setMaxDelay(maxDelay))
        .setShouldRetryCondition(this::shouldRetry);
  }

  /**
   * The retry decision: transient server errors and I/O errors only, never 429; and not a server
   * error whose Retry-After is longer than {@link #maxDelay} (azure-core would wait all of it in
   * the pipeline; {@link ArmFailures} makes it a {@code Throttled} re-check instead).
   */
  boolean shouldRetry(RequestRetryCondition condition) {
    HttpResponse response = condition.getResponse();
    if (response != null) {
      return RETRIED.contains(response.getStatusCode())
          && ArmFailures.retryAfterHint(response, Clock.systemUTC())
              .map(d -> d.compareTo(maxDelay) <= 0)
              .orElse(true);
    }
    return isIoError(condition.getThrowable());
  }

  static boolean isIoError(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException
          || c instanceof UncheckedIOException
          || c instanceof TimeoutException) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }
}

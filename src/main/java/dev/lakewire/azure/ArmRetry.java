package dev.lakewire.azure;

import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RequestRetryCondition;
import com.azure.core.http.policy.RetryOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * What the ARM HTTP pipelines retry by themselves: a few quick tries on 408/500/502/503/504 and on
 * I/O errors (connection reset, timeout), and never a 429. A 429 surfaces at once as {@link
 * dev.lakewire.ports.CloudFailure.Throttled}, so the worker re-checks at now + Retry-After on the
 * shared clock instead of a thread sleeping in the SDK (the default ARM pipeline would sleep
 * through Retry-After, holding the function and the message lock).
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
        .setShouldRetryCondition(ArmRetry::shouldRetry);
  }

  /** The retry decision: transient server errors and I/O errors only; never 429. */
  static boolean shouldRetry(RequestRetryCondition condition) {
    HttpResponse response = condition.getResponse();
    if (response != null) {
      return RETRIED.contains(response.getStatusCode());
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

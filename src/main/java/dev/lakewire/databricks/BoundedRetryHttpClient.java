package dev.lakewire.databricks;

import com.databricks.sdk.core.http.HttpClient;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import dev.lakewire.ports.RetryAfter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The HTTP client lakewire gives databricks-sdk-java, in place of the SDK's retries (which are
 * turned off with {@code DatabricksConfig.setDisableRetries(true)}). The SDK's own policy retries
 * 429 on every call, sleeping through Retry-After up to four times; lakewire must instead surface a
 * 429 at once so that the step re-checks at now + Retry-After on the shared clock. So this client:
 *
 * <ul>
 *   <li>turns a 429 into a {@link ThrottledResponseException} carrying the Retry-After (seconds or
 *       HTTP date) — never retried here
 *   <li>retries 500/502/503/504 and I/O errors (connection reset, timeout) at most {@code
 *       maxRetries} times with doubling back-off, for requests whose body can be sent again. The
 *       creates lakewire sends are idempotent by name (an "already exists" answer counts as done).
 * </ul>
 */
final class BoundedRetryHttpClient implements HttpClient {

  /** Waits between retries; production sleeps the thread. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** The wait used when a 429 carries no Retry-After. */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

  private static final Set<Integer> RETRIED = Set.of(500, 502, 503, 504);

  private final HttpClient delegate;
  private final int maxRetries;
  private final Duration baseDelay;
  private final Clock clock;
  private final Sleeper sleeper;

  /**
   * @param delegate the client that sends (the SDK's {@code CommonsHttpClient})
   * @param maxRetries retries of a transient failure after the first try
   * @param baseDelay first back-off, doubled each retry
   * @param clock reads "now" for Retry-After dates
   * @param sleeper waits between retries
   */
  public BoundedRetryHttpClient(
      HttpClient delegate, int maxRetries, Duration baseDelay, Clock clock, Sleeper sleeper) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.maxRetries = maxRetries;
    this.baseDelay = baseDelay;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  @Override
  public Response execute(Request in) throws IOException {
    int retries = 0;
    while (true) {
      Response response;
      try {
        response = delegate.execute(in);
      } catch (IOException e) {
        if (e instanceof ThrottledResponseException || !canRetry(in, retries)) {
          throw e;
        }
        backOff(retries++);
        continue;
      }
      int status = response.getStatusCode();
      if (status == 429) {
        String body = read(response.getBody());
        Duration wait = retryAfter(response.getFirstHeader("Retry-After"), clock);
        throw new ThrottledResponseException(
            in.getMethod() + " " + path(in) + " was throttled (429), retry after " + wait,
            wait,
            body);
      }
      if (RETRIED.contains(status) && canRetry(in, retries)) {
        read(response.getBody());
        backOff(retries++);
        continue;
      }
      return response;
    }
  }

  private boolean canRetry(Request in, int retries) {
    return retries < maxRetries && !in.isBodyStreaming();
  }

  private void backOff(int retry) throws IOException {
    Duration d = baseDelay.multipliedBy(1L << Math.min(retry, 10));
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while backing off");
    }
  }

  /** Reads Retry-After ({@link RetryAfter}); absent or unreadable → the default. */
  static Duration retryAfter(String header, Clock clock) {
    return RetryAfter.parse(header, clock).orElse(DEFAULT_RETRY_AFTER);
  }

  private static String path(Request in) {
    try {
      return in.getUri().getPath();
    } catch (RuntimeException e) {
      return in.getUrl();
    }
  }

  private static String read(InputStream body) {
    if (body == null) {
      return "";
    }
    try (InputStream b = body) {
      return new String(b.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}

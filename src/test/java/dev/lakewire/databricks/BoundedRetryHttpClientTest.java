package dev.lakewire.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.http.HttpClient;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import dev.lakewire.local.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoundedRetryHttpClientTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<Duration> waits = new ArrayList<>();

  /** Answers with queued statuses (or IOExceptions), counting requests. */
  private static final class Scripted implements HttpClient {
    final Deque<Object> answers = new ArrayDeque<>();
    int requests;
    Map<String, List<String>> headers = Map.of();

    Scripted then(Object statusOrError) {
      answers.add(statusOrError);
      return this;
    }

    @Override
    public Response execute(Request in) throws IOException {
      requests++;
      Object next = answers.isEmpty() ? 200 : answers.poll();
      if (next instanceof IOException e) {
        throw e;
      }
      return new Response(
          in,
          new URL("https://127.0.0.1/api"),
          (Integer) next,
          "status",
          headers,
          new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)));
    }
  }

  private BoundedRetryHttpClient client(Scripted delegate) {
    return new BoundedRetryHttpClient(delegate, 3, Duration.ofSeconds(1), clock, waits::add);
  }

  private static Request post() {
    return new Request("POST", "https://127.0.0.1/api/2.1/unity-catalog/storage-credentials", "{}");
  }

  @Test
  void aThrottledAnswerIsRaisedWithItsRetryAfterAndNeverRetried() {
    Scripted delegate = new Scripted().then(429).then(200);
    delegate.headers = Map.of("Retry-After", List.of("42"));

    assertThatThrownBy(() -> client(delegate).execute(post()))
        .isInstanceOfSatisfying(
            ThrottledResponseException.class,
            t -> assertThat(t.retryAfter()).isEqualTo(Duration.ofSeconds(42)));
    assertThat(delegate.requests).isEqualTo(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void aThrottledAnswerWithADateWaitsUntilThatDate() {
    Scripted delegate = new Scripted().then(429);
    delegate.headers = Map.of("Retry-After", List.of("Thu, 01 Jan 2026 00:00:20 GMT"));

    assertThatThrownBy(() -> client(delegate).execute(post()))
        .isInstanceOfSatisfying(
            ThrottledResponseException.class,
            t -> assertThat(t.retryAfter()).isEqualTo(Duration.ofSeconds(20)));
  }

  @Test
  void serverErrorsAreRetriedWithDoublingBackOff() throws IOException {
    Scripted delegate = new Scripted().then(503).then(500).then(200);

    Response r = client(delegate).execute(post());

    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(delegate.requests).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  void retriesStopAfterTheBoundAndReturnTheLastAnswer() throws IOException {
    Scripted delegate = new Scripted().then(502).then(502).then(502).then(502).then(200);

    Response r = client(delegate).execute(post());

    assertThat(r.getStatusCode()).isEqualTo(502);
    assertThat(delegate.requests).isEqualTo(4);
  }

  @Test
  void ioErrorsAreRetriedThenRaised() {
    Scripted delegate = new Scripted();
    for (int i = 0; i < 5; i++) {
      delegate.then(new IOException("connection reset"));
    }

    assertThatThrownBy(() -> client(delegate).execute(post()))
        .isInstanceOf(IOException.class)
        .hasMessage("connection reset");
    assertThat(delegate.requests).isEqualTo(4);
  }

  @Test
  void clientErrorsAreReturnedAtOnce() throws IOException {
    Scripted delegate = new Scripted().then(409).then(200);

    assertThat(client(delegate).execute(post()).getStatusCode()).isEqualTo(409);
    assertThat(delegate.requests).isEqualTo(1);
  }
}

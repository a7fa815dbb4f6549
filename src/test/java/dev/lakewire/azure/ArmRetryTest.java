package dev.lakewire.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.util.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ArmRetryTest {

  private static final ArmRetry FAST = new ArmRetry(3, Duration.ofMillis(1), Duration.ofMillis(2));

  /** Answers with the queued statuses (or errors) in order, counting requests. */
  private static final class Scripted implements HttpClient {
    final Deque<Object> answers = new ArrayDeque<>();
    final AtomicInteger requests = new AtomicInteger();

    Scripted then(Object statusOrError) {
      answers.add(statusOrError);
      return this;
    }

    @Override
    public Mono<HttpResponse> send(HttpRequest request) {
      requests.incrementAndGet();
      Object next = answers.isEmpty() ? 200 : answers.poll();
      if (next instanceof Throwable t) {
        return Mono.error(t);
      }
      if (next instanceof FakeHttpResponse r) {
        return Mono.just(r);
      }
      return Mono.just(
          new FakeHttpResponse(request, (Integer) next, new com.azure.core.http.HttpHeaders(), ""));
    }
  }

  private static HttpResponse call(Scripted client) {
    HttpPipeline pipeline =
        new HttpPipelineBuilder()
            .policies(new RetryPolicy(FAST.options()))
            .httpClient(client)
            .build();
    return pipeline.sendSync(new HttpRequest(HttpMethod.GET, "https://127.0.0.1/x"), Context.NONE);
  }

  @Test
  void aThrottledAnswerIsReturnedWithoutAnotherRequest() {
    Scripted client = new Scripted().then(FakeHttpResponse.of(429, "Retry-After", "60")).then(200);

    HttpResponse response = call(client);

    assertThat(response.getStatusCode()).isEqualTo(429);
    assertThat(client.requests).hasValue(1);
  }

  @Test
  void aServerErrorIsRetried() {
    Scripted client = new Scripted().then(503).then(500).then(200);

    HttpResponse response = call(client);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(client.requests).hasValue(3);
  }

  @Test
  void aServerErrorWithAShortRetryAfterIsRetried() {
    Scripted client = new Scripted().then(FakeHttpResponse.of(503, "Retry-After", "0")).then(200);

    assertThat(call(client).getStatusCode()).isEqualTo(200);
    assertThat(client.requests).hasValue(2);
  }

  @Test
  void aServerErrorAskingForALongWaitIsNotWaitedForInThePipeline() {
    Scripted client = new Scripted().then(FakeHttpResponse.of(503, "Retry-After", "60")).then(200);

    assertThat(call(client).getStatusCode()).isEqualTo(503);
    assertThat(client.requests).hasValue(1);
  }

  @Test
  void retriesAreBounded() {
    Scripted client = new Scripted().then(502).then(502).then(502).then(502).then(200);

    HttpResponse response = call(client);

    assertThat(response.getStatusCode()).isEqualTo(502);
    assertThat(client.requests).hasValue(4);
  }

  @Test
  void anIoErrorIsRetried() {
    Scripted client = new Scripted().then(new IOException("connection reset")).then(200);

    HttpResponse response = call(client);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(client.requests).hasValue(2);
  }

  @Test
  void aClientErrorIsNotRetried() {
    Scripted client = new Scripted().then(400).then(200);

    assertThat(call(client).getStatusCode()).isEqualTo(400);
    assertThat(client.requests).hasValue(1);
  }
}

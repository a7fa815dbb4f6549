package dev.lakewire.azure;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A canned azure-core HTTP response for classifier and pipeline tests. */
final class FakeHttpResponse extends HttpResponse {

  private final int status;
  private final HttpHeaders headers;
  private final String body;

  FakeHttpResponse(HttpRequest request, int status, HttpHeaders headers, String body) {
    super(request);
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  static FakeHttpResponse of(int status, String... headerPairs) {
    HttpHeaders h = new HttpHeaders();
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      h.set(headerPairs[i], headerPairs[i + 1]);
    }
    return new FakeHttpResponse(
        new HttpRequest(HttpMethod.GET, "https://127.0.0.1/x"), status, h, "");
  }

  @Override
  public int getStatusCode() {
    return status;
  }

  @Override
  @Deprecated
  public String getHeaderValue(String name) {
    return headers.getValue(name);
  }

  @Override
  public HttpHeaders getHeaders() {
    return headers;
  }

  @Override
  public Flux<ByteBuffer> getBody() {
    return Flux.just(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public Mono<byte[]> getBodyAsByteArray() {
    return Mono.just(body.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public Mono<String> getBodyAsString() {
    return Mono.just(body);
  }

  @Override
  public Mono<String> getBodyAsString(Charset charset) {
    return Mono.just(body);
  }
}

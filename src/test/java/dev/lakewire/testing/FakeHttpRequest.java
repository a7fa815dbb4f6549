package dev.lakewire.testing;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the Functions host hands it to a function, with a working response builder.
 */
public final class FakeHttpRequest implements HttpRequestMessage<Optional<String>> {

  private final URI uri;
  private final HttpMethod method;
  private final Map<String, String> headers = new HashMap<>();
  private final Map<String, String> query = new HashMap<>();
  private final String body;

  public FakeHttpRequest(String uri, String contentType, String body) {
    this(HttpMethod.POST, uri, contentType, body);
  }

  public FakeHttpRequest(HttpMethod method, String uri, String contentType, String body) {
    this.method = method;
    this.uri = URI.create(uri);
    if (contentType != null) {
      headers.put("content-type", contentType);
    }
    if (this.uri.getRawQuery() != null) {
      for (String kv : this.uri.getRawQuery().split("&")) {
        String[] p = kv.split("=", 2);
        query.put(
            p[0],
            p.length > 1
                ? java.net.URLDecoder.decode(p[1], java.nio.charset.StandardCharsets.UTF_8)
                : "");
      }
    }
    this.body = body;
  }

  @Override
  public URI getUri() {
    return uri;
  }

  @Override
  public HttpMethod getHttpMethod() {
    return method;
  }

  @Override
  public Map<String, String> getHeaders() {
    return headers;
  }

  @Override
  public Map<String, String> getQueryParameters() {
    return query;
  }

  @Override
  public Optional<String> getBody() {
    return Optional.ofNullable(body);
  }

  @Override
  public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
    return createResponseBuilder((HttpStatusType) status);
  }

  @Override
  public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
    return new Response(status);
  }

  private static final class Response implements HttpResponseMessage, HttpResponseMessage.Builder {
    private HttpStatusType status;
    private final Map<String, String> headers = new HashMap<>();
    private Object body;

    Response(HttpStatusType status) {
      this.status = status;
    }

    @Override
    public HttpResponseMessage.Builder status(HttpStatusType s) {
      status = s;
      return this;
    }

    @Override
    public HttpResponseMessage.Builder header(String key, String value) {
      headers.put(key, value);
      return this;
    }

    @Override
    public HttpResponseMessage.Builder body(Object b) {
      body = b;
      return this;
    }

    @Override
    public HttpResponseMessage build() {
      return this;
    }

    @Override
    public HttpStatusType getStatus() {
      return status;
    }

    @Override
    public String getHeader(String key) {
      return headers.get(key);
    }

    @Override
    public Object getBody() {
      return body;
    }
  }
}

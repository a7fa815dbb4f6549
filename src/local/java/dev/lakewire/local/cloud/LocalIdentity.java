package dev.lakewire.local.cloud;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import reactor.core.publisher.Mono;

/**
 * A {@link TokenCredential} that gets its tokens from the JVM-wide token endpoint over HTTPS, the
 * way {@code ManagedIdentityCredential} does, for processes whose environment has no {@code
 * IDENTITY_ENDPOINT} (the demo): there {@code ManagedIdentityCredential} would call the VM metadata
 * endpoint instead. Requests are counted and logged by open clouds like any token request.
 */
final class LocalIdentity implements TokenCredential {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .sslContext(Tls.clientContext())
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final String clientId;

  LocalIdentity(String clientId) {
    this.clientId = clientId;
  }

  @Override
  public Mono<AccessToken> getToken(TokenRequestContext request) {
    return Mono.fromCallable(() -> fetch(request));
  }

  private AccessToken fetch(TokenRequestContext request) throws IOException, InterruptedException {
    if (request.getScopes().size() != 1) {
      throw new IllegalArgumentException("exactly one scope is supported: " + request.getScopes());
    }
    String resource = request.getScopes().get(0).replaceFirst("/\\.default$", "");
    TokenServer server = TokenServer.get();
    String url =
        server.endpoint()
            + "?api-version=2019-08-01&resource="
            + URLEncoder.encode(resource, StandardCharsets.UTF_8)
            + (clientId == null
                ? ""
                : "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("X-IDENTITY-HEADER", server.identityHeader())
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "token endpoint answered " + response.statusCode() + ": " + response.body());
    }
    JsonNode body = Call.JSON.readTree(response.body());
    return new AccessToken(
        body.path("access_token").asText(),
        OffsetDateTime.ofInstant(
            Instant.ofEpochSecond(body.path("expires_on").asLong()), ZoneOffset.UTC));
  }
}

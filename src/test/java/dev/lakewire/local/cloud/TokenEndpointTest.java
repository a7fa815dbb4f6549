package dev.lakewire.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {

  private static LocalCloud cloud;

  @BeforeAll
  static void start() {
    cloud = LocalCloud.start(CloudOptions.defaults());
  }

  @AfterAll
  static void stop() {
    cloud.close();
  }

  @Test
  void servesTheEndpointTheEnvironmentNames() {
    String configured = System.getenv("IDENTITY_ENDPOINT");
    if (configured != null) {
      assertThat(LocalCloud.identityEndpoint()).isEqualTo(configured);
    }
    assertThat(LocalCloud.identityEndpoint())
        .startsWith("https://127.0.0.1:")
        .endsWith("/msi/token");
  }

  @Test
  void managedIdentityCredentialGetsADatabricksTokenWithTheClaimsTheCloudReads() {
    AccessToken token =
        Clients.managedIdentity()
            .getTokenSync(
                new TokenRequestContext().addScopes(LocalCloud.DATABRICKS_RESOURCE + "/.default"));

    Tokens.Claims claims = Tokens.parse(token.getToken()).orElseThrow();
    assertThat(claims.audience()).isEqualTo(LocalCloud.DATABRICKS_RESOURCE);
    assertThat(claims.forDatabricks()).isTrue();
    assertThat(claims.principal()).isEqualTo(LocalCloud.principalIdFor(null));
    assertThat(claims.tenant()).isEqualTo(cloud.tenantId());
    assertThat(token.getExpiresAt()).isAfter(java.time.OffsetDateTime.now());
  }

  @Test
  void aClientIdGivesItsOwnStablePrincipalAndAnArmAudience() {
    String clientId = "0b3f6c1e-8f5c-4b43-9f39-2a1c0e7d9a11";
    AccessToken token =
        new ManagedIdentityCredentialBuilder()
            .clientId(clientId)
            .build()
            .getTokenSync(new TokenRequestContext().addScopes(Clients.ARM_RESOURCE + ".default"));

    Tokens.Claims claims = Tokens.parse(token.getToken()).orElseThrow();
    assertThat(claims.audience()).isEqualTo("https://management.azure.com");
    assertThat(claims.forDatabricks()).isFalse();
    assertThat(claims.principal())
        .isEqualTo(LocalCloud.principalIdFor(clientId))
        .isNotEqualTo(LocalCloud.principalIdFor(null));
  }

  @Test
  void refusesAWrongOrMissingIdentityHeaderAndCountsEveryRequest() {
    long before = cloud.stats().tokens();
    String url = LocalCloud.identityEndpoint() + "?api-version=2019-08-01&resource=x";

    HttpResponse<String> wrong =
        Clients.send(HttpRequest.newBuilder(URI.create(url)).header("X-IDENTITY-HEADER", "nope"));
    HttpResponse<String> missing = Clients.send(HttpRequest.newBuilder(URI.create(url)));
    HttpResponse<String> ok =
        Clients.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("X-IDENTITY-HEADER", Clients.identityHeader()));

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(Clients.parse(ok.body()).path("token_type").asText()).isEqualTo("Bearer");
    assertThat(Clients.parse(ok.body()).path("expires_on").asText()).matches("\\d+");
    assertThat(cloud.stats().tokens() - before).isEqualTo(3);
  }

  @Test
  void theLocalTokenCredentialNeedsNoEnvironmentAndIsCounted() {
    long before = cloud.stats().tokens();
    String clientId = "5a1d2c3b-0000-4000-8000-00000000abcd";

    AccessToken token =
        LocalCloud.tokenCredential(clientId)
            .getTokenSync(
                new TokenRequestContext().addScopes(LocalCloud.DATABRICKS_RESOURCE + "/.default"));

    Tokens.Claims claims = Tokens.parse(token.getToken()).orElseThrow();
    assertThat(claims.forDatabricks()).isTrue();
    assertThat(claims.principal()).isEqualTo(LocalCloud.principalIdFor(clientId));
    assertThat(cloud.stats().tokens() - before).isEqualTo(1);
  }

  @Test
  void writesTheTrustStoreWhereTheJvmLooksForIt() throws Exception {
    assertThat(LocalCloud.trustStore().toString())
        .isEqualTo(System.getProperty("javax.net.ssl.trustStore"));
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(LocalCloud.trustStore())) {
      store.load(in, "changeit".toCharArray());
    }
    assertThat(store.getCertificate(Tls.ALIAS)).isEqualTo(Tls.certificate());
  }
}

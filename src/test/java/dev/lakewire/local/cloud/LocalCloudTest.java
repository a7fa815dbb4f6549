package dev.lakewire.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakewire.local.ManualClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class LocalCloudTest {

  private static final String SUB = Clients.SUBSCRIPTION;

  @Test
  void twoCloudsAreIsolatedAndShareOneCertificate() {
    try (LocalCloud a = LocalCloud.start(CloudOptions.defaults());
        LocalCloud b = LocalCloud.start(CloudOptions.defaults())) {
      a.addWorkspace(SUB, "rg", "ws", "westeurope", "Succeeded");

      assertThat(a.armEndpoint())
          .isNotEqualTo(b.armEndpoint())
          .matches("https://127\\.0\\.0\\.1:\\d+");
      assertThat(a.databricksHost()).isEqualTo(a.armEndpoint());
      assertThat(a.counts().workspaces()).isEqualTo(1);
      assertThat(b.counts().workspaces()).isZero();
      assertThat(read(b, "/.well-known/databricks-config").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aClosedCloudRefusesConnections() {
    LocalCloud cloud = LocalCloud.start(CloudOptions.defaults());
    cloud.close();

    assertThatThrownBy(() -> read(cloud, "/.well-known/databricks-config"))
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void countsAndStatsFollowWhatHappened() {
    try (LocalCloud cloud =
        LocalCloud.start(CloudOptions.defaults().withClock(ManualClock.atEpochOfDemo()))) {
      String ws = cloud.addWorkspace(SUB, "rg", "ws", "westeurope", "Succeeded");
      cloud.addAccessConnector(SUB, "rg", "ws-uc", "westeurope");
      cloud.addMetastore("m1", "westeurope");
      cloud.assignMetastoreDirectly(ws, "m1");
      String token = Clients.rawToken(Clients.ARM_RESOURCE, null);

      Clients.send(Clients.arm(cloud, "GET", ws + "?api-version=2026-01-01", null, token));
      Clients.send(
          Clients.arm(
              cloud,
              "PUT",
              "/subscriptions/" + SUB + "/resourceGroups/rg2?api-version=2021-04-01",
              "{\"location\":\"westeurope\"}",
              token));
      read(cloud, "/.well-known/databricks-config");

      assertThat(cloud.counts()).isEqualTo(new Counts(1, 1, 0, 1, 0, 0));
      RequestStats stats = cloud.stats();
      assertThat(stats.armReads()).isEqualTo(1);
      assertThat(stats.armWrites()).isEqualTo(1);
      assertThat(stats.databricks()).isEqualTo(1);
      assertThat(stats.tokens()).isEqualTo(1);
      assertThat(cloud.requests())
          .extracting(LoggedRequest::method, LoggedRequest::status)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("GET", 200),
              org.assertj.core.groups.Tuple.tuple("GET", 200),
              org.assertj.core.groups.Tuple.tuple("PUT", 201),
              org.assertj.core.groups.Tuple.tuple("GET", 200));
    }
  }

  @Test
  void theWellKnownConfigLetsTheDatabricksSdkResolveWithoutAWorkspaceId() {
    try (LocalCloud cloud = LocalCloud.start(CloudOptions.defaults())) {
      var body = Clients.parse(read(cloud, "/.well-known/databricks-config").body());

      assertThat(body.path("oidc_endpoint").asText()).startsWith(cloud.databricksHost());
      assertThat(body.has("workspace_id")).isFalse();
    }
  }

  private static HttpResponse<String> read(LocalCloud cloud, String path) {
    try {
      return HttpClient.newBuilder()
          .sslContext(LocalCloud.sslContext())
          .build()
          .send(
              HttpRequest.newBuilder(URI.create(cloud.armEndpoint() + path)).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

package dev.lakewire.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakewire.local.ManualClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FaultsTest {

  private static final String SUB = Clients.SUBSCRIPTION;
  private static final String API = "?api-version=2026-01-01";

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final List<LocalCloud> clouds = new ArrayList<>();

  @AfterEach
  void stop() {
    clouds.forEach(LocalCloud::close);
  }

  @Test
  void serverErrorsAnswer500Or503InTheShapeOfEachServiceAndAreCounted() {
    LocalCloud cloud = start(new Faults(1, 0, false, Duration.ZERO, 1));
    String ws = cloud.addWorkspace(SUB, "rg", "ws", "westeurope", "Succeeded");
    String armToken = Clients.rawToken(Clients.ARM_RESOURCE, null);
    String dbxToken = Clients.rawToken(LocalCloud.DATABRICKS_RESOURCE, null);

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r = Clients.send(Clients.arm(cloud, "GET", ws + API, null, armToken));
      statuses.add(r.statusCode());
      assertThat(Clients.parse(r.body()).at("/error/code").asText()).isNotBlank();
    }
    HttpResponse<String> dbx =
        Clients.send(
            HttpRequest.newBuilder(
                    URI.create(cloud.databricksHost() + "/api/2.1/unity-catalog/metastores/m"))
                .header("Authorization", "Bearer " + dbxToken)
                .header("X-Databricks-Azure-Workspace-Resource-Id", ws));

    assertThat(statuses).allMatch(s -> s == 500 || s == 503).contains(500, 503);
    assertThat(dbx.statusCode()).isIn(500, 503);
    assertThat(Clients.parse(dbx.body()).path("error_code").asText())
        .isIn("INTERNAL_ERROR", "TEMPORARILY_UNAVAILABLE");
    assertThat(cloud.stats().faultsInjected()).isEqualTo(11);
  }

  @Test
  void aConnectionResetClosesTheConnectionWithoutAnAnswer() {
    LocalCloud cloud = start(new Faults(0, 1, false, Duration.ZERO, 1));
    String ws = cloud.addWorkspace(SUB, "rg", "ws", "westeurope", "Succeeded");
    HttpClient http = HttpClient.newBuilder().sslContext(LocalCloud.sslContext()).build();

    assertThatThrownBy(
            () ->
                http.send(
                    Clients.arm(
                            cloud,
                            "GET",
                            ws + API,
                            null,
                            Clients.rawToken(Clients.ARM_RESOURCE, null))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
    // java.net.http retries an idempotent GET once after a reset: every attempt was reset
    List<LoggedRequest> attempts =
        cloud.requests().stream().filter(r -> r.path().equals(ws)).toList();
    assertThat(attempts).isNotEmpty().allMatch(r -> r.status() == 0);
    assertThat(cloud.stats().faultsInjected()).isEqualTo(attempts.size());
  }

  @Test
  void aResetCanStrikeAfterTheWriteWasApplied() {
    LocalCloud cloud = start(new Faults(0, 1, false, Duration.ZERO, 3));
    cloud.addResourceGroup(SUB, "rg", "westeurope");
    HttpClient http = HttpClient.newBuilder().sslContext(LocalCloud.sslContext()).build();
    String token = Clients.rawToken(Clients.ARM_RESOURCE, null);

    int attempts = 20;
    for (int i = 0; i < attempts; i++) {
      HttpRequest put =
          Clients.arm(
                  cloud,
                  "PUT",
                  connectorPath("c" + i),
                  "{\"location\":\"westeurope\",\"identity\":{\"type\":\"SystemAssigned\"}}",
                  token)
              .build();
      assertThatThrownBy(() -> http.send(put, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    }

    assertThat(cloud.counts().accessConnectors()).isBetween(1, attempts - 1);
    assertThat(cloud.stats().faultsInjected()).isEqualTo(attempts);
  }

  @Test
  void theSameSeedGivesTheSameFaults() {
    Faults faults = new Faults(0.3, 0, false, Duration.ZERO, 7);

    assertThat(statuses(start(faults), 40)).isEqualTo(statuses(start(faults), 40));
    assertThat(statuses(start(faults.withSeed(8)), 40))
        .isNotEqualTo(statuses(start(faults.withSeed(7)), 40));
  }

  @Test
  void throttleStormsAnswer429InBurstsEvenWithoutBucketThrottling() {
    LocalCloud cloud =
        LocalCloud.start(
            CloudOptions.defaults()
                .withClock(clock)
                .withThrottling(false)
                .withFaults(Faults.throttled()));
    clouds.add(cloud);

    List<Integer> statuses = statuses(cloud, 400);

    long throttled = statuses.stream().filter(s -> s == 429).count();
    assertThat(throttled).isPositive().isEqualTo(cloud.stats().throttled());
    assertThat(cloud.stats().faultsInjected()).isEqualTo(throttled);
    int firstStorm = statuses.indexOf(429);
    assertThat(statuses.subList(firstStorm, firstStorm + 3)).containsOnly(429);
  }

  @Test
  void principalsBecomeVisibleAtRandomTimesUpToTheMaximumWindow() {
    LocalCloud cloud =
        LocalCloud.start(
            CloudOptions.defaults()
                .withClock(clock)
                .withFaults(new Faults(0, 0, false, Duration.ofSeconds(120), 5)));
    clouds.add(cloud);
    String scope = cloud.addStorageAccount(SUB, "rg", "lake", "westeurope", true);
    String token = Clients.rawToken(Clients.ARM_RESOURCE, null);
    List<String> principals = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      principals.add(connectorPrincipal(cloud, token, "c" + i));
    }

    clock.advance(Duration.ofSeconds(29));
    assertThat(principals).allMatch(p -> assign(cloud, token, scope, p) == 400);
    clock.advance(Duration.ofSeconds(56));
    List<Integer> midway = principals.stream().map(p -> assign(cloud, token, scope, p)).toList();
    clock.advance(Duration.ofSeconds(56));
    List<Integer> last = principals.stream().map(p -> assign(cloud, token, scope, p)).toList();

    assertThat(midway).contains(201, 400);
    assertThat(last).doesNotContain(400);
    assertThat(cloud.counts().roleAssignments()).isEqualTo(10);
  }

  @Test
  void presetsAreNamedAndAnUnknownNameListsTheValidOnes() {
    assertThat(Faults.preset("HOSTILE")).isEqualTo(Faults.hostile());
    assertThat(Faults.preset("none")).isEqualTo(Faults.none());
    assertThat(Faults.hostile().serverErrorRate()).isEqualTo(0.10);
    assertThat(Faults.hostile().throttleStorms()).isTrue();
    assertThat(Faults.hostile().maxPrincipalReplication()).isEqualTo(Duration.ofSeconds(120));
    assertThatThrownBy(() -> Faults.preset("chaos"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none, flaky, throttled, hostile");
    assertThatThrownBy(() -> new Faults(1.5, 0, false, Duration.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private LocalCloud start(Faults faults) {
    LocalCloud cloud =
        LocalCloud.start(
            CloudOptions.defaults().withClock(clock).withThrottling(false).withFaults(faults));
    clouds.add(cloud);
    return cloud;
  }

  private static List<Integer> statuses(LocalCloud cloud, int n) {
    String ws = cloud.addWorkspace(SUB, "rg", "ws", "westeurope", "Succeeded");
    String token = Clients.rawToken(Clients.ARM_RESOURCE, null);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      statuses.add(Clients.send(Clients.arm(cloud, "GET", ws + API, null, token)).statusCode());
    }
    return statuses;
  }

  private static String connectorPath(String name) {
    return "/subscriptions/"
        + SUB
        + "/resourceGroups/rg/providers/Microsoft.Databricks/accessConnectors/"
        + name
        + API;
  }

  private String connectorPrincipal(LocalCloud cloud, String token, String name) {
    cloud.addResourceGroup(SUB, "rg", "westeurope");
    String path = connectorPath(name);
    Clients.send(
        Clients.arm(
            cloud,
            "PUT",
            path,
            "{\"location\":\"westeurope\",\"identity\":{\"type\":\"SystemAssigned\"}}",
            token));
    return name;
  }

  private int assign(LocalCloud cloud, String token, String scope, String connectorName) {
    String connector = connectorPath(connectorName);
    String principal =
        Clients.parse(Clients.send(Clients.arm(cloud, "GET", connector, null, token)).body())
            .at("/identity/principalId")
            .asText();
    String body =
        "{\"properties\":{\"roleDefinitionId\":\"/subscriptions/"
            + SUB
            + "/providers/Microsoft.Authorization/roleDefinitions/"
            + "ba92f5b4-2d11-453d-a403-e96b0029c9fe\",\"principalId\":\""
            + principal
            + "\",\"principalType\":\"ServicePrincipal\"}}";
    String path =
        scope
            + "/providers/Microsoft.Authorization/roleAssignments/"
            + UUID.nameUUIDFromBytes(
                (scope + principal).getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "?api-version=2022-04-01";
    return Clients.send(Clients.arm(cloud, "PUT", path, body, token)).statusCode();
  }
}

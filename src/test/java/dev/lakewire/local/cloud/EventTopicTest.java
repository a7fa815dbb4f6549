package dev.lakewire.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import dev.lakewire.azure.EventGridTopic;
import dev.lakewire.local.ManualClock;
import dev.lakewire.ports.TopicEvent;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The local cloud's Event Grid custom topic: what {@code EventGridPublisherClient} sends reaches
 * it, and it is no kinder than Event Grid (Entra ID only, EventGrid Data Sender, CloudEvents 1.0, 1
 * MB and 5,000 events per request; see {@link LocalTopic} for the documents).
 */
class EventTopicTest {

  private static final String EVENT_GRID = "https://eventgrid.azure.net";
  private static final String CE_BATCH = "application/cloudevents-batch+json; charset=utf-8";

  private final LocalCloud cloud =
      LocalCloud.start(CloudOptions.defaults().withClock(ManualClock.atEpochOfDemo()));
  private final String topic = cloud.addEventTopic(Clients.SUBSCRIPTION, "rg-lakewire", "events");
  private final String self = LocalCloud.principalIdFor(null);

  @AfterEach
  void stop() {
    cloud.close();
  }

  private void grantDataSender() {
    cloud.addRoleAssignment(topic, self, LocalCloud.EVENT_GRID_DATA_SENDER);
  }

  private static TopicEvent event(String id) {
    return new TopicEvent(
        id,
        "Lakewire.WorkspaceOnboarded",
        "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/ws",
        Instant.parse("2026-01-01T00:00:00Z"),
        Map.of("run", 1));
  }

  private EventGridTopic publisher() {
    return new EventGridTopic(
        EventGridTopic.client(
            cloud.eventsTopicEndpoint(), new ManagedIdentityCredentialBuilder().build()));
  }

  private HttpResponse<String> post(String query, String contentType, String body, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(cloud.eventsTopicEndpoint() + query))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return Clients.send(b);
  }

  private static String cloudEvent(String id, String padding) {
    return "{\"specversion\":\"1.0\",\"id\":\""
        + id
        + "\",\"source\":\"/lakewire\",\"type\":\"Lakewire.WorkspaceOnboarded\",\"data\":{\"p\":\""
        + padding
        + "\"}}";
  }

  @Test
  void theSdkPublisherDeliversACloudEventBatchWithAnEventGridToken() {
    grantDataSender();

    publisher().publish(event("id-1"));

    assertThat(cloud.topicEvents())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path("id").asText()).isEqualTo("id-1");
              assertThat(e.path("specversion").asText()).isEqualTo("1.0");
              assertThat(e.path("source").asText()).isEqualTo("/lakewire");
              assertThat(e.path("type").asText()).isEqualTo("Lakewire.WorkspaceOnboarded");
              assertThat(e.path("subject").asText()).endsWith("/workspaces/ws");
              assertThat(e.path("time").asText()).startsWith("2026-01-01T00:00");
              assertThat(e.path("data").path("run").asInt()).isEqualTo(1);
            });
    LoggedRequest sent =
        cloud.requests().stream()
            .filter(r -> r.path().equals("/api/events"))
            .findFirst()
            .orElseThrow();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.status()).isEqualTo(200);
    assertThat(sent.principal()).isEqualTo(self);
  }

  @Test
  void refusesAPrincipalWithoutEventGridDataSender() {
    assertThatThrownBy(() -> publisher().publish(event("id-1")))
        .isInstanceOf(HttpResponseException.class)
        .satisfies(
            e ->
                assertThat(((HttpResponseException) e).getResponse().getStatusCode())
                    .isEqualTo(403));
    assertThat(cloud.topicEvents()).isEmpty();
  }

  @Test
  void acceptsDataSenderInheritedFromTheResourceGroup() {
    cloud.addRoleAssignment(
        "/subscriptions/" + Clients.SUBSCRIPTION + "/resourceGroups/rg-lakewire",
        self,
        LocalCloud.EVENT_GRID_DATA_SENDER);

    publisher().publish(event("id-1"));

    assertThat(cloud.topicEvents()).hasSize(1);
  }

  @Test
  void refusesTokensForAnotherAudienceAndSasKeysLocalAuthBeingDisabled() {
    grantDataSender();
    String body = "[" + cloudEvent("a", "") + "]";

    assertThat(
            post(
                    "?api-version=2018-01-01",
                    CE_BATCH,
                    body,
                    Clients.rawToken(Clients.ARM_RESOURCE, null))
                .statusCode())
        .isEqualTo(401);
    assertThat(post("?api-version=2018-01-01", CE_BATCH, body, null).statusCode()).isEqualTo(401);
    assertThat(
            Clients.send(
                    HttpRequest.newBuilder(
                            URI.create(cloud.eventsTopicEndpoint() + "?api-version=2018-01-01"))
                        .header("Content-Type", CE_BATCH)
                        .header("aeg-sas-key", "c2VjcmV0")
                        .POST(HttpRequest.BodyPublishers.ofString(body)))
                .statusCode())
        .isEqualTo(401);
    assertThat(cloud.topicEvents()).isEmpty();
  }

  @Test
  void requiresTheApiVersionAndCloudEventsOfVersionOnePointZero() {
    grantDataSender();
    String token = Clients.rawToken(EVENT_GRID, null);

    assertThat(post("", CE_BATCH, "[" + cloudEvent("a", "") + "]", token).statusCode())
        .isEqualTo(400);
    String eventGridSchema =
        "[{\"id\":\"a\",\"eventType\":\"T\",\"subject\":\"s\",\"data\":{},\"dataVersion\":\"1\","
            + "\"eventTime\":\"2026-01-01T00:00:00Z\"}]";
    assertThat(post("?api-version=2018-01-01", CE_BATCH, eventGridSchema, token).statusCode())
        .isEqualTo(400);
    assertThat(
            post(
                    "?api-version=2018-01-01",
                    CE_BATCH,
                    "[" + cloudEvent("a", "").replace("\"1.0\"", "\"0.3\"") + "]",
                    token)
                .statusCode())
        .isEqualTo(400);
    assertThat(
            post(
                    "?api-version=2018-01-01",
                    "application/json",
                    "[" + cloudEvent("a", "") + "]",
                    token)
                .statusCode())
        .isEqualTo(400);
    assertThat(cloud.topicEvents()).isEmpty();
  }

  @Test
  void refusesARequestOverOneMegabyteAndMoreThanFiveThousandEvents() {
    grantDataSender();
    String token = Clients.rawToken(EVENT_GRID, null);
    String big = "[" + cloudEvent("a", "x".repeat(LocalTopic.MAX_BYTES)) + "]";
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i <= LocalTopic.MAX_EVENTS; i++) {
      many.append(i == 0 ? "" : ",").append(cloudEvent("e" + i, ""));
    }
    many.append(']');

    assertThat(post("?api-version=2018-01-01", CE_BATCH, big, token).statusCode()).isEqualTo(413);
    assertThat(post("?api-version=2018-01-01", CE_BATCH, many.toString(), token).statusCode())
        .isEqualTo(413);
    assertThat(
            post(
                    "?api-version=2018-01-01",
                    CE_BATCH,
                    "[" + cloudEvent("ok", "x".repeat(1000)) + "]",
                    token)
                .statusCode())
        .isEqualTo(200);
    assertThat(cloud.topicEvents()).hasSize(1);
  }
}

package dev.lakewire.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.models.CloudEvent;
import com.azure.core.models.CloudEventDataFormat;
import com.azure.core.util.BinaryData;
import com.azure.messaging.eventgrid.EventGridPublisherClient;
import com.azure.messaging.eventgrid.EventGridPublisherClientBuilder;
import dev.lakewire.ports.EventTopic;
import dev.lakewire.ports.TopicEvent;
import java.time.ZoneOffset;
import java.util.List;

/**
 * lakewire's Event Grid custom topic (CloudEvents 1.0 input schema), published to with {@link
 * EventGridPublisherClient} as the Function App's managed identity: Entra ID tokens for {@code
 * https://eventgrid.azure.net/.default}, which the topic accepts from a principal with the
 * "EventGrid Data Sender" role (local auth is disabled on the topic, so there is no key).
 */
public final class EventGridTopic implements EventTopic {

  private final EventGridPublisherClient<CloudEvent> client;

  /** On an SDK client (CloudEvents publisher) built by the caller. */
  public EventGridTopic(EventGridPublisherClient<CloudEvent> client) {
    this.client = client;
  }

  /**
   * A CloudEvents publisher client for the topic endpoint ({@code https://<topic>.<region>-1
   * .eventgrid.azure.net/api/events}) with {@code credential}.
   *
   * @throws IllegalArgumentException when the endpoint is not an https URL
   */
  public static EventGridPublisherClient<CloudEvent> client(
      String endpoint, TokenCredential credential) {
    if (endpoint == null || !endpoint.startsWith("https://")) {
      throw new IllegalArgumentException(
          "the Event Grid topic endpoint '" + endpoint + "' is not an https URL");
    }
    return new EventGridPublisherClientBuilder()
        .endpoint(endpoint)
        .credential(credential)
        .buildCloudEventPublisherClient();
  }

  @Override
  public void publish(TopicEvent event) {
    client.sendEvents(List.of(toCloudEvent(event)));
  }

  /** The CloudEvent of a lakewire event: JSON data, the deterministic id, the recorded time. */
  static CloudEvent toCloudEvent(TopicEvent event) {
    CloudEvent ce =
        new CloudEvent(
                TopicEvent.SOURCE,
                event.type(),
                BinaryData.fromObject(event.data()),
                CloudEventDataFormat.JSON,
                "application/json")
            .setId(event.id())
            .setSubject(event.subject());
    if (event.time() != null) {
      ce.setTime(event.time().atOffset(ZoneOffset.UTC));
    }
    return ce;
  }
}

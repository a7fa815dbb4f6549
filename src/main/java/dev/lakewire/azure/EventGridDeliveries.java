package dev.lakewire.azure;

import com.azure.core.models.CloudEvent;
import com.azure.messaging.eventgrid.EventGridEvent;
import com.azure.messaging.eventgrid.SystemEventNames;
import com.azure.messaging.eventgrid.systemevents.ResourceDeleteSuccessEventData;
import com.azure.messaging.eventgrid.systemevents.ResourceWriteSuccessEventData;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.ports.ResourceEvent;
import dev.lakewire.ports.ResourceEvents;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads Event Grid deliveries with azure-messaging-eventgrid: {@link EventGridEvent} (Event Grid
 * schema) or azure-core's {@link CloudEvent} (CloudEvents 1.0), the types of {@link
 * SystemEventNames}, and the Resources system-event data classes ({@link
 * ResourceWriteSuccessEventData}, {@link ResourceDeleteSuccessEventData}, …).
 *
 * <p>What the SDK does not do for us, and why:
 *
 * <ul>
 *   <li><b>Per event, not per batch.</b> {@code EventGridEvent.fromString} and {@code
 *       CloudEvent.fromString} reject a whole array when one event lacks a mandatory attribute; a
 *       delivery is therefore split into its events (Jackson) and each is parsed on its own, so one
 *       bad event does not hide the good ones.
 *   <li><b>{@code evidence: []}, {@code claims} that are not string maps.</b> ARM sends {@code
 *       authorization.evidence} as an object in the documented examples but as an empty array in
 *       some real deliveries; the SDK's {@code ResourceAuthorization} (a {@code Map<String,
 *       String>}) then fails the whole data object ("Unexpected token to begin map deserialization:
 *       START_ARRAY", checked here with 4.31.5; the same shape mismatch as
 *       Azure/azure-sdk-for-net#5189). lakewire reads neither field, so it does not hand the data
 *       to those classes: it reads the four string fields it needs ({@code operationName}, {@code
 *       resourceUri}, {@code correlationId}, {@code status}) under the names the classes give them.
 *   <li><b>{@code specVersion}.</b> An event is taken for a CloudEvent when it has {@code
 *       specversion} in any case: the official CloudEvents example of {@code ResourceDeleteSuccess}
 *       (azure-rest-api-specs, shared/reference) spells it {@code specVersion}.
 *   <li><b>Lenient envelope.</b> CloudEvents are read with {@code skipValidation} (a missing {@code
 *       source} is no reason to drop a workspace); the id and type are required here.
 * </ul>
 */
public final class EventGridDeliveries implements ResourceEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The Resources event types whose data lakewire reads (matched case-insensitively). Their five
   * data classes in the SDK share one schema and no supertype; lakewire reads the four string
   * fields it needs from it ({@link #resourceData}).
   */
  private static final Set<String> RESOURCE_EVENT_TYPES =
      Stream.of(
              SystemEventNames.RESOURCE_WRITE_SUCCESS,
              SystemEventNames.RESOURCE_WRITE_FAILURE,
              SystemEventNames.RESOURCE_DELETE_SUCCESS,
              SystemEventNames.RESOURCE_DELETE_FAILURE,
              SystemEventNames.RESOURCE_ACTION_SUCCESS)
          .map(t -> t.toLowerCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());

  @Override
  public List<ResourceEvent> read(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new UnreadableDelivery("is not JSON: " + e.getOriginalMessage());
    }
    List<JsonNode> events = new ArrayList<>();
    if (root != null && root.isArray()) {
      if (root.size() > MAX_EVENTS) {
        throw new UnreadableDelivery(
            "holds " + root.size() + " events; Event Grid sends at most " + MAX_EVENTS);
      }
      root.forEach(events::add);
    } else if (root != null && root.isObject()) {
      events.add(root);
    } else {
      throw new UnreadableDelivery("is neither an event nor an array of events");
    }
    List<ResourceEvent> out = new ArrayList<>(events.size());
    for (JsonNode e : events) {
      out.add(readOne(e));
    }
    return out;
  }

  private static ResourceEvent readOne(JsonNode e) {
    if (!e.isObject()) {
      return ResourceEvent.unreadable(null, false, "event is not a JSON object");
    }
    boolean cloud = hasFieldIgnoringCase(e, "specversion");
    String id = text(e, "id");
    String type = text(e, cloud ? "type" : "eventType");
    if (id == null || type == null) {
      return ResourceEvent.unreadable(
          id,
          cloud,
          (cloud ? "CloudEvent" : "Event Grid event")
              + " lacks "
              + (id == null ? "id" : cloud ? "type" : "eventType"));
    }
    JsonNode dataNode = e.get("data");
    boolean dataObject = dataNode != null && dataNode.isObject();
    String subject;
    try {
      if (cloud) {
        CloudEvent ce = CloudEvent.fromString(e.toString(), true).get(0);
        id = ce.getId();
        type = ce.getType();
        subject = ce.getSubject();
      } else {
        if (!dataObject) {
          // EventGridEvent.fromString requires data; say so as the other schema does
          return new ResourceEvent(
              id, type, false, text(e, "subject"), null, null, "event has no data object");
        }
        EventGridEvent ge = EventGridEvent.fromString(e.toString()).get(0);
        id = ge.getId();
        type = ge.getEventType();
        subject = ge.getSubject();
      }
    } catch (RuntimeException bad) {
      return ResourceEvent.unreadable(
          id,
          cloud,
          (cloud ? "CloudEvent" : "Event Grid event") + " is not readable: " + bad.getMessage());
    }
    if (!dataObject) {
      return new ResourceEvent(id, type, cloud, subject, null, null, "event has no data object");
    }
    if (type == null || !RESOURCE_EVENT_TYPES.contains(type.toLowerCase(Locale.ROOT))) {
      return new ResourceEvent(id, type, cloud, subject, null, null, null);
    }
    return new ResourceEvent(id, type, cloud, subject, resourceData(dataNode), null, null);
  }

  /**
   * The four fields lakewire reads, by the names of the SDK's data classes ({@code
   * ResourceWriteSuccessEventData#getResourceUri} …); one that is not a string value is missing, as
   * it is to those classes. Nothing else is read: ARM sends {@code authorization.evidence} and
   * {@code claims} in shapes those classes reject (see the class comment), and lakewire needs
   * neither.
   */
  private static ResourceEvent.Data resourceData(JsonNode data) {
    return new ResourceEvent.Data(
        text(data, "operationName"),
        text(data, "resourceUri"),
        text(data, "correlationId"),
        text(data, "status"));
  }

  private static boolean hasFieldIgnoringCase(JsonNode n, String name) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      if (it.next().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
  }
}

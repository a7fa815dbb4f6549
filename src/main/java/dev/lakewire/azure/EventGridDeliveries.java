package dev.lakewire.azure;

import com.azure.core.models.CloudEvent;
import com.azure.core.util.BinaryData;
import com.azure.messaging.eventgrid.EventGridEvent;
import com.azure.messaging.eventgrid.SystemEventNames;
import com.azure.messaging.eventgrid.systemevents.ResourceActionSuccessEventData;
import com.azure.messaging.eventgrid.systemevents.ResourceDeleteFailureEventData;
import com.azure.messaging.eventgrid.systemevents.ResourceDeleteSuccessEventData;
import com.azure.messaging.eventgrid.systemevents.ResourceWriteFailureEventData;
import com.azure.messaging.eventgrid.systemevents.ResourceWriteSuccessEventData;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakewire.ports.ResourceEvent;
import dev.lakewire.ports.ResourceEvents;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
 *       Azure/azure-sdk-for-net#5189). lakewire reads neither field, so a value of another shape is
 *       removed before the SDK reads the data.
 *   <li><b>{@code specVersion}.</b> An event is taken for a CloudEvent when it has {@code
 *       specversion} in any case: the official CloudEvents example of {@code ResourceDeleteSuccess}
 *       (azure-rest-api-specs, shared/reference) spells it {@code specVersion}.
 *   <li><b>Lenient envelope.</b> CloudEvents are read with {@code skipValidation} (a missing {@code
 *       source} is no reason to drop a workspace); the id and type are required here.
 * </ul>
 */
public final class EventGridDeliveries implements ResourceEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The Resources event types whose data lakewire reads, with how to read it. */
  private static final Map<String, Function<BinaryData, ResourceEvent.Data>> RESOURCE_DATA =
      Map.of(
          SystemEventNames.RESOURCE_WRITE_SUCCESS,
          d -> {
            ResourceWriteSuccessEventData e = d.toObject(ResourceWriteSuccessEventData.class);
            return new ResourceEvent.Data(
                e.getOperationName(), e.getResourceUri(), e.getCorrelationId(), e.getStatus());
          },
          SystemEventNames.RESOURCE_WRITE_FAILURE,
          d -> {
            ResourceWriteFailureEventData e = d.toObject(ResourceWriteFailureEventData.class);
            return new ResourceEvent.Data(
                e.getOperationName(), e.getResourceUri(), e.getCorrelationId(), e.getStatus());
          },
          SystemEventNames.RESOURCE_DELETE_SUCCESS,
          d -> {
            ResourceDeleteSuccessEventData e = d.toObject(ResourceDeleteSuccessEventData.class);
            return new ResourceEvent.Data(
                e.getOperationName(), e.getResourceUri(), e.getCorrelationId(), e.getStatus());
          },
          SystemEventNames.RESOURCE_DELETE_FAILURE,
          d -> {
            ResourceDeleteFailureEventData e = d.toObject(ResourceDeleteFailureEventData.class);
            return new ResourceEvent.Data(
                e.getOperationName(), e.getResourceUri(), e.getCorrelationId(), e.getStatus());
          },
          SystemEventNames.RESOURCE_ACTION_SUCCESS,
          d -> {
            ResourceActionSuccessEventData e = d.toObject(ResourceActionSuccessEventData.class);
            return new ResourceEvent.Data(
                e.getOperationName(), e.getResourceUri(), e.getCorrelationId(), e.getStatus());
          });

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

  private static ResourceEvent readOne(JsonNode node) {
    if (!node.isObject()) {
      return ResourceEvent.unreadable(null, false, "event is not a JSON object");
    }
    ObjectNode e = ((ObjectNode) node).deepCopy();
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
    if (dataObject) {
      tolerateShapesLakewireDoesNotRead((ObjectNode) dataNode);
    }
    String subject;
    BinaryData data;
    try {
      if (cloud) {
        CloudEvent ce = CloudEvent.fromString(e.toString(), true).get(0);
        id = ce.getId();
        type = ce.getType();
        subject = ce.getSubject();
        data = ce.getData();
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
        data = ge.getData();
      }
    } catch (RuntimeException bad) {
      return ResourceEvent.unreadable(
          id,
          cloud,
          (cloud ? "CloudEvent" : "Event Grid event") + " is not readable: " + bad.getMessage());
    }
    if (!dataObject || data == null) {
      return new ResourceEvent(id, type, cloud, subject, null, null, "event has no data object");
    }
    Function<BinaryData, ResourceEvent.Data> reader = resourceDataReader(type);
    if (reader == null) {
      return new ResourceEvent(id, type, cloud, subject, null, null, null);
    }
    try {
      return new ResourceEvent(id, type, cloud, subject, reader.apply(data), null, null);
    } catch (RuntimeException bad) {
      return new ResourceEvent(
          id,
          type,
          cloud,
          subject,
          null,
          null,
          "data is not " + type + " data: " + rootCause(bad).getMessage());
    }
  }

  /** The reader of a Resources event type (matched case-insensitively), or null. */
  private static Function<BinaryData, ResourceEvent.Data> resourceDataReader(String type) {
    for (Map.Entry<String, Function<BinaryData, ResourceEvent.Data>> r : RESOURCE_DATA.entrySet()) {
      if (r.getKey().equalsIgnoreCase(type)) {
        return r.getValue();
      }
    }
    return null;
  }

  /**
   * Removes {@code authorization.evidence} when it is not an object and {@code claims} when it is
   * not an object of strings (lakewire reads neither; the SDK fails on both).
   */
  private static void tolerateShapesLakewireDoesNotRead(ObjectNode data) {
    JsonNode auth = data.get("authorization");
    if (auth != null && auth.isObject()) {
      JsonNode evidence = auth.get("evidence");
      if (evidence != null && !(evidence.isObject() && allText(evidence))) {
        ((ObjectNode) auth).remove("evidence");
      }
    } else if (auth != null) {
      data.remove("authorization");
    }
    JsonNode claims = data.get("claims");
    if (claims != null && !(claims.isObject() && allText(claims))) {
      data.remove("claims");
    }
    JsonNode http = data.get("httpRequest");
    if (http != null && !http.isObject()) {
      data.remove("httpRequest");
    }
  }

  private static boolean allText(JsonNode object) {
    for (JsonNode v : object) {
      if (!v.isTextual() && !v.isNull()) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasFieldIgnoringCase(JsonNode n, String name) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      if (it.next().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
  }
}

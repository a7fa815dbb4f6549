package dev.lakewire.local;

import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Real-format Event Grid events for the local run and tests: the official {@code
 * ResourceWriteSuccess} examples (Event Grid and CloudEvents schemas) with their resource fields
 * rewritten to name a resource of our choosing.
 */
public final class EventSamples {

  /** The two delivery schemas Event Grid supports. */
  public enum Schema {
    EVENT_GRID("event-grid-resource_write_success.json"),
    CLOUD_EVENTS("cloud-events-resource_write_success.json");

    private final String file;

    Schema(String file) {
      this.file = file;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private EventSamples() {}

  /** A {@code ResourceWriteSuccess} for a workspace write. */
  public static ObjectNode workspaceWrite(
      Schema schema, String workspaceId, String eventId, String correlationId) {
    return resourceWrite(
        schema, workspaceId, "Microsoft.Databricks/workspaces/write", eventId, correlationId);
  }

  /**
   * A {@code ResourceWriteSuccess} for any resource and operation (for deployments, other resource
   * types, sub-resources).
   */
  public static ObjectNode resourceWrite(
      Schema schema, String resourceUri, String operation, String eventId, String correlationId) {
    ObjectNode e = template(schema);
    ResourceId id = ResourceId.fromString(resourceUri);
    String sub = id.subscriptionId();
    String rg = id.resourceGroupName();
    String provider = operation.substring(0, operation.indexOf('/'));
    e.put("subject", resourceUri);
    e.put("id", eventId);
    String topic = "/subscriptions/" + sub;
    if (schema == Schema.CLOUD_EVENTS) {
      e.put("source", topic);
    } else {
      e.put("topic", topic);
    }
    ObjectNode data = (ObjectNode) e.get("data");
    ObjectNode auth = (ObjectNode) data.get("authorization");
    auth.put("scope", resourceUri);
    auth.put("action", operation);
    data.put("correlationId", correlationId);
    data.put("resourceProvider", provider);
    data.put("resourceUri", resourceUri);
    data.put("operationName", operation);
    data.put("subscriptionId", sub);
    data.put("tenantId", "72f988bf-86f1-41af-91ab-2d7cd011db47");
    if (rg == null) {
      throw new IllegalArgumentException("no resource group in " + resourceUri);
    }
    return e;
  }

  /** Serialises events as one delivery (a JSON array). */
  public static String delivery(List<? extends JsonNode> events) {
    ArrayNode a = JSON.createArrayNode();
    events.forEach(a::add);
    return a.toString();
  }

  private static ObjectNode template(Schema schema) {
    try (InputStream in = EventSamples.class.getResourceAsStream("eventgrid/" + schema.file)) {
      if (in == null) {
        throw new IllegalStateException("missing resource eventgrid/" + schema.file);
      }
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

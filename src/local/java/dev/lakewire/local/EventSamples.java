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
    EVENT_GRID("event-grid-resource_write_success.json", "event-grid-resource_delete_success.json"),
    CLOUD_EVENTS(
        "cloud-events-resource_write_success.json", "cloud-events-resource_delete_success.json");

    private final String file;
    private final String deleteFile;

    Schema(String file, String deleteFile) {
      this.file = file;
      this.deleteFile = deleteFile;
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
    return resourceEvent(
        template(schema.file), schema, resourceUri, operation, eventId, correlationId);
  }

  /**
   * A {@code ResourceDeleteSuccess} for a workspace delete ({@code
   * Microsoft.Databricks/workspaces/delete}), from the official delete example.
   */
  public static ObjectNode workspaceDelete(
      Schema schema, String workspaceId, String eventId, String correlationId) {
    return resourceDelete(
        schema, workspaceId, "Microsoft.Databricks/workspaces/delete", eventId, correlationId);
  }

  /** A {@code ResourceDeleteSuccess} for any resource and operation. */
  public static ObjectNode resourceDelete(
      Schema schema, String resourceUri, String operation, String eventId, String correlationId) {
    ObjectNode e = template(schema.deleteFile);
    if (e.has("specVersion")) {
      // the official CloudEvents delete example spells it specVersion; CloudEvents 1.0 attribute
      // names are lower case ("Attribute Naming Convention"), as Event Grid delivers them
      e.set("specversion", e.remove("specVersion"));
    }
    ObjectNode out = resourceEvent(e, schema, resourceUri, operation, eventId, correlationId);
    ObjectNode http = (ObjectNode) out.get("data").get("httpRequest");
    if (http != null) {
      http.put("url", "https://management.azure.com" + resourceUri + "?api-version=2026-01-01");
    }
    return out;
  }

  private static ObjectNode resourceEvent(
      ObjectNode e,
      Schema schema,
      String resourceUri,
      String operation,
      String eventId,
      String correlationId) {
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

  private static ObjectNode template(String file) {
    try (InputStream in = EventSamples.class.getResourceAsStream("eventgrid/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing resource eventgrid/" + file);
      }
      return (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

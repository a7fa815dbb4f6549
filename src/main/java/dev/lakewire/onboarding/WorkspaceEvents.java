package dev.lakewire.onboarding;

import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.onboarding.EventDecision.Decision;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Event Grid deliveries (Event Grid schema or CloudEvents 1.0, one event or an array) and
 * starts onboarding for each {@code Microsoft.Resources.ResourceWriteSuccess} of a {@code
 * Microsoft.Databricks/workspaces/write}, offboarding for each {@code
 * Microsoft.Resources.ResourceDeleteSuccess} of a {@code Microsoft.Databricks/workspaces/delete}.
 * Everything else is ignored or rejected with a reason.
 */
public final class WorkspaceEvents {

  public static final String WRITE_SUCCESS = "Microsoft.Resources.ResourceWriteSuccess";
  public static final String WORKSPACE_WRITE = "Microsoft.Databricks/workspaces/write";

  /** A resource was deleted (offboarding, when it is a workspace). */
  public static final String DELETE_SUCCESS = "Microsoft.Resources.ResourceDeleteSuccess";

  public static final String WORKSPACE_DELETE = "Microsoft.Databricks/workspaces/delete";

  /** Event Grid delivers at most 5,000 events per batch; more is not Event Grid. */
  public static final int MAX_EVENTS = 5000;

  /** Event Grid caps a delivery at 1 MB (64 KB an event); refuse bodies well past that. */
  public static final int MAX_BODY_CHARS = 1_048_576;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OnboardingStarter starter;
  private final OnboardingPolicy policy;

  WorkspaceEvents(OnboardingStarter starter, OnboardingPolicy policy) {
    this.starter = starter;
    this.policy = policy;
  }

  /**
   * Decides about each event of a delivery and queues the accepted ones.
   *
   * @throws InvalidInputException when the body is not JSON or not an event/array of events; in
   *     that case nothing was queued
   */
  public List<EventDecision> receive(String body) {
    List<JsonNode> events = parse(body);
    List<EventDecision> out = new ArrayList<>(events.size());
    for (JsonNode e : events) {
      out.add(decide(e));
    }
    return out;
  }

  private static List<JsonNode> parse(String body) {
    if (body == null || body.isBlank()) {
      throw new InvalidInputException("body", "is empty");
    }
    if (body.length() > MAX_BODY_CHARS) {
      throw new InvalidInputException(
          "body", "is " + body.length() + " characters; Event Grid sends at most 1 MB");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("body", "is not JSON: " + e.getOriginalMessage());
    }
    List<JsonNode> events = new ArrayList<>();
    if (root != null && root.isArray()) {
      if (root.size() > MAX_EVENTS) {
        throw new InvalidInputException(
            "body", "holds " + root.size() + " events; Event Grid sends at most " + MAX_EVENTS);
      }
      root.forEach(events::add);
    } else if (root != null && root.isObject()) {
      events.add(root);
    } else {
      throw new InvalidInputException("body", "is neither an event nor an array of events");
    }
    return events;
  }

  private EventDecision decide(JsonNode e) {
    if (!e.isObject()) {
      return new EventDecision(null, Decision.REJECTED, "event is not a JSON object", null);
    }
    boolean cloudEvent = e.has("specversion");
    // the event id is echoed into decisions and logs: control characters escaped, length capped
    String rawId = text(e, "id");
    String id = rawId == null ? null : LogText.clean(rawId);
    String type = text(e, cloudEvent ? "type" : "eventType");
    if (id == null || type == null) {
      return new EventDecision(
          id,
          Decision.REJECTED,
          (cloudEvent ? "CloudEvent" : "Event Grid event")
              + " lacks "
              + (id == null ? "id" : cloudEvent ? "type" : "eventType"),
          null);
    }
    boolean delete = DELETE_SUCCESS.equalsIgnoreCase(type);
    if (!WRITE_SUCCESS.equalsIgnoreCase(type) && !delete) {
      return new EventDecision(
          id,
          Decision.IGNORED,
          "event type "
              + LogText.clean(type)
              + " is not "
              + WRITE_SUCCESS
              + " or "
              + DELETE_SUCCESS,
          null);
    }
    String wantedOperation = delete ? WORKSPACE_DELETE : WORKSPACE_WRITE;
    JsonNode data = e.get("data");
    if (data == null || !data.isObject()) {
      return new EventDecision(id, Decision.REJECTED, "event has no data object", null);
    }
    String operation = text(data, "operationName");
    if (operation == null) {
      return new EventDecision(id, Decision.REJECTED, "data.operationName is missing", null);
    }
    if (!wantedOperation.equalsIgnoreCase(operation)) {
      return new EventDecision(
          id,
          Decision.IGNORED,
          "operation " + LogText.clean(operation) + " is not " + wantedOperation,
          null);
    }
    String uri = text(data, "resourceUri");
    if (uri == null) {
      uri = text(e, "subject");
    }
    if (uri == null) {
      return new EventDecision(
          id, Decision.REJECTED, "neither data.resourceUri nor subject is present", null);
    }
    WorkspaceRef ws;
    try {
      ws = WorkspaceRef.parse("data.resourceUri", uri);
    } catch (InvalidInputException bad) {
      return new EventDecision(id, notAWorkspace(uri), bad.getMessage(), null);
    }
    if (!policy.allows(ws.subscriptionId())) {
      return new EventDecision(
          id,
          Decision.IGNORED,
          "subscription "
              + ws.subscriptionId()
              + " is not in "
              + OnboardingPolicy.ALLOWED_SUBSCRIPTIONS,
          null);
    }
    // capped and cleaned: it goes into the ledger, every MessageId and the logs
    String correlationId = CorrelationIds.normalize(text(data, "correlationId"));
    if (correlationId == null) {
      correlationId = CorrelationIds.normalize(rawId);
    }
    if (correlationId == null) {
      return new EventDecision(id, Decision.REJECTED, "event id has no usable character", null);
    }
    if (delete) {
      starter.start(ws, Step.Chain.OFFBOARDING.first(), correlationId, "eventgrid");
      return new EventDecision(
          id, Decision.ACCEPTED, "workspace delete: offboarding queued", ws.id());
    }
    if (starter
        .startUnlessOffboarded(ws, Step.CREATE_ACCESS_CONNECTOR, correlationId, "eventgrid")
        .isEmpty()) {
      return new EventDecision(
          id,
          Decision.IGNORED,
          "workspace write after its offboarding started: stale (Event Grid delivers out of"
              + " order); POST /api/onboarding re-onboards a re-created workspace",
          null);
    }
    return new EventDecision(id, Decision.ACCEPTED, "workspace write: onboarding queued", ws.id());
  }

  /** A well-formed id of another type (a deployment, a sub-resource) is ignored; junk rejected. */
  private static Decision notAWorkspace(String uri) {
    try {
      ResourceId id = ResourceId.fromString(uri);
      boolean clean =
          uri.chars().noneMatch(c -> c < 0x20 || c == '?' || c == '#' || c == '%')
              && !uri.contains("/../")
              && !uri.contains("//");
      boolean otherType = !WorkspaceRef.TYPE.equalsIgnoreCase(id.fullResourceType());
      return clean && otherType ? Decision.IGNORED : Decision.REJECTED;
    } catch (RuntimeException e) {
      return Decision.REJECTED;
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
  }
}

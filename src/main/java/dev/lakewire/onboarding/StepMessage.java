package dev.lakewire.onboarding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakewire.ports.StepMessages.QueuedStep;
import java.util.Objects;

/**
 * The body of a step queue message (JSON).
 *
 * @param workspaceResourceId the workspace ARM id
 * @param step the step to run
 * @param correlationId the event's correlation id, or the HTTP tracking id
 * @param attempt 1-based try number of this step in this run (grows with each re-check)
 * @param generation +1 per scheduled re-check; part of the MessageId
 * @param requestedBy {@code eventgrid}, {@code http}, {@code reprocess} or {@code local}
 * @param throttled how many of the {@code generation} re-checks were for a 429 (ARM or Databricks
 *     asking to wait): they do not count against the give-up budget ({@link #rechecks()})
 */
public record StepMessage(
    String workspaceResourceId,
    Step step,
    String correlationId,
    int attempt,
    int generation,
    String requestedBy,
    int throttled) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public StepMessage {
    Objects.requireNonNull(workspaceResourceId, "workspaceResourceId");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(requestedBy, "requestedBy");
    if (throttled < 0 || throttled > generation) {
      throw new IllegalArgumentException(
          "throttled must be between 0 and generation " + generation + ": " + throttled);
    }
  }

  /** A message with no throttled re-check. */
  public StepMessage(
      String workspaceResourceId,
      Step step,
      String correlationId,
      int attempt,
      int generation,
      String requestedBy) {
    this(workspaceResourceId, step, correlationId, attempt, generation, requestedBy, 0);
  }

  /**
   * The re-checks that count against the give-up budget and drive the back-off: not yet, transient
   * errors; not the throttled ones.
   */
  public int rechecks() {
    return generation - throttled;
  }

  /** The first message of a run. */
  public static StepMessage first(
      WorkspaceRef workspace, Step step, String correlationId, String requestedBy) {
    return new StepMessage(workspace.id(), step, correlationId, 1, 0, requestedBy);
  }

  /** The message of the next step, same run. */
  public StepMessage advanceTo(Step next) {
    return new StepMessage(workspaceResourceId, next, correlationId, 1, 0, requestedBy);
  }

  /** The same step, one re-check later. */
  public StepMessage recheck() {
    return new StepMessage(
        workspaceResourceId,
        step,
        correlationId,
        attempt + 1,
        generation + 1,
        requestedBy,
        throttled);
  }

  /** The same step, one re-check later because the cloud throttled it (outside the budget). */
  public StepMessage recheckThrottled() {
    return new StepMessage(
        workspaceResourceId,
        step,
        correlationId,
        attempt + 1,
        generation + 1,
        requestedBy,
        throttled + 1);
  }

  /** The deterministic Service Bus MessageId. */
  public String messageId() {
    return Names.messageId(workspaceResourceId, step, generation, correlationId);
  }

  /** This message as it goes on the queue. */
  public QueuedStep queued() {
    return new QueuedStep(step.name(), messageId(), workspaceResourceId, correlationId, toJson());
  }

  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("workspaceResourceId", workspaceResourceId);
    n.put("step", step.name());
    n.put("correlationId", correlationId);
    n.put("attempt", attempt);
    n.put("generation", generation);
    n.put("requestedBy", requestedBy);
    if (throttled > 0) {
      n.put("throttled", throttled);
    }
    return n.toString();
  }

  /**
   * Reads a message body.
   *
   * @throws InvalidInputException naming the field that is missing or wrong
   */
  public static StepMessage fromJson(String body) {
    JsonNode n;
    try {
      n = body == null ? null : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("body", "is not JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new InvalidInputException("body", "is not a JSON object");
    }
    WorkspaceRef ws = WorkspaceRef.parse("workspaceResourceId", text(n, "workspaceResourceId"));
    Step step = Step.parse("step", text(n, "step"));
    String correlationId = text(n, "correlationId");
    if (correlationId == null || correlationId.isBlank()) {
      throw new InvalidInputException("correlationId", "is required");
    }
    int generation = Math.max(0, n.path("generation").asInt(0));
    return new StepMessage(
        ws.id(),
        step,
        correlationId,
        Math.max(1, n.path("attempt").asInt(1)),
        generation,
        n.path("requestedBy").asText("unknown"),
        Math.min(generation, Math.max(0, n.path("throttled").asInt(0))));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}

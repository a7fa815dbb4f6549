package dev.lakewire.onboarding.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.JsonContentType;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.message.WorkspaceRef;
import java.util.function.Supplier;

/** The HTTP kickoff: {@code {"workspaceResourceId": "..."}} starts a workspace's onboarding. */
public final class Kickoff {

  /** Requests are tiny; anything past this is not a kickoff. */
  public static final int MAX_BODY_CHARS = 16 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OnboardingStarter starter;
  private final Supplier<String> ids;

  Kickoff(OnboardingStarter starter, Supplier<String> ids) {
    this.starter = starter;
    this.ids = ids;
  }

  /**
   * What the caller gets back.
   *
   * @param trackingId the id to follow the run by (also its correlation id)
   * @param workspaceResourceId the workspace
   */
  public record Accepted(String trackingId, String workspaceResourceId) {}

  /**
   * Validates and queues the first step.
   *
   * @param contentType the request's Content-Type header
   * @throws InvalidInputException naming the field, with the kind of problem
   */
  public Accepted start(String contentType, String body) {
    WorkspaceRef ws = parse(contentType, body);
    String trackingId = ids.get();
    starter.start(ws, Step.CREATE_ACCESS_CONNECTOR, trackingId, "http");
    return new Accepted(trackingId, ws.id());
  }

  /**
   * The HTTP offboarding ({@code POST /api/offboard}, the same body): validates and queues the
   * first offboarding step, a new run that supersedes any onboarding in flight.
   *
   * @throws InvalidInputException naming the field, with the kind of problem
   */
  public Accepted offboard(String contentType, String body) {
    WorkspaceRef ws = parse(contentType, body);
    String trackingId = ids.get();
    starter.start(ws, Step.Chain.OFFBOARDING.first(), trackingId, "http");
    return new Accepted(trackingId, ws.id());
  }

  private static WorkspaceRef parse(String contentType, String body) {
    JsonContentType.require(contentType);
    if (body == null || body.isBlank()) {
      throw new InvalidInputException("body", "is empty");
    }
    if (body.length() > MAX_BODY_CHARS) {
      throw new InvalidInputException(
          "body",
          "is " + body.length() + " characters; the limit is " + MAX_BODY_CHARS,
          InvalidInputException.Kind.TOO_LARGE);
    }
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("body", "is not JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new InvalidInputException("body", "is not a JSON object");
    }
    JsonNode id = n.get("workspaceResourceId");
    if (id == null || id.isNull()) {
      throw new InvalidInputException("workspaceResourceId", "is required");
    }
    if (!id.isTextual()) {
      throw new InvalidInputException("workspaceResourceId", "must be a string");
    }
    return WorkspaceRef.parse("workspaceResourceId", id.asText());
  }
}

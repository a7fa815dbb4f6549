package dev.lakewire.onboarding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.ports.DeadLetterQueues;
import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.OnboardingRecord;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Moves dead-lettered step messages back to their queue: {@code {"step": "ASSIGN_STORAGE_ROLES",
 * "workspaceResourceId": "..." (optional), "max": 100 (optional)}}. Each moved workspace's ledger
 * record says it was replayed.
 */
public final class DeadLetterReplay {

  /** At most this many messages per request. */
  public static final int MAX_PER_REQUEST = 500;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DeadLetterQueues queues;
  private final OnboardingLedger ledger;
  private final Clock clock;

  DeadLetterReplay(DeadLetterQueues queues, OnboardingLedger ledger, Clock clock) {
    this.queues = queues;
    this.ledger = ledger;
    this.clock = clock;
  }

  /**
   * The body a replayed message gets: the same workspace, step and correlation, with a fresh
   * re-check budget (generation 0), so a step that gave up after its re-checks gets them all again.
   * A body that is not a step message goes back unchanged.
   */
  static String freshRun(String body) {
    try {
      StepMessage m = StepMessage.fromJson(body);
      return new StepMessage(m.workspaceResourceId(), m.step(), m.correlationId(), 1, 0, "replay")
          .toJson();
    } catch (InvalidInputException notAStepMessage) {
      return body;
    }
  }

  /**
   * Replays what the request asks for.
   *
   * @throws InvalidInputException naming the field that is wrong; nothing is moved then
   */
  public List<DeadLetterQueues.Moved> replay(String body) {
    JsonNode n;
    try {
      n = body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("body", "is not JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new InvalidInputException("body", "must be a JSON object with a step");
    }
    Step step = Step.parse("step", n.path("step").asText(null));
    Optional<WorkspaceRef> ws =
        n.hasNonNull("workspaceResourceId")
            ? Optional.of(
                WorkspaceRef.parse("workspaceResourceId", n.get("workspaceResourceId").asText()))
            : Optional.empty();
    int max = n.path("max").asInt(MAX_PER_REQUEST);
    if (max < 1 || max > MAX_PER_REQUEST) {
      throw new InvalidInputException("max", "must be between 1 and " + MAX_PER_REQUEST);
    }
    List<DeadLetterQueues.Moved> moved =
        queues.replay(step.name(), ws.map(WorkspaceRef::id), max, DeadLetterReplay::freshRun);
    for (DeadLetterQueues.Moved m : moved) {
      if (m.workspaceResourceId() != null) {
        ledger
            .find(m.workspaceResourceId())
            .ifPresent(
                r ->
                    ledger.save(
                        new OnboardingRecord(
                            r.workspaceResourceId(),
                            step.name(),
                            OnboardingRecord.Status.PENDING,
                            r.attempts(),
                            r.firstSeen(),
                            clock.instant(),
                            "replayed from the dead-letter queue (was: "
                                + m.deadLetterReason()
                                + ")",
                            r.correlationId(),
                            r.stepAttempts())));
      }
    }
    return moved;
  }
}

package dev.lakewire.onboarding.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.Steps;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.ports.DeadLetterQueues;
import dev.lakewire.ports.Step;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Moves dead-lettered step messages back to their queue: {@code {"step": "ASSIGN_STORAGE_ROLES",
 * "workspaceResourceId": "..." (optional), "max": 100 (optional)}}. Each replayed message starts a
 * new run of its workspace at its step (see {@link Ledger}): the ledger record moves to that run,
 * PENDING, and says it was replayed; messages of the run that failed are stale from then on. Only
 * messages of subscriptions in {@code LAKEWIRE_ALLOWED_SUBSCRIPTIONS} are moved; the others stay in
 * the dead-letter queue.
 */
public final class DeadLetterReplay {

  /** At most this many messages per request. */
  public static final int MAX_PER_REQUEST = 500;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DeadLetterQueues queues;
  private final OnboardingStarter starter;

  DeadLetterReplay(DeadLetterQueues queues, OnboardingStarter starter) {
    this.queues = queues;
    this.starter = starter;
  }

  /**
   * {@code max}: absent means {@value #MAX_PER_REQUEST}; otherwise a whole JSON number from 1 to
   * {@value #MAX_PER_REQUEST} ({@code "10"}, {@code 2.5}, {@code true} or {@code -1} are refused,
   * not read as the default).
   */
  private static int max(JsonNode n) {
    JsonNode v = n.get("max");
    if (v == null || v.isNull()) {
      return MAX_PER_REQUEST;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new InvalidInputException(
          "max", "must be a whole number from 1 to " + MAX_PER_REQUEST + ", was " + v);
    }
    int max = v.intValue();
    if (max < 1 || max > MAX_PER_REQUEST) {
      throw new InvalidInputException("max", "must be between 1 and " + MAX_PER_REQUEST);
    }
    return max;
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
    Step step = Steps.parse("step", n.path("step").asText(null));
    Optional<WorkspaceRef> ws =
        n.hasNonNull("workspaceResourceId")
            ? Optional.of(
                WorkspaceRef.parse("workspaceResourceId", n.get("workspaceResourceId").asText()))
            : Optional.empty();
    Optional<String> refusal = ws.flatMap(starter::refusal);
    if (refusal.isPresent()) {
      throw new InvalidInputException(
          "workspaceResourceId", refusal.get() + "; its dead letters stay where they are");
    }
    int max = max(n);
    // Only messages of allowed subscriptions go back: the others stay dead-lettered (and the step
    // worker would refuse them anyway), so an old dead letter never runs outside the list.
    Map<String, Integer> runs = new HashMap<>();
    List<DeadLetterQueues.Moved> moved =
        queues.replay(
            step.name(),
            id -> ws.map(w -> w.id().equalsIgnoreCase(id)).orElse(true) && starter.mayRun(id),
            max,
            dead -> {
              String fresh = starter.restartedFrom(dead);
              if (!fresh.equals(dead)) {
                StepMessage m = StepMessage.fromJson(fresh);
                runs.put(m.workspaceResourceId().toLowerCase(Locale.ROOT), m.run());
              }
              return fresh;
            });
    for (DeadLetterQueues.Moved m : moved) {
      Integer run =
          m.workspaceResourceId() == null
              ? null
              : runs.get(m.workspaceResourceId().toLowerCase(Locale.ROOT));
      if (run != null) {
        starter.note(
            m.workspaceResourceId(),
            run,
            "replayed from the dead-letter queue (was: " + m.deadLetterReason() + ")");
      }
    }
    return moved;
  }
}

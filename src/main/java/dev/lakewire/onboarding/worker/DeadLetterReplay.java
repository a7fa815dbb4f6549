package dev.lakewire.onboarding.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.ports.DeadLetterQueues;
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
  private final Ledger ledger;
  private final OnboardingPolicy policy;

  DeadLetterReplay(DeadLetterQueues queues, Ledger ledger, OnboardingPolicy policy) {
    this.queues = queues;
    this.ledger = ledger;
    this.policy = policy;
  }

  /**
   * The body a replayed message gets: the same workspace, step and correlation, in a new run with a
   * fresh re-check budget (generation 0), so a step that gave up after its re-checks gets them all
   * again. A body that is not a step message goes back unchanged.
   */
  private String freshRun(String body) {
    StepMessage m;
    try {
      m = StepMessage.fromJson(body);
    } catch (InvalidInputException notAStepMessage) {
      return body;
    }
    int run = ledger.replayed(m, "replayed from the dead-letter queue");
    return m.asRun(run, "replay").toJson();
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

  /** Whether the workspace of a dead-lettered message may run (unknown workspace: no). */
  private boolean allowed(String workspaceResourceId) {
    if (workspaceResourceId == null || !WorkspaceRef.isWorkspaceId(workspaceResourceId)) {
      return policy.allowedSubscriptions().isEmpty();
    }
    return policy.allows(WorkspaceRef.parse("id", workspaceResourceId).subscriptionId());
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
    if (ws.isPresent() && !policy.allows(ws.get().subscriptionId())) {
      throw new InvalidInputException(
          "workspaceResourceId",
          "subscription "
              + ws.get().subscriptionId()
              + " is not in "
              + OnboardingPolicy.ALLOWED_SUBSCRIPTIONS
              + "; its dead letters stay where they are");
    }
    int max = max(n);
    // Only messages of allowed subscriptions go back: the others stay dead-lettered (and the step
    // worker would refuse them anyway), so an old dead letter never runs outside the list.
    Map<String, Integer> runs = new HashMap<>();
    List<DeadLetterQueues.Moved> moved =
        queues.replay(
            step.name(),
            id -> ws.map(w -> w.id().equalsIgnoreCase(id)).orElse(true) && allowed(id),
            max,
            dead -> {
              String fresh = freshRun(dead);
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
        ledger.note(
            m.workspaceResourceId(),
            run,
            "replayed from the dead-letter queue (was: " + m.deadLetterReason() + ")");
      }
    }
    return moved;
  }
}

package dev.lakewire.onboarding.worker;

import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.ports.Step;
import dev.lakewire.ports.StepMessages;
import java.time.Instant;
import java.util.Optional;

/**
 * Begins every run of a workspace at a step: checks the allow-list ({@link #refusal}, the one check
 * events, kickoffs and replays make), records the run in the ledger, enqueues its first message; a
 * replayed dead letter's new run is recorded here too ({@link #restartedFrom}).
 */
public final class OnboardingStarter {

  private final OnboardingPolicy policy;
  private final StepMessages messages;
  private final Ledger ledger;

  OnboardingStarter(OnboardingPolicy policy, StepMessages messages, Ledger ledger) {
    this.policy = policy;
    this.messages = messages;
    this.ledger = ledger;
  }

  /**
   * Queues the first message of a run.
   *
   * @throws InvalidInputException naming {@code workspaceResourceId} when the subscription is not
   *     allowed
   */
  public StepMessage start(WorkspaceRef ws, Step from, String correlationId, String requestedBy) {
    return start(ws, from, correlationId, requestedBy, null);
  }

  /**
   * Queues the first message of a run, to become visible at {@code at} (a scheduled message; now
   * when null): a sweep spreads its kickoffs this way.
   *
   * @throws InvalidInputException naming {@code workspaceResourceId} when the subscription is not
   *     allowed
   */
  public StepMessage start(
      WorkspaceRef ws, Step from, String correlationId, String requestedBy, Instant at) {
    Optional<String> refusal = refusal(ws);
    if (refusal.isPresent()) {
      throw new InvalidInputException("workspaceResourceId", refusal.get());
    }
    int run = ledger.accepted(ws, from, correlationId);
    StepMessage first = StepMessage.first(ws, from, correlationId, requestedBy, run);
    if (at == null) {
      messages.send(first.queued());
    } else {
      messages.schedule(first.queued(), at);
    }
    return first;
  }

  /**
   * Why this workspace may not run ({@code LAKEWIRE_ALLOWED_SUBSCRIPTIONS}), or empty: what every
   * entry point (events, kickoffs, replays) checks before it records or sends anything.
   */
  public Optional<String> refusal(WorkspaceRef ws) {
    return policy.refusal(ws.subscriptionId());
  }

  /**
   * Whether the workspace of a dead-lettered message may run again: an id that names no workspace
   * may only when every subscription is allowed.
   */
  boolean mayRun(String workspaceResourceId) {
    if (workspaceResourceId == null || !WorkspaceRef.isWorkspaceId(workspaceResourceId)) {
      return policy.allowedSubscriptions().isEmpty();
    }
    return policy.allows(WorkspaceRef.parse("id", workspaceResourceId).subscriptionId());
  }

  /**
   * The body a replayed dead letter gets: the same workspace, step and correlation, in a new run
   * with a fresh re-check budget (generation 0), so a step that gave up after its re-checks gets
   * them all again. A body that is not a step message goes back unchanged.
   */
  String restartedFrom(String body) {
    StepMessage m;
    try {
      m = StepMessage.fromJson(body);
    } catch (InvalidInputException notAStepMessage) {
      return body;
    }
    int run = ledger.replayed(m, "replayed from the dead-letter queue");
    return m.asRun(run, "replay").toJson();
  }

  /** Notes on the workspace's record of run {@code run} (a replay says it was replayed). */
  void note(String workspaceResourceId, int run, String text) {
    ledger.note(workspaceResourceId, run, text);
  }

  /**
   * {@link #start}, unless the workspace is being (or has been) offboarded: then nothing is
   * recorded or sent (a workspace write event delivered after its delete event is stale).
   *
   * @return the first message, or empty when the workspace is offboarding or offboarded
   */
  public Optional<StepMessage> startUnlessOffboarded(
      WorkspaceRef ws, Step from, String correlationId, String requestedBy) {
    if (!policy.allows(ws.subscriptionId())) {
      return Optional.of(start(ws, from, correlationId, requestedBy));
    }
    Optional<Integer> run = ledger.accepted(ws, from, correlationId, true);
    if (run.isEmpty()) {
      return Optional.empty();
    }
    StepMessage first = StepMessage.first(ws, from, correlationId, requestedBy, run.get());
    messages.send(first.queued());
    return Optional.of(first);
  }
}

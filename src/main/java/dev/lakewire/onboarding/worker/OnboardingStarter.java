package dev.lakewire.onboarding.worker;

import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.ports.StepMessages;
import java.time.Instant;
import java.util.Optional;

/** Starts (or restarts) a workspace's onboarding at a step: validates, records, enqueues. */
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
    if (!policy.allows(ws.subscriptionId())) {
      throw new InvalidInputException(
          "workspaceResourceId",
          "subscription "
              + ws.subscriptionId()
              + " is not in "
              + OnboardingPolicy.ALLOWED_SUBSCRIPTIONS);
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

package dev.lakewire.ports;

import java.time.Instant;

/**
 * The step queues. The Azure implementation uses a Service Bus sender (deterministic MessageId,
 * scheduled enqueue), because Functions output bindings can set neither.
 */
public interface StepMessages {

  /** Sends the message to its step's queue now. */
  void send(QueuedStep message);

  /** Sends the message to its step's queue, to become visible at {@code at}. */
  void schedule(QueuedStep message, Instant at);

  /**
   * Parks a message that failed permanently where the dead-letter replay finds it, with the reason.
   */
  void deadLetter(QueuedStep message, String reason);

  /**
   * A message for a step queue.
   *
   * @param queueStep the step name; selects the queue
   * @param messageId the deterministic Service Bus MessageId
   * @param workspaceResourceId for routing and tracing (application property)
   * @param correlationId for tracing (Service Bus CorrelationId)
   * @param body the JSON body
   */
  record QueuedStep(
      String queueStep,
      String messageId,
      String workspaceResourceId,
      String correlationId,
      String body) {}
}

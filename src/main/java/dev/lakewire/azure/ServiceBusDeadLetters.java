package dev.lakewire.azure;

import com.azure.core.util.BinaryData;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import com.azure.messaging.servicebus.models.SubQueue;
import dev.lakewire.ports.DeadLetterQueues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Replays dead-lettered step messages with {@link ServiceBusReceiverClient}s on the dead-letter
 * sub-queues: a step queue's own ({@code <queue>/$DeadLetterQueue}: messages Service Bus gave up on
 * after {@code maxDeliveryCount}) and the parking queue's ({@code parked/$DeadLetterQueue}:
 * permanent failures, see {@link ServiceBusStepMessages}), filtered to copies from that step queue.
 * Each match is re-sent to the step queue with a new MessageId derived from the dead-lettered
 * message's sequence number (so a retried replay does not send it twice), then completed; the
 * others are abandoned and stay where they are.
 */
public final class ServiceBusDeadLetters implements DeadLetterQueues {

  private static final Duration RECEIVE_WAIT = Duration.ofSeconds(3);
  private static final int BATCH = 50;

  private final ServiceBusClientBuilder client;
  private final Map<String, String> queueByStep;
  private final String parkedQueue;

  /**
   * @param client a builder with namespace and credential set
   * @param queueByStep step name → queue name
   * @param parkedQueue the parking queue of permanent failures
   */
  public ServiceBusDeadLetters(
      ServiceBusClientBuilder client, Map<String, String> queueByStep, String parkedQueue) {
    this.client = Objects.requireNonNull(client, "client");
    this.queueByStep = Map.copyOf(queueByStep);
    this.parkedQueue = Objects.requireNonNull(parkedQueue, "parkedQueue");
  }

  @Override
  public List<Moved> replay(String queueStep, Optional<String> workspaceResourceId, int max) {
    String queue = queueByStep.get(queueStep);
    if (queue == null) {
      throw new IllegalArgumentException("no queue for step " + queueStep);
    }
    List<Moved> moved = new ArrayList<>();
    try (ServiceBusSenderClient sender = client.sender().queueName(queue).buildClient()) {
      drain(queue, queue, workspaceResourceId, max, sender, moved);
      drain(parkedQueue, queue, workspaceResourceId, max, sender, moved);
    }
    return moved;
  }

  private void drain(
      String deadLetterOf,
      String stepQueue,
      Optional<String> workspace,
      int max,
      ServiceBusSenderClient sender,
      List<Moved> moved) {
    try (ServiceBusReceiverClient receiver =
        client
            .receiver()
            .queueName(deadLetterOf)
            .subQueue(SubQueue.DEAD_LETTER_QUEUE)
            .receiveMode(ServiceBusReceiveMode.PEEK_LOCK)
            .disableAutoComplete()
            .buildClient()) {
      while (moved.size() < max) {
        List<ServiceBusReceivedMessage> batch = new ArrayList<>();
        receiver
            .receiveMessages(Math.min(BATCH, max - moved.size()), RECEIVE_WAIT)
            .forEach(batch::add);
        if (batch.isEmpty()) {
          return;
        }
        for (ServiceBusReceivedMessage m : batch) {
          Map<String, Object> props = m.getApplicationProperties();
          if (matches(props, stepQueue, deadLetterOf, workspace) && moved.size() < max) {
            ServiceBusMessage copy =
                replayCopy(
                    m.getBody(),
                    props,
                    m.getMessageId(),
                    m.getSequenceNumber(),
                    m.getCorrelationId());
            sender.sendMessage(copy);
            receiver.complete(m);
            moved.add(
                new Moved(
                    m.getMessageId(),
                    copy.getMessageId(),
                    (String) props.get(ServiceBusStepMessages.WORKSPACE),
                    m.getDeadLetterReason()));
          } else {
            receiver.abandon(m);
          }
        }
      }
    }
  }

  /**
   * Whether a dead-lettered message belongs to the replay: it came from the step queue (its own
   * dead-letter queue, or a parked copy naming it) and, when a workspace is given, is about it.
   */
  static boolean matches(
      Map<String, Object> properties,
      String stepQueue,
      String deadLetterOf,
      Optional<String> workspace) {
    boolean fromStep =
        deadLetterOf.equals(stepQueue)
            || stepQueue.equals(properties.get(ServiceBusStepMessages.FAILED_QUEUE));
    Object ws = properties.get(ServiceBusStepMessages.WORKSPACE);
    return fromStep
        && (workspace.isEmpty() || (ws != null && workspace.get().equalsIgnoreCase(ws.toString())));
  }

  /** The message re-sent to the step queue: same body and routing properties, new MessageId. */
  static ServiceBusMessage replayCopy(
      BinaryData body,
      Map<String, Object> properties,
      String messageId,
      long sequenceNumber,
      String correlationId) {
    ServiceBusMessage copy =
        new ServiceBusMessage(body)
            .setMessageId(messageId + ":replay:" + sequenceNumber)
            .setCorrelationId(correlationId)
            .setContentType("application/json");
    for (String key : List.of(ServiceBusStepMessages.WORKSPACE, ServiceBusStepMessages.STEP)) {
      Object v = properties.get(key);
      if (v != null) {
        copy.getApplicationProperties().put(key, v);
        if (key.equals(ServiceBusStepMessages.STEP)) {
          copy.setSubject(v.toString());
        }
      }
    }
    return copy;
  }
}

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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Moves dead-lettered step messages back to their step queue, from the two places they end up:
 *
 * <ol>
 *   <li>{@code <step queue>/$DeadLetterQueue}: messages Service Bus dead-lettered after {@code
 *       maxDeliveryCount} (a crash, a body that is not a step message)
 *   <li>{@code <parking queue>/$DeadLetterQueue}: the steps that failed permanently, parked by
 *       {@link ServiceBusStepMessages#deadLetter} with their step in the {@value
 *       ServiceBusStepMessages#STEP} property; only those of the requested step are taken
 * </ol>
 *
 * Each message is received in peek-lock mode, re-sent to the step queue with a new MessageId
 * ({@code <id>:replay-<sequence number>}: unique per dead-lettered message, so duplicate detection
 * lets it through, and the same one if a crash makes us send it twice) without the failure
 * properties, and then completed. Messages that do not match (another workspace, another step) are
 * held until the end and abandoned, so they stay where they were. Receivers are built per replay
 * and closed after it (replays are rare, operator-triggered).
 */
public final class ServiceBusDeadLetterQueues implements DeadLetterQueues {

  private static final int BATCH = 50;
  private static final int MAX_SCANNED = 5_000;
  private static final Duration WAIT = Duration.ofSeconds(3);

  private final ServiceBusClientBuilder client;
  private final Map<String, String> queueByStep;
  private final String parkedQueue;
  private final Map<String, ServiceBusSenderClient> senders = new ConcurrentHashMap<>();

  /**
   * @param client a builder with namespace and credential set
   * @param queueByStep step name → queue name
   * @param parkedQueue the parking queue of {@link ServiceBusStepMessages}
   */
  public ServiceBusDeadLetterQueues(
      ServiceBusClientBuilder client, Map<String, String> queueByStep, String parkedQueue) {
    this.client = Objects.requireNonNull(client, "client");
    this.queueByStep = Map.copyOf(queueByStep);
    this.parkedQueue = Objects.requireNonNull(parkedQueue, "parkedQueue");
  }

  @Override
  public List<Moved> replay(
      String queueStep,
      Predicate<String> workspaceResourceId,
      int max,
      UnaryOperator<String> rewriteBody) {
    String queue = queueByStep.get(queueStep);
    if (queue == null) {
      throw new IllegalArgumentException("no queue for step " + queueStep);
    }
    List<Moved> moved = new ArrayList<>();
    moveFrom(queue, queue, queueStep, workspaceResourceId, max, false, rewriteBody, moved);
    if (moved.size() < max) {
      moveFrom(parkedQueue, queue, queueStep, workspaceResourceId, max, true, rewriteBody, moved);
    }
    return moved;
  }

  private void moveFrom(
      String from,
      String to,
      String step,
      Predicate<String> workspace,
      int max,
      boolean parked,
      UnaryOperator<String> rewriteBody,
      List<Moved> moved) {
    List<ServiceBusReceivedMessage> held = new ArrayList<>();
    try (ServiceBusReceiverClient receiver =
        client
            .receiver()
            .queueName(from)
            .subQueue(SubQueue.DEAD_LETTER_QUEUE)
            .receiveMode(ServiceBusReceiveMode.PEEK_LOCK)
            .disableAutoComplete()
            .buildClient()) {
      try {
        int scanned = 0;
        while (moved.size() < max && scanned < MAX_SCANNED) {
          int received = 0;
          for (ServiceBusReceivedMessage m : receiver.receiveMessages(BATCH, WAIT)) {
            received++;
            scanned++;
            Map<String, Object> props = m.getApplicationProperties();
            if (moved.size() >= max || !matches(props, step, workspace, parked)) {
              held.add(m);
              continue;
            }
            ServiceBusMessage copy =
                replayCopy(
                    BinaryData.fromString(rewriteBody.apply(m.getBody().toString())),
                    m.getMessageId(),
                    m.getSequenceNumber(),
                    m.getCorrelationId(),
                    m.getContentType(),
                    props);
            sender(to).sendMessage(copy);
            receiver.complete(m);
            moved.add(
                new Moved(
                    m.getMessageId(),
                    copy.getMessageId(),
                    text(props.get(ServiceBusStepMessages.WORKSPACE)),
                    reason(m.getDeadLetterReason(), m.getDeadLetterErrorDescription())));
          }
          if (received == 0) {
            break;
          }
        }
      } finally {
        for (ServiceBusReceivedMessage m : held) {
          try {
            receiver.abandon(m);
          } catch (RuntimeException lockLost) {
            // the lock expired: the message is back in the dead-letter queue anyway
          }
        }
      }
    }
  }

  /** Whether a dead-lettered message is one the replay asked for. */
  static boolean matches(
      Map<String, Object> props, String step, Optional<String> workspace, boolean parked) {
    return matches(
        props,
        step,
        ws ->
            workspace.isEmpty()
                || (ws != null
                    && ws.toLowerCase(Locale.ROOT)
                        .equals(workspace.get().toLowerCase(Locale.ROOT))),
        parked);
  }

  /** Whether a dead-lettered message is one the replay asked for. */
  static boolean matches(
      Map<String, Object> props, String step, Predicate<String> workspace, boolean parked) {
    if (parked && !step.equalsIgnoreCase(text(props.get(ServiceBusStepMessages.STEP)))) {
      return false;
    }
    return workspace.test(text(props.get(ServiceBusStepMessages.WORKSPACE)));
  }

  /** The message that goes back to the step queue: same body, new id, no failure properties. */
  static ServiceBusMessage replayCopy(
      BinaryData body,
      String messageId,
      long sequenceNumber,
      String correlationId,
      String contentType,
      Map<String, Object> props) {
    ServiceBusMessage out =
        new ServiceBusMessage(body)
            .setMessageId(messageId + ":replay-" + sequenceNumber)
            .setCorrelationId(correlationId)
            .setContentType(contentType);
    props.forEach(
        (k, v) -> {
          if (!k.equals(ServiceBusStepMessages.FAILURE_REASON)
              && !k.equals(ServiceBusStepMessages.FAILED_QUEUE)) {
            out.getApplicationProperties().put(k, v);
          }
        });
    return out;
  }

  static String reason(String deadLetterReason, String description) {
    if (description == null || description.isBlank()) {
      return deadLetterReason;
    }
    return deadLetterReason == null ? description : deadLetterReason + ": " + description;
  }

  private static String text(Object v) {
    return v == null ? null : String.valueOf(v);
  }

  private ServiceBusSenderClient sender(String queue) {
    return senders.computeIfAbsent(queue, q -> client.sender().queueName(q).buildClient());
  }
}

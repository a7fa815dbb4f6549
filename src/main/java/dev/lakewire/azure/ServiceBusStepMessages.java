package dev.lakewire.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import dev.lakewire.ports.StepMessages;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The step queues on Azure Service Bus, through one {@link ServiceBusSenderClient} per queue (all
 * on the connection of one {@link ServiceBusClientBuilder}). Functions output bindings can set
 * neither the MessageId nor a scheduled enqueue time; this sender does both:
 *
 * <ul>
 *   <li>{@link #send}: MessageId = the deterministic {@link QueuedStep#messageId()} (duplicate
 *       detection collapses repeated sends), CorrelationId, ContentType {@code application/json},
 *       application properties {@value #WORKSPACE} and {@value #STEP}
 *   <li>{@link #schedule}: the same message with {@code scheduleMessage(message, at)}
 *   <li>{@link #deadLetter}: see below
 * </ul>
 *
 * <p><b>Dead-lettering from a Java function.</b> The step function cannot dead-letter the message
 * it is handling: the Java worker gets the body, not the receiver, and completes the message when
 * the function returns. So a permanent failure is <em>parked</em>:
 *
 * <ol>
 *   <li>a copy (same body, MessageId, CorrelationId and properties, plus {@value #FAILURE_REASON}
 *       and {@value #FAILED_QUEUE}) is sent to the parking queue (setting {@code
 *       LAKEWIRE_QUEUE_PARKED}, default {@code parked}), which no function listens to; then
 *   <li>the parking queue is swept: every message in it is received (peek-lock) and dead-lettered
 *       with reason {@value #DEAD_LETTER_REASON} and, as description, its own {@value
 *       #FAILURE_REASON}, so it lands in {@code parked/$DeadLetterQueue} where the dead-letter
 *       replay (and Service Bus Explorer's resubmit) finds it, next to the reason.
 * </ol>
 *
 * Each message is dead-lettered with the reason it carries, so a sweep that picks up another
 * instance's copy does it no harm, and a copy left behind by a failed sweep is dead-lettered by the
 * next one (the replay reads the parking queue itself too). A failing send throws (the step message
 * is redelivered and the failure recorded again); a failing sweep only logs, since the copy is
 * safely parked already. The alternative — a copy with a tiny TimeToLive sent to a queue with
 * dead-lettering on expiration — was rejected: Service Bus moves expired messages only when a
 * receiver touches the queue, and on a step queue the step function itself might receive the copy
 * before it expires and run the failed step again.
 *
 * <p>The identity needs "Azure Service Bus Data Sender" on the step queues and the parking queue,
 * and "Azure Service Bus Data Receiver" on the parking queue.
 */
public final class ServiceBusStepMessages implements StepMessages, AutoCloseable {

  /** Application property: the workspace ARM id. */
  public static final String WORKSPACE = "workspaceResourceId";

  /** Application property: the step name. */
  public static final String STEP = "step";

  /** Application property of a parked copy: why the step failed. */
  public static final String FAILURE_REASON = "lakewire-failure-reason";

  /** Application property of a parked copy: the step queue the message came from. */
  public static final String FAILED_QUEUE = "lakewire-failed-queue";

  /** The DeadLetterReason of parked messages. */
  public static final String DEAD_LETTER_REASON = "lakewire: permanent failure";

  /** Service Bus caps a message's headers at 64 KB; a reason longer than this is cut. */
  static final int MAX_REASON_CHARS = 4096;

  private static final Logger LOG = Logger.getLogger(ServiceBusStepMessages.class.getName());
  private static final int SWEEP_MAX_MESSAGES = 32;
  private static final Duration SWEEP_MAX_WAIT = Duration.ofSeconds(5);

  private final ServiceBusClientBuilder client;
  private final Map<String, String> queueByStep;
  private final String parkedQueue;
  private final Map<String, ServiceBusSenderClient> senders = new ConcurrentHashMap<>();
  private volatile ServiceBusReceiverClient parkedReceiver;

  /**
   * @param client a builder with namespace and credential set; its sub-builders share one
   *     connection
   * @param queueByStep step name → queue name, for every step
   * @param parkedQueue the parking queue
   */
  public ServiceBusStepMessages(
      ServiceBusClientBuilder client, Map<String, String> queueByStep, String parkedQueue) {
    this.client = Objects.requireNonNull(client, "client");
    this.queueByStep = Map.copyOf(queueByStep);
    this.parkedQueue = Objects.requireNonNull(parkedQueue, "parkedQueue");
  }

  /** A sender on a namespace ({@code <name>.servicebus.windows.net}) with a credential. */
  public static ServiceBusStepMessages connect(
      String fullyQualifiedNamespace,
      TokenCredential credential,
      Map<String, String> queueByStep,
      String parkedQueue) {
    if (fullyQualifiedNamespace == null || fullyQualifiedNamespace.isBlank()) {
      throw new IllegalArgumentException(
          "ServiceBusConnection__fullyQualifiedNamespace is required");
    }
    return new ServiceBusStepMessages(
        new ServiceBusClientBuilder()
            .fullyQualifiedNamespace(fullyQualifiedNamespace.trim())
            .credential(credential),
        queueByStep,
        parkedQueue);
  }

  @Override
  public void send(QueuedStep message) {
    sender(queueFor(message.queueStep())).sendMessage(toMessage(message));
  }

  @Override
  public void schedule(QueuedStep message, Instant at) {
    sender(queueFor(message.queueStep()))
        .scheduleMessage(toMessage(message), OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
  }

  @Override
  public void deadLetter(QueuedStep message, String reason) {
    sender(parkedQueue).sendMessage(parkedCopy(message, queueFor(message.queueStep()), reason));
    try {
      sweepParked();
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          e,
          () ->
              "parked "
                  + message.messageId()
                  + " in "
                  + parkedQueue
                  + " but could not move it to its dead-letter queue yet");
    }
  }

  /** The queue of a step. */
  String queueFor(String step) {
    String q = queueByStep.get(step);
    if (q == null) {
      throw new IllegalArgumentException("no queue for step " + step);
    }
    return q;
  }

  /** The Service Bus message of a step message. */
  static ServiceBusMessage toMessage(QueuedStep m) {
    ServiceBusMessage out =
        new ServiceBusMessage(m.body())
            .setMessageId(m.messageId())
            .setCorrelationId(m.correlationId())
            .setContentType("application/json")
            .setSubject(m.queueStep());
    out.getApplicationProperties().put(WORKSPACE, m.workspaceResourceId());
    out.getApplicationProperties().put(STEP, m.queueStep());
    return out;
  }

  /** The copy of a failed step message that goes to the parking queue. */
  static ServiceBusMessage parkedCopy(QueuedStep m, String fromQueue, String reason) {
    ServiceBusMessage out = toMessage(m);
    out.getApplicationProperties().put(FAILURE_REASON, truncate(reason));
    out.getApplicationProperties().put(FAILED_QUEUE, fromQueue);
    return out;
  }

  /** How a parked message is dead-lettered: with the reason it carries. */
  static DeadLetterOptions deadLetterOptions(Map<String, Object> applicationProperties) {
    Object reason = applicationProperties.get(FAILURE_REASON);
    return new DeadLetterOptions()
        .setDeadLetterReason(DEAD_LETTER_REASON)
        .setDeadLetterErrorDescription(
            reason == null ? "no reason recorded" : truncate(String.valueOf(reason)));
  }

  static String truncate(String reason) {
    String r = reason == null ? "" : reason;
    return r.length() <= MAX_REASON_CHARS ? r : r.substring(0, MAX_REASON_CHARS - 1) + "…";
  }

  private void sweepParked() {
    ServiceBusReceiverClient receiver = parkedReceiver();
    for (ServiceBusReceivedMessage m :
        receiver.receiveMessages(SWEEP_MAX_MESSAGES, SWEEP_MAX_WAIT)) {
      receiver.deadLetter(m, deadLetterOptions(m.getApplicationProperties()));
    }
  }

  private ServiceBusSenderClient sender(String queue) {
    return senders.computeIfAbsent(queue, q -> client.sender().queueName(q).buildClient());
  }

  private ServiceBusReceiverClient parkedReceiver() {
    ServiceBusReceiverClient r = parkedReceiver;
    if (r == null) {
      synchronized (this) {
        r = parkedReceiver;
        if (r == null) {
          r =
              client
                  .receiver()
                  .queueName(parkedQueue)
                  .receiveMode(ServiceBusReceiveMode.PEEK_LOCK)
                  .disableAutoComplete()
                  .buildClient();
          parkedReceiver = r;
        }
      }
    }
    return r;
  }

  @Override
  public void close() {
    senders.values().forEach(ServiceBusSenderClient::close);
    ServiceBusReceiverClient r = parkedReceiver;
    if (r != null) {
      r.close();
    }
  }
}

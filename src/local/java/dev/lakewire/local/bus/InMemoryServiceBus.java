package dev.lakewire.local.bus;

import dev.lakewire.onboarding.Step;
import dev.lakewire.ports.DeadLetterQueues;
import dev.lakewire.ports.StepMessages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Service Bus queues in memory, with the semantics lakewire relies on: at-least-once delivery with
 * a delivery count, redelivery after a handler throws, dead-lettering after {@code
 * maxDeliveryCount} (reason {@code MaxDeliveryCountExceeded}), scheduled messages that become
 * visible at their time on the given clock, and duplicate detection on MessageId within a window.
 *
 * <p>Messages are delivered one at a time on the caller's thread by {@link #deliverNext()} or
 * {@link #runUntilIdle}, to the handler subscribed to the queue (the function methods, in the local
 * run). Delivery order: earliest visible first, then send order.
 */
public final class InMemoryServiceBus implements StepMessages, DeadLetterQueues {

  /** Receives one message; throwing abandons it (Service Bus redelivers). */
  @FunctionalInterface
  public interface Handler {
    void handle(String body, int deliveryCount) throws Exception;
  }

  /** A message in a dead-letter sub-queue. */
  public record DeadLetter(
      String queue,
      String messageId,
      String workspaceResourceId,
      String body,
      String reason,
      String description,
      int deliveryCount,
      Instant at) {}

  /** What happened on the bus, for timelines and reports. */
  public record BusEvent(
      Kind kind, String queue, String messageId, String body, int deliveryCount, String detail) {

    /** Event kinds. */
    public enum Kind {
      SENT,
      SCHEDULED,
      DUPLICATE_DROPPED,
      DELIVERED,
      COMPLETED,
      ABANDONED,
      DEAD_LETTERED
    }
  }

  /** Counters. */
  public record Stats(
      long sent,
      long scheduled,
      long duplicatesDropped,
      long delivered,
      long abandoned,
      long deadLettered) {}

  private record Envelope(
      long seq,
      String queue,
      String messageId,
      String workspace,
      String body,
      Instant visibleAt,
      int deliveries) {}

  private final Clock clock;
  private final Map<Step, String> stepQueues;
  private final int maxDeliveryCount;
  private final Duration duplicateWindow;
  private final PriorityQueue<Envelope> pending =
      new PriorityQueue<>(
          Comparator.comparing(Envelope::visibleAt).thenComparingLong(Envelope::seq));
  private final Map<String, Handler> handlers = new HashMap<>();
  private final Map<String, Instant> seenIds = new HashMap<>();
  private final Map<String, List<DeadLetter>> deadLetters = new HashMap<>();
  private final List<Consumer<BusEvent>> listeners = new CopyOnWriteArrayList<>();
  private long seq;
  private long sent;
  private long scheduled;
  private long duplicates;
  private long delivered;
  private long abandoned;
  private long deadLettered;
  private long replays;
  private int crashesLeft;

  /**
   * @param clock the clock scheduled messages and the duplicate window are measured on
   * @param stepQueues step → queue name (as {@code Queues.fromSettings} gives)
   * @param maxDeliveryCount deliveries before a message is dead-lettered (Service Bus default 10)
   * @param duplicateWindow duplicate detection history window (Service Bus default 10 minutes)
   */
  public InMemoryServiceBus(
      Clock clock, Map<Step, String> stepQueues, int maxDeliveryCount, Duration duplicateWindow) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.stepQueues = Map.copyOf(stepQueues);
    if (maxDeliveryCount < 1) {
      throw new IllegalArgumentException("maxDeliveryCount must be at least 1");
    }
    this.maxDeliveryCount = maxDeliveryCount;
    this.duplicateWindow = duplicateWindow;
  }

  /** Routes messages of {@code queue} to {@code handler}. */
  public synchronized void subscribe(String queue, Handler handler) {
    handlers.put(queue, handler);
  }

  /**
   * Makes the next {@code n} deliveries crash after their handler ran: as when the host dies before
   * completing the message, Service Bus redelivers it (the work was done; the step must find it
   * done).
   */
  public synchronized void injectCrashes(int n) {
    crashesLeft = n;
  }

  /** Observes everything that happens on the bus. */
  public void addListener(Consumer<BusEvent> listener) {
    listeners.add(listener);
  }

  @Override
  public void send(QueuedStep message) {
    sendTo(
        queueOf(message), message.messageId(), message.body(), null, message.workspaceResourceId());
  }

  @Override
  public void schedule(QueuedStep message, Instant at) {
    sendTo(
        queueOf(message), message.messageId(), message.body(), at, message.workspaceResourceId());
  }

  @Override
  public synchronized void deadLetter(QueuedStep message, String reason) {
    addDeadLetter(
        queueOf(message),
        message.messageId(),
        message.workspaceResourceId(),
        message.body(),
        "lakewire:failed",
        reason,
        0);
  }

  @Override
  public synchronized List<Moved> replay(
      String queueStep,
      Predicate<String> workspaceResourceId,
      int max,
      UnaryOperator<String> rewriteBody) {
    String queue = stepQueues.get(Step.valueOf(queueStep));
    List<DeadLetter> dlq = deadLetters.getOrDefault(queue, new ArrayList<>());
    List<DeadLetter> taken =
        dlq.stream()
            .filter(d -> workspaceResourceId.test(d.workspaceResourceId()))
            .limit(max)
            .toList();
    dlq.removeAll(taken);
    List<Moved> moved = new ArrayList<>();
    for (DeadLetter d : taken) {
      String newId = d.messageId() + ":replay-" + (++replays);
      sendTo(queue, newId, rewriteBody.apply(d.body()), null, d.workspaceResourceId());
      moved.add(new Moved(d.messageId(), newId, d.workspaceResourceId(), d.reason()));
    }
    return moved;
  }

  /**
   * Sends a message to a queue by name, now or at {@code scheduledAt}. A MessageId seen on this
   * queue within the duplicate window is accepted and dropped, as Service Bus does.
   *
   * @return true when enqueued, false when dropped as a duplicate
   */
  public boolean sendTo(String queue, String messageId, String body, Instant scheduledAt) {
    return sendTo(queue, messageId, body, scheduledAt, null);
  }

  private synchronized boolean sendTo(
      String queue, String messageId, String body, Instant scheduledAt, String workspace) {
    Instant now = clock.instant();
    String key = queue + "\n" + messageId;
    Instant seen = seenIds.get(key);
    if (seen != null && seen.plus(duplicateWindow).isAfter(now)) {
      duplicates++;
      emit(BusEvent.Kind.DUPLICATE_DROPPED, queue, messageId, body, 0, null);
      return false;
    }
    seenIds.put(key, now);
    Instant visible = scheduledAt == null || scheduledAt.isBefore(now) ? now : scheduledAt;
    pending.add(new Envelope(seq++, queue, messageId, workspace, body, visible, 0));
    if (scheduledAt == null) {
      sent++;
      emit(BusEvent.Kind.SENT, queue, messageId, body, 0, null);
    } else {
      scheduled++;
      emit(BusEvent.Kind.SCHEDULED, queue, messageId, body, 0, visible.toString());
    }
    return true;
  }

  /**
   * Delivers the next visible message, if any.
   *
   * @return true when a message was delivered
   */
  public boolean deliverNext() {
    Envelope e;
    Handler h;
    synchronized (this) {
      Envelope head = pending.peek();
      if (head == null || head.visibleAt().isAfter(clock.instant())) {
        return false;
      }
      e = pending.poll();
      e =
          new Envelope(
              e.seq(),
              e.queue(),
              e.messageId(),
              e.workspace(),
              e.body(),
              e.visibleAt(),
              e.deliveries() + 1);
      h = handlers.get(e.queue());
      if (h == null) {
        throw new IllegalStateException("no handler subscribed to queue " + e.queue());
      }
      delivered++;
    }
    emit(BusEvent.Kind.DELIVERED, e.queue(), e.messageId(), e.body(), e.deliveries(), null);
    try {
      h.handle(e.body(), e.deliveries());
      synchronized (this) {
        if (crashesLeft > 0) {
          crashesLeft--;
          throw new IllegalStateException("injected crash: the host died before completing");
        }
      }
      emit(BusEvent.Kind.COMPLETED, e.queue(), e.messageId(), e.body(), e.deliveries(), null);
    } catch (Exception ex) {
      synchronized (this) {
        if (e.deliveries() >= maxDeliveryCount) {
          addDeadLetter(
              e.queue(),
              e.messageId(),
              e.workspace(),
              e.body(),
              "MaxDeliveryCountExceeded",
              String.valueOf(ex),
              e.deliveries());
        } else {
          abandoned++;
          pending.add(
              new Envelope(
                  seq++,
                  e.queue(),
                  e.messageId(),
                  e.workspace(),
                  e.body(),
                  clock.instant(),
                  e.deliveries()));
          emit(
              BusEvent.Kind.ABANDONED,
              e.queue(),
              e.messageId(),
              e.body(),
              e.deliveries(),
              String.valueOf(ex));
        }
      }
    }
    return true;
  }

  /** When the next scheduled (not yet visible) message becomes visible, if there is one. */
  public synchronized Optional<Instant> nextScheduled() {
    return Optional.ofNullable(pending.peek()).map(Envelope::visibleAt);
  }

  /** Messages waiting (visible or scheduled) on all queues. */
  public synchronized int pendingCount() {
    return pending.size();
  }

  /**
   * Delivers until nothing is left: whenever no message is visible, moves {@code clock} to the next
   * scheduled one. Stops when the bus is empty or {@code maxVirtualTime} of clock time has passed.
   *
   * @return the number of deliveries
   */
  public int runUntilIdle(dev.lakewire.local.ManualClock clock, Duration maxVirtualTime) {
    Instant deadline = clock.instant().plus(maxVirtualTime);
    int count = 0;
    while (true) {
      if (deliverNext()) {
        count++;
        continue;
      }
      Optional<Instant> next = nextScheduled();
      if (next.isEmpty() || next.get().isAfter(deadline)) {
        return count;
      }
      clock.advanceTo(next.get());
    }
  }

  /** The dead-letter sub-queue of a queue (a copy). */
  public synchronized List<DeadLetter> deadLetters(String queue) {
    return List.copyOf(deadLetters.getOrDefault(queue, List.of()));
  }

  /** All dead letters of all queues. */
  public synchronized List<DeadLetter> deadLetters() {
    List<DeadLetter> all = new ArrayList<>();
    deadLetters.values().forEach(all::addAll);
    return all;
  }

  /**
   * Receives (removes) the dead letters of a queue that match, as a {@code
   * ServiceBusReceiverClient} on the dead-letter sub-queue would.
   */
  public synchronized List<DeadLetter> receiveDeadLetters(
      String queue, Predicate<DeadLetter> which) {
    List<DeadLetter> dlq = deadLetters.getOrDefault(queue, new ArrayList<>());
    List<DeadLetter> taken = dlq.stream().filter(which).toList();
    dlq.removeAll(taken);
    return taken;
  }

  public synchronized Stats stats() {
    return new Stats(sent, scheduled, duplicates, delivered, abandoned, deadLettered);
  }

  /** The queue name of a step. */
  public String queueOf(Step step) {
    return stepQueues.get(step);
  }

  private String queueOf(QueuedStep message) {
    String q = stepQueues.get(Step.valueOf(message.queueStep()));
    if (q == null) {
      throw new IllegalArgumentException("no queue for step " + message.queueStep());
    }
    return q;
  }

  private void addDeadLetter(
      String queue,
      String messageId,
      String workspace,
      String body,
      String reason,
      String description,
      int count) {
    deadLettered++;
    deadLetters
        .computeIfAbsent(queue, q -> new ArrayList<>())
        .add(
            new DeadLetter(
                queue, messageId, workspace, body, reason, description, count, clock.instant()));
    emit(BusEvent.Kind.DEAD_LETTERED, queue, messageId, body, count, reason + ": " + description);
  }

  private void emit(
      BusEvent.Kind kind, String queue, String id, String body, int count, String detail) {
    BusEvent event = new BusEvent(kind, queue, id, body, count, detail);
    for (Consumer<BusEvent> l : listeners) {
      l.accept(event);
    }
  }
}

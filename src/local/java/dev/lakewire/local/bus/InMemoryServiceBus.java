package dev.lakewire.local.bus;

import dev.lakewire.local.ManualClock;
import dev.lakewire.onboarding.message.Step;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Service Bus queues in memory, with the semantics lakewire relies on: at-least-once delivery in
 * peek-lock mode, a delivery count, dead-lettering after {@code maxDeliveryCount} (reason {@code
 * MaxDeliveryCountExceeded}), scheduled messages that become visible at their time on the given
 * clock, and duplicate detection on MessageId within a window.
 *
 * <p><b>Peek-lock</b> (<a
 * href="https://learn.microsoft.com/azure/service-bus-messaging/message-transfers-locks-settlement">
 * message transfers, locks and settlement</a>): {@link #receive} locks a visible message for the
 * lock duration (queue {@code lockDuration}, {@code PT1M} in {@code infra/app/servicebus.bicep})
 * and raises its delivery count; while locked, no other receiver gets it. {@link #complete} removes
 * it, {@link #abandon} makes it visible again at once; when the lock expires on the clock (the host
 * died, or a handler outlived its lock) the message is visible again and the next receive is its
 * next delivery, and settling with the expired lock fails ({@link MessageLockLostException}, as
 * {@code MessageLockLost}). A message whose delivery count has reached {@code maxDeliveryCount} is
 * dead-lettered instead of made visible again.
 *
 * <p><b>Delivery</b>: {@link #deliverNext} delivers one message on the caller's thread; {@link
 * #runUntilIdle(ManualClock, Duration, int)} delivers with N concurrent workers, as a Functions
 * host does with {@code maxConcurrentCalls}, each worker receiving, running the handler subscribed
 * to the queue (the function methods, in the local run) and settling. The clock moves only when
 * every worker is idle and nothing is visible: then to the next scheduled message or lock expiry,
 * so a handler never sees time move under it unless someone else moves the clock. Delivery order:
 * earliest visible first, then send order (workers take messages in that order; they finish in any
 * order).
 */
public final class InMemoryServiceBus implements StepMessages, DeadLetterQueues {

  /** The lock duration of lakewire's queues ({@code lockDuration: 'PT1M'} in the Bicep). */
  public static final Duration DEFAULT_LOCK_DURATION = Duration.ofMinutes(1);

  /** Receives one message; throwing abandons it (Service Bus redelivers). */
  @FunctionalInterface
  public interface Handler {
    void handle(String body, int deliveryCount) throws Exception;
  }

  /** Settling a message whose lock expired (Service Bus {@code MessageLockLost}). */
  public static final class MessageLockLostException extends IllegalStateException {
    MessageLockLostException(String message) {
      super(message);
    }
  }

  /**
   * A message received in peek-lock mode.
   *
   * @param lockToken settles this delivery
   * @param queue the queue
   * @param messageId the MessageId
   * @param body the body
   * @param deliveryCount 1 on the first delivery
   * @param lockedUntil when the lock expires on the bus's clock
   */
  public record Delivery(
      long lockToken,
      String queue,
      String messageId,
      String body,
      int deliveryCount,
      Instant lockedUntil) {}

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
      LOCK_EXPIRED,
      LOCK_LOST,
      DEAD_LETTERED
    }
  }

  /**
   * Counters.
   *
   * @param redelivered made visible again after a failed delivery: abandoned or lock expired
   * @param lockLost settlements refused because the lock had expired
   * @param maxConcurrent the most deliveries that were running at once
   */
  public record Stats(
      long sent,
      long scheduled,
      long duplicatesDropped,
      long delivered,
      long redelivered,
      long deadLettered,
      long lockLost,
      int maxConcurrent) {

    /** Made visible again after a failed delivery (same as {@link #redelivered}). */
    public long abandoned() {
      return redelivered;
    }
  }

  private record Envelope(
      long seq,
      String queue,
      String messageId,
      String workspace,
      String body,
      Instant visibleAt,
      int deliveries) {}

  private record Lock(Envelope envelope, Instant until) {}

  private final Clock clock;
  private final Map<Step, String> stepQueues;
  private final int maxDeliveryCount;
  private final Duration duplicateWindow;
  private final Duration lockDuration;
  private final PriorityQueue<Envelope> pending =
      new PriorityQueue<>(
          Comparator.comparing(Envelope::visibleAt).thenComparingLong(Envelope::seq));
  private final Map<Long, Lock> locks = new HashMap<>();
  private final Map<String, Handler> handlers = new HashMap<>();
  private final Map<String, Instant> seenIds = new HashMap<>();
  private final Map<String, List<DeadLetter>> deadLetters = new HashMap<>();
  private final List<Consumer<BusEvent>> listeners = new CopyOnWriteArrayList<>();
  private long seq;
  private long sent;
  private long scheduled;
  private long duplicates;
  private long delivered;
  private long redelivered;
  private long deadLettered;
  private long lockLost;
  private long replays;
  private int crashesLeft;
  private int running;
  private int maxRunning;

  /**
   * A bus whose queues have the default lock duration (1 minute).
   *
   * @param clock the clock scheduled messages, locks and the duplicate window are measured on
   * @param stepQueues step → queue name (as {@code Queues.fromSettings} gives)
   * @param maxDeliveryCount deliveries before a message is dead-lettered (Service Bus default 10)
   * @param duplicateWindow duplicate detection history window (Service Bus default 10 minutes)
   */
  public InMemoryServiceBus(
      Clock clock, Map<Step, String> stepQueues, int maxDeliveryCount, Duration duplicateWindow) {
    this(clock, stepQueues, maxDeliveryCount, duplicateWindow, DEFAULT_LOCK_DURATION);
  }

  /**
   * @param lockDuration how long a received message stays locked to its receiver
   */
  public InMemoryServiceBus(
      Clock clock,
      Map<Step, String> stepQueues,
      int maxDeliveryCount,
      Duration duplicateWindow,
      Duration lockDuration) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.stepQueues = Map.copyOf(stepQueues);
    if (maxDeliveryCount < 1) {
      throw new IllegalArgumentException("maxDeliveryCount must be at least 1");
    }
    if (lockDuration.isNegative() || lockDuration.isZero()) {
      throw new IllegalArgumentException("lockDuration must be positive: " + lockDuration);
    }
    this.maxDeliveryCount = maxDeliveryCount;
    this.duplicateWindow = duplicateWindow;
    this.lockDuration = lockDuration;
  }

  /** Routes messages of {@code queue} to {@code handler}. */
  public synchronized void subscribe(String queue, Handler handler) {
    handlers.put(queue, handler);
  }

  /**
   * Makes the next {@code n} deliveries crash after their handler ran: as when the host dies before
   * completing the message, its lock expires and Service Bus redelivers it (the work was done; the
   * step must find it done). Counted across all workers: exactly {@code n} deliveries crash.
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
    notifyAll();
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
   * Receives the next visible message in peek-lock mode, if any: it is locked for the lock duration
   * and its delivery count raised. Expired locks are released first.
   */
  public synchronized Optional<Delivery> receive() {
    releaseExpiredLocks();
    Envelope head = pending.peek();
    if (head == null || head.visibleAt().isAfter(clock.instant())) {
      return Optional.empty();
    }
    pending.poll();
    Envelope e =
        new Envelope(
            head.seq(),
            head.queue(),
            head.messageId(),
            head.workspace(),
            head.body(),
            head.visibleAt(),
            head.deliveries() + 1);
    long token = ++seq;
    Instant until = clock.instant().plus(lockDuration);
    locks.put(token, new Lock(e, until));
    delivered++;
    return Optional.of(
        new Delivery(token, e.queue(), e.messageId(), e.body(), e.deliveries(), until));
  }

  /**
   * Completes a received message: it leaves the queue.
   *
   * @throws MessageLockLostException when its lock has expired (it is, or will be, delivered again)
   */
  public synchronized void complete(Delivery d) {
    heldLock(d);
    locks.remove(d.lockToken());
    emit(BusEvent.Kind.COMPLETED, d.queue(), d.messageId(), d.body(), d.deliveryCount(), null);
    notifyAll();
  }

  /**
   * Abandons a received message: visible again at once, or dead-lettered when its delivery count
   * has reached {@code maxDeliveryCount}.
   *
   * @throws MessageLockLostException when its lock has expired
   */
  public synchronized void abandon(Delivery d, String reason) {
    Lock lock = heldLock(d);
    locks.remove(d.lockToken());
    release(lock.envelope(), BusEvent.Kind.ABANDONED, reason);
  }

  private Lock heldLock(Delivery d) {
    Lock lock = locks.get(d.lockToken());
    if (lock == null || !lock.until().isAfter(clock.instant())) {
      if (lock != null) {
        locks.remove(d.lockToken());
        release(lock.envelope(), BusEvent.Kind.LOCK_EXPIRED, "lock expired at " + lock.until());
      }
      lockLost++;
      emit(BusEvent.Kind.LOCK_LOST, d.queue(), d.messageId(), d.body(), d.deliveryCount(), null);
      throw new MessageLockLostException(
          "the lock of message "
              + d.messageId()
              + " (delivery "
              + d.deliveryCount()
              + ") expired at "
              + d.lockedUntil()
              + "; it is delivered again");
    }
    return lock;
  }

  private void releaseExpiredLocks() {
    Instant now = clock.instant();
    List<Long> expired = new ArrayList<>();
    for (Map.Entry<Long, Lock> l : locks.entrySet()) {
      if (!l.getValue().until().isAfter(now)) {
        expired.add(l.getKey());
      }
    }
    expired.sort(Comparator.naturalOrder());
    for (Long token : expired) {
      Lock l = locks.remove(token);
      release(l.envelope(), BusEvent.Kind.LOCK_EXPIRED, "lock expired at " + l.until());
    }
  }

  /** A delivery that failed: visible again, or dead-lettered after the last allowed delivery. */
  private void release(Envelope e, BusEvent.Kind why, String detail) {
    if (e.deliveries() >= maxDeliveryCount) {
      addDeadLetter(
          e.queue(),
          e.messageId(),
          e.workspace(),
          e.body(),
          "MaxDeliveryCountExceeded",
          detail,
          e.deliveries());
    } else {
      redelivered++;
      pending.add(
          new Envelope(
              seq++,
              e.queue(),
              e.messageId(),
              e.workspace(),
              e.body(),
              clock.instant(),
              e.deliveries()));
      emit(why, e.queue(), e.messageId(), e.body(), e.deliveries(), detail);
    }
    notifyAll();
  }

  /**
   * Delivers the next visible message, if any, on this thread: receive, run the handler, then
   * complete (or abandon when the handler throws, or leave the lock to expire on an injected
   * crash).
   *
   * @return true when a message was delivered
   */
  public boolean deliverNext() {
    Optional<Delivery> d;
    synchronized (this) {
      d = receive();
      if (d.isEmpty()) {
        return false;
      }
      started();
    }
    try {
      deliver(d.get());
    } finally {
      finished();
    }
    return true;
  }

  private synchronized void started() {
    running++;
    maxRunning = Math.max(maxRunning, running);
  }

  private synchronized void finished() {
    running--;
    notifyAll();
  }

  private void deliver(Delivery d) {
    Handler h;
    synchronized (this) {
      h = handlers.get(d.queue());
    }
    if (h == null) {
      throw new IllegalStateException("no handler subscribed to queue " + d.queue());
    }
    emit(BusEvent.Kind.DELIVERED, d.queue(), d.messageId(), d.body(), d.deliveryCount(), null);
    Exception failure = null;
    try {
      h.handle(d.body(), d.deliveryCount());
    } catch (Exception ex) {
      failure = ex;
    }
    try {
      if (failure != null) {
        abandon(d, String.valueOf(failure));
      } else if (!takeCrash()) {
        complete(d);
      }
      // A crash leaves the message locked: the lock expires and it is delivered again.
    } catch (MessageLockLostException lost) {
      // The handler outlived its lock: the message is already visible to the other workers.
    }
  }

  private synchronized boolean takeCrash() {
    if (crashesLeft > 0) {
      crashesLeft--;
      return true;
    }
    return false;
  }

  /**
   * When the next scheduled (not yet visible) message becomes visible or the next lock expires, if
   * either is pending.
   */
  public synchronized Optional<Instant> nextScheduled() {
    Instant next = pending.isEmpty() ? null : pending.peek().visibleAt();
    for (Lock l : locks.values()) {
      if (next == null || l.until().isBefore(next)) {
        next = l.until();
      }
    }
    return Optional.ofNullable(next);
  }

  /** Messages waiting (visible, scheduled or locked) on all queues. */
  public synchronized int pendingCount() {
    return pending.size() + locks.size();
  }

  /**
   * Delivers until nothing is left, on this thread: whenever no message is visible, moves {@code
   * clock} to the next scheduled one or lock expiry. Stops when the bus is empty or {@code
   * maxVirtualTime} of clock time has passed.
   *
   * @return the number of deliveries
   */
  public int runUntilIdle(ManualClock clock, Duration maxVirtualTime) {
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

  /**
   * Delivers until nothing is left with {@code workers} concurrent workers (a Functions host's
   * {@code maxConcurrentCalls}). The clock moves only when every worker is idle and no message is
   * visible: to the next scheduled message or lock expiry. Stops when the bus is empty or {@code
   * maxVirtualTime} of clock time has passed; waits for every running delivery first.
   *
   * @return the number of deliveries
   * @throws IllegalStateException when a worker failed outside a handler (no handler subscribed)
   */
  public int runUntilIdle(ManualClock clock, Duration maxVirtualTime, int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, not " + workers);
    }
    if (workers == 1) {
      return runUntilIdle(clock, maxVirtualTime);
    }
    Instant deadline = clock.instant().plus(maxVirtualTime);
    // Whoever moves the clock (a test, another host's work) may expire locks: wake the workers.
    Runnable wake =
        () -> {
          synchronized (this) {
            notifyAll();
          }
        };
    clock.addListener(wake);
    try {
      return runWorkers(clock, deadline, workers);
    } finally {
      clock.removeListener(wake);
    }
  }

  private int runWorkers(ManualClock clock, Instant deadline, int workers) {
    AtomicInteger count = new AtomicInteger();
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    boolean[] done = {false};
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Delivery d;
                    synchronized (this) {
                      while (true) {
                        if (done[0]) {
                          return;
                        }
                        Optional<Delivery> got = receive();
                        if (got.isPresent()) {
                          d = got.get();
                          break;
                        }
                        if (running == 0) {
                          Optional<Instant> next = nextScheduled();
                          if (next.isEmpty() || next.get().isAfter(deadline)) {
                            done[0] = true;
                            notifyAll();
                            return;
                          }
                          clock.advanceTo(next.get());
                          continue;
                        }
                        wait();
                      }
                      // Counted as running before the lock is let go, so no idle worker moves
                      // the clock between this receive and the handler's start.
                      started();
                    }
                    count.incrementAndGet();
                    try {
                      deliver(d);
                    } finally {
                      finished();
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (RuntimeException | Error e) {
                  failed.compareAndSet(
                      null, e instanceof RuntimeException r ? r : new IllegalStateException(e));
                  synchronized (this) {
                    done[0] = true;
                    notifyAll();
                  }
                }
              },
              "bus-worker-" + (i + 1));
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the bus workers ran", e);
      }
    }
    if (failed.get() != null) {
      throw failed.get();
    }
    return count.get();
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
    return new Stats(
        sent, scheduled, duplicates, delivered, redelivered, deadLettered, lockLost, maxRunning);
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

package dev.lakewire.local.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakewire.local.ManualClock;
import dev.lakewire.local.bus.InMemoryServiceBus.Delivery;
import dev.lakewire.local.bus.InMemoryServiceBus.MessageLockLostException;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.ports.StepMessages.QueuedStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Peek-lock and concurrent delivery, as a Functions host with {@code maxConcurrentCalls} receives
 * from Service Bus: locks per message, redelivery after the lock expires on the clock, delivery
 * counts, dead-lettering, crashes, duplicates and scheduled messages with N workers.
 */
class ConcurrentDeliveryTest {

  private static final Duration LOCK = Duration.ofMinutes(1);

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final InMemoryServiceBus bus =
      new InMemoryServiceBus(
          clock,
          Map.of(
              Step.CREATE_ACCESS_CONNECTOR, "q1",
              Step.ASSIGN_STORAGE_ROLES, "q2",
              Step.BIND_METASTORE, "q3"),
          3,
          Duration.ofMinutes(10),
          LOCK);

  private static QueuedStep message(String id) {
    return new QueuedStep("CREATE_ACCESS_CONNECTOR", id, "/ws-" + id, "c", "body-" + id);
  }

  @Test
  void holdsAReceivedMessageFromOtherReceiversWhileItsLockIsValid() {
    bus.send(message("a"));

    Delivery first = bus.receive().orElseThrow();
    clock.advance(LOCK.minusSeconds(1));

    assertThat(bus.receive()).isEmpty();
    assertThat(first.deliveryCount()).isEqualTo(1);
    assertThat(first.lockedUntil()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
  }

  @Test
  void redeliversAfterTheLockExpiresWithTheDeliveryCountRaised() {
    bus.send(message("a"));
    Delivery first = bus.receive().orElseThrow();

    clock.advance(LOCK);
    Delivery second = bus.receive().orElseThrow();

    assertThat(second.messageId()).isEqualTo("a");
    assertThat(second.deliveryCount()).isEqualTo(2);
    assertThatThrownBy(() -> bus.complete(first)).isInstanceOf(MessageLockLostException.class);
    bus.complete(second);
    assertThat(bus.pendingCount()).isZero();
    assertThat(bus.stats().lockLost()).isEqualTo(1);
  }

  @Test
  void deadLettersAMessageWhoseLockExpiredOnItsLastAllowedDelivery() {
    bus.send(message("a"));

    for (int i = 1; i <= 3; i++) {
      assertThat(bus.receive().orElseThrow().deliveryCount()).isEqualTo(i);
      clock.advance(LOCK);
    }

    assertThat(bus.receive()).isEmpty();
    assertThat(bus.deadLetters("q1"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo("MaxDeliveryCountExceeded");
              assertThat(d.deliveryCount()).isEqualTo(3);
            });
  }

  @Test
  void abandonMakesTheMessageVisibleAtOnce() {
    bus.send(message("a"));
    Delivery first = bus.receive().orElseThrow();

    bus.abandon(first, "boom");

    assertThat(bus.receive().orElseThrow().deliveryCount()).isEqualTo(2);
  }

  @Test
  void runsUpToNHandlersAtOnce() {
    int workers = 4;
    CyclicBarrier allIn = new CyclicBarrier(workers);
    bus.subscribe(
        "q1",
        (body, count) -> {
          // Every handler waits for the other three: only concurrent delivery gets past this.
          allIn.await(10, TimeUnit.SECONDS);
        });
    for (int i = 0; i < workers * 3; i++) {
      bus.send(message("m" + i));
    }

    int deliveries = bus.runUntilIdle(clock, Duration.ofHours(1), workers);

    assertThat(deliveries).isEqualTo(workers * 3);
    assertThat(bus.stats().maxConcurrent()).isEqualTo(workers);
    assertThat(bus.pendingCount()).isZero();
  }

  @Test
  void neverHandsOneMessageToTwoWorkersAtOnceAndDeliversEachOnceWithoutFaults() {
    Set<String> inHand = ConcurrentHashMap.newKeySet();
    List<String> doubleHanded = Collections.synchronizedList(new ArrayList<>());
    Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    bus.subscribe(
        "q1",
        (body, count) -> {
          if (!inHand.add(body)) {
            doubleHanded.add(body);
          }
          handled.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
          Thread.onSpinWait();
          inHand.remove(body);
        });
    for (int i = 0; i < 500; i++) {
      bus.send(message("m" + i));
    }

    bus.runUntilIdle(clock, Duration.ofHours(1), 8);

    assertThat(doubleHanded).isEmpty();
    assertThat(handled).hasSize(500);
    assertThat(handled.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(bus.stats().delivered()).isEqualTo(500);
  }

  @RepeatedTest(5)
  void crashedDeliveriesComeBackOnceTheirLockExpiresWhateverTheWorkerCount() {
    Map<String, List<Integer>> counts = new ConcurrentHashMap<>();
    bus.subscribe(
        "q1",
        (body, count) ->
            counts
                .computeIfAbsent(body, b -> Collections.synchronizedList(new ArrayList<>()))
                .add(count));
    for (int i = 0; i < 40; i++) {
      bus.send(message("m" + i));
    }
    bus.injectCrashes(10);
    Instant start = clock.instant();

    bus.runUntilIdle(clock, Duration.ofHours(1), 6);

    long crashed = counts.values().stream().filter(c -> c.size() == 2).count();
    assertThat(crashed).isEqualTo(10);
    assertThat(counts.values()).allSatisfy(c -> assertThat(c).isIn(List.of(1), List.of(1, 2)));
    assertThat(Duration.between(start, clock.instant())).isEqualTo(LOCK);
    assertThat(bus.stats().redelivered()).isEqualTo(10);
    assertThat(bus.deadLetters()).isEmpty();
    assertThat(bus.pendingCount()).isZero();
  }

  @RepeatedTest(20)
  void aHandlerThatOutlivesItsLockLosesTheMessageToAnotherWorker() throws Exception {
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    List<Integer> deliveries = Collections.synchronizedList(new ArrayList<>());
    bus.subscribe(
        "q1",
        (body, count) -> {
          deliveries.add(count);
          if (count == 1) {
            firstRunning.countDown();
            assertThat(releaseFirst.await(10, TimeUnit.SECONDS)).isTrue();
          } else {
            releaseFirst.countDown();
          }
        });
    bus.send(message("slow"));
    Thread mover =
        new Thread(
            () -> {
              try {
                firstRunning.await(10, TimeUnit.SECONDS);
                // Someone else's time passes (another host's work): the first lock expires.
                clock.advance(LOCK.plusSeconds(1));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    mover.start();

    bus.runUntilIdle(clock, Duration.ofHours(1), 2);
    mover.join();

    assertThat(deliveries).containsExactly(1, 2);
    assertThat(bus.stats().lockLost()).isEqualTo(1);
    assertThat(bus.pendingCount()).isZero();
    assertThat(bus.deadLetters()).isEmpty();
  }

  @Test
  void dropsDuplicatesSentFromManyThreadsAtOnce() throws Exception {
    List<Thread> senders = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int t = 0; t < 8; t++) {
      Thread th =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 50; i++) {
                  bus.send(message("m" + i));
                }
              });
      senders.add(th);
      th.start();
    }
    go.countDown();
    for (Thread th : senders) {
      th.join();
    }

    assertThat(bus.pendingCount()).isEqualTo(50);
    assertThat(bus.stats().duplicatesDropped()).isEqualTo(7 * 50);
  }

  @Test
  void scheduledMessagesWaitForTheirTimeWhileWorkersRun() {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    bus.subscribe(
        "q1",
        (body, count) -> {
          seen.add(body + "@" + clock.instant());
          if (body.equals("body-now")) {
            bus.schedule(message("later"), clock.instant().plusSeconds(30));
          }
        });
    bus.send(message("now"));
    bus.schedule(message("soon"), clock.instant().plusSeconds(10));

    bus.runUntilIdle(clock, Duration.ofHours(1), 4);

    assertThat(seen)
        .containsExactly(
            "body-now@2026-01-01T00:00:00Z",
            "body-soon@2026-01-01T00:00:10Z",
            "body-later@2026-01-01T00:00:30Z");
  }

  @Test
  void stopsAtTheTimeLimitWithScheduledMessagesLeft() {
    bus.subscribe("q1", (body, count) -> {});
    bus.schedule(message("far"), clock.instant().plus(Duration.ofHours(2)));

    assertThat(bus.runUntilIdle(clock, Duration.ofHours(1), 4)).isZero();
    assertThat(bus.pendingCount()).isEqualTo(1);
  }
}

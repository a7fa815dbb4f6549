package dev.lakewire.local.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.ManualClock;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.ports.StepMessages.QueuedStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryServiceBusTest {

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final InMemoryServiceBus bus =
      new InMemoryServiceBus(
          clock,
          Map.of(
              Step.CREATE_ACCESS_CONNECTOR, "q1",
              Step.ASSIGN_STORAGE_ROLES, "q2",
              Step.BIND_METASTORE, "q3"),
          3,
          Duration.ofMinutes(10));
  private final List<String> handled = new ArrayList<>();

  private static QueuedStep message(String id) {
    return new QueuedStep("CREATE_ACCESS_CONNECTOR", id, "/ws", "c", "body-" + id);
  }

  @Test
  void deliversInSendOrderWithADeliveryCountOfOne() {
    bus.subscribe("q1", (body, count) -> handled.add(body + "#" + count));
    bus.send(message("a"));
    bus.send(message("b"));

    bus.runUntilIdle(clock, Duration.ZERO);

    assertThat(handled).containsExactly("body-a#1", "body-b#1");
  }

  @Test
  void redeliversAfterAFailureAndDeadLettersAfterMaxDeliveryCount() {
    bus.subscribe(
        "q1",
        (body, count) -> {
          handled.add(body + "#" + count);
          throw new IllegalStateException("boom");
        });
    bus.send(message("a"));

    bus.runUntilIdle(clock, Duration.ZERO);

    assertThat(handled).containsExactly("body-a#1", "body-a#2", "body-a#3");
    assertThat(bus.deadLetters("q1"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo("MaxDeliveryCountExceeded");
              assertThat(d.description()).contains("boom");
              assertThat(d.deliveryCount()).isEqualTo(3);
            });
  }

  @Test
  void holdsScheduledMessagesUntilTheirTimeOnTheClock() {
    bus.subscribe("q1", (body, count) -> handled.add(body));
    bus.schedule(message("later"), clock.instant().plusSeconds(30));

    assertThat(bus.deliverNext()).isFalse();
    clock.advance(Duration.ofSeconds(29));
    assertThat(bus.deliverNext()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(bus.deliverNext()).isTrue();
    assertThat(handled).containsExactly("body-later");
  }

  @Test
  void runUntilIdleMovesTheClockToScheduledMessagesWithinTheLimit() {
    bus.subscribe("q1", (body, count) -> handled.add(body));
    bus.schedule(message("soon"), clock.instant().plusSeconds(30));
    bus.schedule(message("too-late"), clock.instant().plusSeconds(3600));

    bus.runUntilIdle(clock, Duration.ofMinutes(5));

    assertThat(handled).containsExactly("body-soon");
    assertThat(bus.pendingCount()).isEqualTo(1);
  }

  @Test
  void dropsADuplicateMessageIdWithinTheWindowOnly() {
    bus.subscribe("q1", (body, count) -> handled.add(body));

    assertThat(bus.sendTo("q1", "same", "one", null)).isTrue();
    assertThat(bus.sendTo("q1", "same", "two", null)).isFalse();
    assertThat(bus.sendTo("q2", "same", "other queue", null)).isTrue();
    clock.advance(Duration.ofMinutes(10));
    assertThat(bus.sendTo("q1", "same", "three", null)).isTrue();

    assertThat(bus.stats().duplicatesDropped()).isEqualTo(1);
  }

  @Test
  void parksPermanentFailuresInTheStepQueuesDeadLetterSubQueue() {
    bus.deadLetter(message("bad"), "storage account lake is not ADLS Gen2");

    assertThat(bus.deadLetters("q1"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo("lakewire:failed");
              assertThat(d.description()).isEqualTo("storage account lake is not ADLS Gen2");
            });
    assertThat(bus.receiveDeadLetters("q1", d -> true)).hasSize(1);
    assertThat(bus.deadLetters("q1")).isEmpty();
  }
}

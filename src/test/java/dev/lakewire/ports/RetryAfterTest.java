package dev.lakewire.ports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void readsDeltaSeconds() {
    assertThat(RetryAfter.parse(" 17 ", clock)).contains(Duration.ofSeconds(17));
  }

  @Test
  void readsAnHttpDateAgainstTheClock() {
    assertThat(RetryAfter.parse("Thu, 01 Jan 2026 00:01:30 GMT", clock))
        .contains(Duration.ofSeconds(90));
  }

  @Test
  void aDateInThePastMeansNow() {
    assertThat(RetryAfter.parse("Wed, 31 Dec 2025 23:59:00 GMT", clock)).contains(Duration.ZERO);
  }

  @Test
  void absentOrUnreadableIsEmpty() {
    assertThat(RetryAfter.parse(null, clock)).isEmpty();
    assertThat(RetryAfter.parse(" ", clock)).isEmpty();
    assertThat(RetryAfter.parse("soon", clock)).isEmpty();
    assertThat(RetryAfter.parseMillis("1.5")).isEmpty();
  }

  @Test
  void readsMillisecondsAndNeverANegativeWait() {
    assertThat(RetryAfter.parseMillis("1500")).contains(Duration.ofMillis(1500));
    assertThat(RetryAfter.parseMillis("-5")).contains(Duration.ZERO);
  }
}

package dev.lakewire.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArmQuotaTest {

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final ArmQuota quota = new ArmQuota(clock);

  private static final String WRITES = "sub-a writes";
  private static final String READS = "sub-a reads";

  private void reports(String key, boolean write, String remaining) {
    quota.observe(
        key,
        write,
        FakeHttpResponse.of(
            200,
            "x-ms-ratelimit-remaining-subscription-" + (write ? "writes" : "reads"),
            remaining),
        clock.instant());
  }

  @Test
  void aBucketNeverReportedIsNotPaced() {
    assertThat(quota.admit(WRITES, true, clock.instant())).isNull();
  }

  @Test
  void aWriteThatWouldFindTheBucketEmptyWaitsForTheRefillInsteadOfBeingSent() {
    reports(WRITES, true, "0");

    // writes refill 10 per second: the next token is 100 ms away
    assertThat(quota.admit(WRITES, true, clock.instant())).isEqualTo(Duration.ofMillis(100));
    // reads and other subscriptions are other buckets
    assertThat(quota.admit(READS, false, clock.instant())).isNull();
    assertThat(quota.admit("sub-b writes", true, clock.instant())).isNull();
  }

  @Test
  void waitingRequestsGetSlotsOneRefillIntervalApartSoTheyDoNotComeBackInAHerd() {
    reports(WRITES, true, "0");

    assertThat(quota.admit(WRITES, true, clock.instant())).isEqualTo(Duration.ofMillis(100));
    assertThat(quota.admit(WRITES, true, clock.instant())).isEqualTo(Duration.ofMillis(200));
    assertThat(quota.admit(WRITES, true, clock.instant())).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void aRequestComingBackOnItsSlotGoesEvenWhenLaterSlotsWereGiven() {
    reports(WRITES, true, "0");
    Duration first = quota.admit(WRITES, true, clock.instant());
    quota.admit(WRITES, true, clock.instant());
    quota.admit(WRITES, true, clock.instant());

    clock.advance(first);

    assertThat(quota.admit(WRITES, true, clock.instant())).isNull();
  }

  @Test
  void theBucketRefillsAtTheDocumentedRateBetweenAnswers() {
    reports(READS, false, "0");
    clock.advance(Duration.ofMillis(80)); // 2 reads refilled (25 per second)

    assertThat(quota.admit(READS, false, clock.instant())).isNull();
    assertThat(quota.admit(READS, false, clock.instant())).isNull();
    assertThat(quota.admit(READS, false, clock.instant())).isNotNull();
  }

  @Test
  void aLevelAboveZeroLetsThatManyRequestsGoWithoutWaiting() {
    reports(WRITES, true, "2");

    assertThat(quota.admit(WRITES, true, clock.instant())).isNull();
    assertThat(quota.admit(WRITES, true, clock.instant())).isNull();
    assertThat(quota.admit(WRITES, true, clock.instant())).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void aStepsWritesAreReservedTogetherOrHeldBackTogether() {
    reports(WRITES, true, "1");

    // two role assignments need two tokens: none is sent while only one is there
    assertThat(quota.reserve(WRITES, true, 2, clock.instant())).isEqualTo(Duration.ofMillis(100));
    clock.advance(Duration.ofMillis(100));
    assertThat(quota.reserve(WRITES, true, 2, clock.instant())).isNull();
    // the reserved writes pass without taking more; the next one waits
    assertThat(quota.admit(WRITES, true, clock.instant())).isNull();
    assertThat(quota.admit(WRITES, true, clock.instant())).isNull();
    assertThat(quota.admit(WRITES, true, clock.instant())).isNotNull();
  }

  @Test
  void creditLeftByAnEarlierReservationCountsSoReservationsTakeNoMoreThanTheyUse() {
    reports(READS, false, "10");

    assertThat(quota.reserve(READS, false, 2, clock.instant())).isNull(); // 2 taken
    assertThat(quota.admit(READS, false, clock.instant())).isNull(); // 1 credit left
    assertThat(quota.reserve(READS, false, 2, clock.instant())).isNull(); // only 1 more taken
    assertThat(quota.admit(READS, false, clock.instant())).isNull();
    assertThat(quota.admit(READS, false, clock.instant())).isNull();

    // 10 - 3 taken: 7 left, then the 8th waits
    for (int i = 0; i < 7; i++) {
      assertThat(quota.admit(READS, false, clock.instant())).isNull();
    }
    assertThat(quota.admit(READS, false, clock.instant())).isNotNull();
  }

  @Test
  void theSmallerOfThePrincipalAndTheGlobalLevelCounts() {
    quota.observe(
        WRITES,
        true,
        FakeHttpResponse.of(
            200,
            "x-ms-ratelimit-remaining-subscription-writes",
            "150",
            "x-ms-ratelimit-remaining-subscription-global-writes",
            "0"),
        clock.instant());

    assertThat(quota.admit(WRITES, true, clock.instant())).isNotNull();
  }

  @Test
  void a429WithoutHeadersEmptiesTheBucket() {
    quota.observe(WRITES, true, FakeHttpResponse.of(429), clock.instant());

    assertThat(quota.admit(WRITES, true, clock.instant())).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void armsOwn429HoldsTheBucketUntilItsRetryAfterWhateverTheRefill() {
    quota.observe(
        READS,
        false,
        FakeHttpResponse.of(
            429, "Retry-After", "1", "x-ms-ratelimit-remaining-subscription-reads", "0"),
        clock.instant());
    clock.advance(Duration.ofMillis(500)); // 12 reads refilled, but ARM said one second

    assertThat(quota.admit(READS, false, clock.instant())).isEqualTo(Duration.ofMillis(500));
    clock.advance(Duration.ofMillis(500));
    assertThat(quota.admit(READS, false, clock.instant())).isNull();
  }

  @Test
  void anUnreadableHeaderIsIgnored() {
    reports(WRITES, true, "lots");

    assertThat(quota.admit(WRITES, true, clock.instant())).isNull();
  }
}

package dev.lakewire.onboarding.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpectedDelaysTest {

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final Instant granted = clock.instant();

  @Test
  void theFirstValidationIsWhenTheGrantIsExpectedOnTheDataPlaneNotBefore() {
    clock.advance(Duration.ofSeconds(70));

    assertThat(ExpectedDelays.nextValidation(granted, clock.instant(), false))
        .isEqualTo(granted.plus(ExpectedDelays.RBAC_DATA_PLANE));
  }

  @Test
  void onceTheGrantIsExpectedTheFirstValidationIsNow() {
    clock.advance(Duration.ofMinutes(6));

    assertThat(ExpectedDelays.nextValidation(granted, clock.instant(), false))
        .isEqualTo(clock.instant());
  }

  @Test
  void afterAFailedLookItReChecksOnAShortCadenceUntilTheWindowCloses() {
    clock.advance(ExpectedDelays.RBAC_DATA_PLANE);

    assertThat(ExpectedDelays.nextValidation(granted, clock.instant(), true))
        .isEqualTo(clock.instant().plus(ExpectedDelays.PROPAGATION_RECHECK));
    clock.advanceTo(granted.plus(ExpectedDelays.RBAC_DATA_PLANE_WINDOW).minusSeconds(5));
    // past the window (10 minutes, Azure's "up to 10 minutes"): the caller backs off and diagnoses
    assertThat(ExpectedDelays.nextValidation(granted, clock.instant(), true)).isNull();
  }
}

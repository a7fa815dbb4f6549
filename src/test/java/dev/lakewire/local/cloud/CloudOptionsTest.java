package dev.lakewire.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakewire.local.ManualClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CloudOptionsTest {

  @Test
  void defaultsAreTheRealCloudsTimingsOnTheSystemClockWithoutFaults() {
    CloudOptions d = CloudOptions.defaults();

    assertThat(d.clock()).isEqualTo(Clock.systemUTC());
    assertThat(d.timeScale()).isEqualTo(1.0);
    assertThat(d.connectorProvisioning()).isEqualTo(Duration.ofSeconds(20));
    assertThat(d.principalReplication()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.latency()).isZero();
    assertThat(d.throttling()).isTrue();
    assertThat(d.faults()).isEqualTo(Faults.none());
  }

  @Test
  void eachWithMethodChangesOnlyItsComponent() {
    ManualClock clock = ManualClock.atEpochOfDemo();
    CloudOptions o =
        CloudOptions.defaults()
            .withClock(clock)
            .withTimeScale(0.01)
            .withConnectorProvisioning(Duration.ofSeconds(5))
            .withPrincipalReplication(Duration.ofSeconds(7))
            .withLatency(Duration.ofMillis(3))
            .withThrottling(false)
            .withFaults(Faults.flaky())
            .withMetastoreAssignmentLag(Duration.ofSeconds(9));

    assertThat(o)
        .isEqualTo(
            new CloudOptions(
                clock,
                0.01,
                Duration.ofSeconds(5),
                Duration.ofSeconds(7),
                Duration.ofMillis(3),
                false,
                Faults.flaky(),
                Duration.ofSeconds(9)));
  }

  @Test
  void scalesDelaysByTheTimeScale() {
    assertThat(CloudOptions.defaults().withTimeScale(0.01).scaled(Duration.ofSeconds(20)))
        .isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> CloudOptions.defaults().withTimeScale(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeScale");
    assertThatThrownBy(() -> CloudOptions.defaults().withLatency(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latency");
    assertThatThrownBy(() -> CloudOptions.defaults().withFaults(null))
        .isInstanceOf(NullPointerException.class);
  }
}

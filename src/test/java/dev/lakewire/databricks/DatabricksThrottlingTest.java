package dev.lakewire.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.Faults;
import dev.lakewire.ports.CloudFailure;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DatabricksThrottlingTest {

  /** Throttle storms only: bursts of 3 to 8 answers 429 with a Retry-After of 1 to 5 s. */
  private final LocalWorkspace local =
      new LocalWorkspace(CloudOptions.defaults().withFaults(Faults.throttled()));

  private final UnityCatalogMetastores metastores = new UnityCatalogMetastores(local.clients);

  @AfterEach
  void stop() {
    local.close();
  }

  @Test
  void a429SurfacesAtOnceAndTheNextRequestWaitsForRetryAfterOnTheSharedClock() {
    local.cloud.addWorkspaceMember(local.workspaceId, local.applicationId);
    CloudFailure.Throttled throttled = null;
    int calls = 0;
    while (throttled == null && calls < 1000) {
      int before = local.unityCatalogRequests().size();
      try {
        metastores.current(local.workspace);
      } catch (CloudFailure.Throttled t) {
        throttled = t;
      }
      // one request per call: the SDK retries nothing, a 429 included
      assertThat(local.unityCatalogRequests()).hasSize(before + 1);
      calls++;
    }
    assertThat(throttled).as("a throttle storm within 1000 calls").isNotNull();
    assertThat(throttled.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
    assertThat(local.unityCatalogRequests().get(local.unityCatalogRequests().size() - 1).status())
        .isEqualTo(429);

    // the storm lasts a few answers: each time, wait what was asked on the clock, then ask again
    Optional<String> current = null;
    for (int i = 0; i < 10 && current == null; i++) {
      local.clock.advance(throttled.retryAfter());
      try {
        current = metastores.current(local.workspace);
      } catch (CloudFailure.Throttled again) {
        throttled = again;
      }
    }

    assertThat(current).isEmpty();
    assertThat(local.cloud.retryAfterViolations()).isEmpty();
  }
}

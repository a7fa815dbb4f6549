package dev.lakewire.azure;

import static dev.lakewire.azure.LocalArm.RG;
import static dev.lakewire.azure.LocalArm.SUB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.LoggedRequest;
import dev.lakewire.ports.CloudFailure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArmThrottlingTest {

  private final LocalArm local = new LocalArm(CloudOptions.defaults().withThrottling(true));

  @AfterEach
  void stop() {
    local.close();
  }

  @Test
  void aThrottledReadSurfacesAtOnceWithRetryAfterAndNothingIsSentBeforeIt() {
    String workspace = local.cloud.addWorkspace(SUB, RG, "ws-sales", "westeurope", "Succeeded");
    ArmWorkspaces workspaces = new ArmWorkspaces(local.arm);
    CloudFailure.Throttled throttled = null;
    int reads = 0;
    while (throttled == null && reads < 300) {
      try {
        workspaces.find(workspace);
        reads++;
      } catch (CloudFailure.Throttled t) {
        throttled = t;
      }
    }

    // ARM's read bucket holds 250 requests; the clock stands still, so the 251st is refused
    assertThat(reads).isEqualTo(250);
    assertThat(throttled).isNotNull();
    assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    List<LoggedRequest> arm = local.armRequests();
    assertThat(arm).hasSize(251);
    assertThat(arm.get(250).status()).isEqualTo(429);

    local.clock.advance(throttled.retryAfter());

    assertThat(workspaces.find(workspace)).isPresent();
    assertThat(local.armRequests()).hasSize(252);
    assertThat(local.cloud.retryAfterViolations()).isEmpty();
  }
}

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
  void aReadThatWouldFindTheBucketEmptyIsHeldBackNotSentAndGoesOnceARefillIsDue() {
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

    // ARM's read bucket holds 250 requests and each answer says how many are left: the clock
    // stands still, so lakewire holds the 251st back itself (ArmQuota) instead of spending a 429,
    // until one read has refilled (25 per second); a workspace read reserves its connector's read
    // too (step 1 makes both), so the 250th waits for a second token while one is left
    assertThat(reads).isEqualTo(249);
    assertThat(throttled).isNotNull();
    assertThat(throttled.retryAfter()).isEqualTo(Duration.ofMillis(40));
    assertThat(throttled.bucket()).startsWith("paced arm subscription");
    List<LoggedRequest> arm = local.armRequests();
    assertThat(arm).hasSize(249);
    assertThat(arm).noneMatch(r -> r.status() == 429);

    local.clock.advance(throttled.retryAfter());

    assertThat(workspaces.find(workspace)).isPresent();
    assertThat(local.armRequests()).hasSize(250);
    assertThat(local.cloud.retryAfterViolations()).isEmpty();
  }
}

package dev.lakewire.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.ManualClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThrottlingTest {

  private static final String SUB = Clients.SUBSCRIPTION;
  private static final String API = "?api-version=2026-01-01";

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private LocalCloud cloud;
  private String workspacePath;

  private void start(CloudOptions options) {
    cloud = LocalCloud.start(options.withClock(clock));
    workspacePath = cloud.addWorkspace(SUB, "rg-data", "ws", "westeurope", "Succeeded") + API;
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void readsAreThrottledAfterTheBurstWithRetryAfterAndRefillOnTheClock() {
    start(CloudOptions.defaults());
    String token = Clients.rawToken(Clients.ARM_RESOURCE, null);

    HttpResponse<String> first = read(token);
    for (int i = 1; i < Throttle.READ_BURST - 1; i++) {
      assertThat(read(token).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> last = read(token);
    HttpResponse<String> throttled = read(token);

    assertThat(first.headers().firstValue("x-ms-ratelimit-remaining-subscription-reads"))
        .contains("249");
    assertThat(last.statusCode()).isEqualTo(200);
    assertThat(last.headers().firstValue("x-ms-ratelimit-remaining-subscription-reads"))
        .contains("0");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(Clients.parse(throttled.body()).at("/error/code").asText())
        .isEqualTo("TooManyRequests");
    assertThat(throttled.headers().firstValue("Retry-After")).contains("1");
    assertThat(throttled.headers().firstValue("retry-after-ms")).contains("1000");
    assertThat(cloud.stats().throttled()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    for (int i = 0; i < 25; i++) {
      assertThat(read(token).statusCode()).isEqualTo(200);
    }
    assertThat(read(token).statusCode()).isEqualTo(429);
    assertThat(cloud.retryAfterViolations()).isEmpty();
  }

  @Test
  void writesHaveTheirOwnBucketPerPrincipal() {
    start(CloudOptions.defaults());
    String lakewire = Clients.rawToken(Clients.ARM_RESOURCE, null);
    String other = Clients.rawToken(Clients.ARM_RESOURCE, "1b0c9f3e-1111-4222-8333-444455556666");
    String group = "/subscriptions/" + SUB + "/resourceGroups/rg-data" + API;

    for (int i = 0; i < Throttle.WRITE_BURST; i++) {
      assertThat(write(group, lakewire).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> throttled = write(group, lakewire);

    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("x-ms-ratelimit-remaining-subscription-writes"))
        .contains("0");
    assertThat(read(lakewire).statusCode()).isEqualTo(200);
    assertThat(write(group, other).statusCode()).isEqualTo(200);
  }

  @Test
  void aRetryBeforeRetryAfterHasPassedIsRecordedAsAViolation() {
    start(CloudOptions.defaults());
    String token = Clients.rawToken(Clients.ARM_RESOURCE, null);
    exhaustReads(token);

    read(token);
    read(token);
    clock.advance(Duration.ofSeconds(1));
    read(token);

    assertThat(cloud.retryAfterViolations())
        .containsExactly(java.util.Map.entry(LocalCloud.principalIdFor(null), 1L));
  }

  @Test
  void theTimeScaleShortensRetryAfterAndSpeedsUpTheRefill() {
    start(CloudOptions.defaults().withTimeScale(0.1));
    String token = Clients.rawToken(Clients.ARM_RESOURCE, null);
    exhaustReads(token);

    HttpResponse<String> throttled = read(token);
    clock.advance(Duration.ofMillis(100));

    assertThat(throttled.headers().firstValue("retry-after-ms")).contains("100");
    assertThat(throttled.headers().firstValue("Retry-After")).contains("1");
    for (int i = 0; i < 25; i++) {
      assertThat(read(token).statusCode()).isEqualTo(200);
    }
    assertThat(read(token).statusCode()).isEqualTo(429);
    assertThat(cloud.retryAfterViolations()).isEmpty();
  }

  @Test
  void withoutThrottlingTheBucketsNeverRunDry() {
    start(CloudOptions.defaults().withThrottling(false));
    String token = Clients.rawToken(Clients.ARM_RESOURCE, null);

    for (int i = 0; i < Throttle.READ_BURST + 10; i++) {
      assertThat(read(token).statusCode()).isEqualTo(200);
    }
    assertThat(read(token).headers().firstValue("x-ms-ratelimit-remaining-subscription-reads"))
        .contains(Integer.toString(Throttle.READ_BURST));
    assertThat(cloud.stats().throttled()).isZero();
    assertThat(cloud.stats().armReads()).isEqualTo(Throttle.READ_BURST + 11);
  }

  private void exhaustReads(String token) {
    for (int i = 0; i < Throttle.READ_BURST; i++) {
      assertThat(read(token).statusCode()).isEqualTo(200);
    }
  }

  private HttpResponse<String> read(String token) {
    return Clients.send(Clients.arm(cloud, "GET", workspacePath, null, token));
  }

  private HttpResponse<String> write(String path, String token) {
    return Clients.send(Clients.arm(cloud, "PUT", path, "{\"location\":\"westeurope\"}", token));
  }
}

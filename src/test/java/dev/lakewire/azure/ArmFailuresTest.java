package dev.lakewire.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import dev.lakewire.local.ManualClock;
import dev.lakewire.ports.CloudFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ArmFailuresTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ArmFailures failures = new ArmFailures(clock);

  private static ManagementException arm(int status, String code, String message, String... h) {
    return new ManagementException(
        code + ": " + message, FakeHttpResponse.of(status, h), new ManagementError(code, message));
  }

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of(429, "TooManyRequests", CloudFailure.Throttled.class),
        Arguments.of(429, "SubscriptionRequestsThrottled", CloudFailure.Throttled.class),
        Arguments.of(400, "PrincipalNotFound", CloudFailure.NotYet.class),
        Arguments.of(403, "AuthorizationFailed", CloudFailure.Permanent.class),
        Arguments.of(400, "InvalidRequestContent", CloudFailure.Permanent.class),
        Arguments.of(400, "RoleAssignmentUpdateNotPermitted", CloudFailure.Permanent.class),
        Arguments.of(409, "InvalidResourceLocation", CloudFailure.Permanent.class),
        Arguments.of(404, "ResourceGroupNotFound", CloudFailure.Permanent.class),
        Arguments.of(409, "AnotherOperationInProgress", CloudFailure.Transient.class),
        Arguments.of(401, "ExpiredAuthenticationToken", CloudFailure.Transient.class),
        Arguments.of(500, "InternalServerError", CloudFailure.Transient.class),
        Arguments.of(503, "ServiceUnavailable", CloudFailure.Transient.class),
        Arguments.of(502, "BadGateway", CloudFailure.Transient.class));
  }

  @ParameterizedTest(name = "{0} {1} is {2}")
  @MethodSource("answers")
  void eachAnswerLandsInExactlyOneClass(
      int status, String code, Class<? extends CloudFailure> expected) {
    ManagementException error = arm(status, code, "said so");

    CloudFailure out = failures.classify("PUT x", error);

    assertThat(out).isExactlyInstanceOf(expected).hasMessageContaining("PUT x").hasCause(error);
  }

  @Test
  void throttlingBecomesThrottledWithTheRetryAfterSeconds() {
    RuntimeException out =
        failures.classify("PUT x", arm(429, "TooManyRequests", "slow down", "Retry-After", "17"));

    assertThat(out).isInstanceOf(CloudFailure.Throttled.class);
    assertThat(((CloudFailure.Throttled) out).retryAfter()).isEqualTo(Duration.ofSeconds(17));
  }

  @Test
  void throttlingNamesTheBucketItCameFromSubscriptionOfTheUrlAndKind() {
    String url =
        "https://management.azure.com/subscriptions/AAAA-1/resourceGroups/rg/providers/"
            + "Microsoft.Storage/storageAccounts/lake/providers/Microsoft.Authorization/"
            + "roleAssignments/r1?api-version=2022-04-01";
    for (HttpMethod method : List.of(HttpMethod.PUT, HttpMethod.GET)) {
      ManagementException e =
          new ManagementException(
              "TooManyRequests",
              new FakeHttpResponse(
                  new HttpRequest(method, url), 429, new HttpHeaders().set("Retry-After", "1"), ""),
              new ManagementError("TooManyRequests", "slow"));

      CloudFailure.Throttled t = (CloudFailure.Throttled) failures.classify(method + " x", e);

      assertThat(t.bucket())
          .isEqualTo("arm subscription aaaa-1 " + (method == HttpMethod.GET ? "reads" : "writes"));
    }
  }

  @Test
  void throttlingReadsAnHttpDateAgainstTheClock() {
    RuntimeException out =
        failures.classify(
            "PUT x",
            arm(429, "TooManyRequests", "slow", "Retry-After", "Thu, 01 Jan 2026 00:01:30 GMT"));

    assertThat(((CloudFailure.Throttled) out).retryAfter()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void throttlingPrefersMillisecondHeaders() {
    RuntimeException out =
        failures.classify(
            "PUT x",
            arm(429, "TooManyRequests", "slow", "Retry-After", "5", "retry-after-ms", "1500"));

    assertThat(((CloudFailure.Throttled) out).retryAfter()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void throttlingWithoutRetryAfterWaitsTheDefault() {
    RuntimeException out = failures.classify("PUT x", arm(429, "TooManyRequests", "slow"));

    assertThat(((CloudFailure.Throttled) out).retryAfter())
        .isEqualTo(ArmFailures.DEFAULT_RETRY_AFTER);
  }

  @Test
  void unavailableWithRetryAfterBecomesThrottled() {
    RuntimeException out =
        failures.classify("GET x", arm(503, "ServiceUnavailable", "busy", "Retry-After", "60"));

    assertThat(((CloudFailure.Throttled) out).retryAfter()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void principalNotFoundIsNotYet() {
    RuntimeException out =
        failures.classify(
            "PUT role",
            arm(400, "PrincipalNotFound", "Principal abc does not exist in the directory"));

    assertThat(out).isInstanceOf(CloudFailure.NotYet.class).hasMessageContaining("abc");
  }

  @Test
  void forbiddenNamesTheMissingPermissionAndScope() {
    RuntimeException out =
        failures.classify(
            "PUT role assignment r",
            arm(
                403,
                "AuthorizationFailed",
                "The client 'c' with object id 'o' does not have authorization to perform action"
                    + " 'Microsoft.Authorization/roleAssignments/write' over scope"
                    + " '/subscriptions/s/resourceGroups/rg' or the scope is invalid."));

    assertThat(out)
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining(
            "lacks permission 'Microsoft.Authorization/roleAssignments/write' on"
                + " /subscriptions/s/resourceGroups/rg");
  }

  @Test
  void otherBadRequestsArePermanent() {
    RuntimeException out =
        failures.classify("PUT x", arm(400, "InvalidResourceLocation", "no such region"));

    assertThat(out)
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("no such region");
  }

  @Test
  void aConflictNoRetryCanMendIsPermanent() {
    RuntimeException location =
        failures.classify(
            "PUT access connector c",
            arm(
                409,
                "InvalidResourceLocation",
                "The resource 'c' already exists in location 'northeurope' in resource group"
                    + " 'rg'. A resource with the same name cannot be created in location"
                    + " 'westeurope'. Please select a new resource name."));
    RuntimeException update =
        failures.classify(
            "PUT role assignment r",
            arm(
                400,
                "RoleAssignmentUpdateNotPermitted",
                "Tenant ID, application ID, principal ID, and scope are not allowed to be"
                    + " updated."));
    RuntimeException tag =
        failures.classify("PUT access connector c", arm(400, "InvalidTagValueLength", "too long"));

    assertThat(location)
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("409 InvalidResourceLocation")
        .hasMessageContaining("northeurope");
    assertThat(update).isInstanceOf(CloudFailure.Permanent.class);
    assertThat(tag).isInstanceOf(CloudFailure.Permanent.class);
  }

  @Test
  void aForbiddenByAnAbacConditionSaysSo() {
    RuntimeException out =
        failures.classify(
            "PUT role assignment r",
            arm(
                403,
                "AuthorizationFailed",
                "The client 'c' with object id 'o' does not have authorization or an ABAC"
                    + " condition not fulfilled to perform action"
                    + " 'Microsoft.Authorization/roleAssignments/write' over scope"
                    + " '/subscriptions/s/resourceGroups/rg' or the scope is invalid."));

    assertThat(out)
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("lacks permission 'Microsoft.Authorization/roleAssignments/write'")
        .hasMessageContaining("condition on its role assignment");
  }

  @Test
  void serverErrorsAndConflictsStayTransient() {
    ManagementException busy = arm(503, "ServiceUnavailable", "try later");
    ManagementException conflict = arm(409, "AnotherOperationInProgress", "wait");

    assertThat(failures.classify("GET x", busy))
        .isInstanceOf(CloudFailure.Transient.class)
        .hasMessageContaining("GET x")
        .hasCause(busy);
    assertThat(failures.classify("PUT x", conflict))
        .isInstanceOf(CloudFailure.Transient.class)
        .hasCause(conflict);
  }

  @Test
  void nonHttpErrorsStayTransient() {
    IllegalStateException io = new IllegalStateException("connection reset");

    assertThat(failures.classify("GET x", io))
        .isInstanceOf(CloudFailure.Transient.class)
        .hasCause(io);
  }

  @Test
  void recognisesNotFound() {
    assertThat(ArmFailures.isNotFound(arm(404, "ResourceNotFound", "gone"))).isTrue();
    assertThat(ArmFailures.isNotFound(arm(403, "AuthorizationFailed", "no"))).isFalse();
  }
}

package dev.lakewire.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.error.ApiErrors;
import com.databricks.sdk.core.http.Request;
import com.databricks.sdk.core.http.Response;
import dev.lakewire.ports.CloudFailure;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Errors are built the way the SDK builds them from an answer ({@code ApiErrors} → its {@code
 * ErrorMapper} → a typed error such as {@code PermissionDenied}), so the table shows which answer
 * lands in which class.
 */
class DatabricksFailuresTest {

  /** The error the SDK raises for an answer of {@code status} with this error code and message. */
  static DatabricksError answer(int status, String errorCode, String message) {
    String body = "{\"error_code\":\"" + errorCode + "\",\"message\":\"" + message + "\"}";
    return ApiErrors.getDatabricksError(
        new Response(
            new Request("POST", "https://adb-1.1.azuredatabricks.net/api/2.1/unity-catalog/x"),
            status,
            "status " + status,
            Map.of(),
            body));
  }

  static Stream<Arguments> answers() {
    return Stream.of(
        Arguments.of(429, "REQUEST_LIMIT_EXCEEDED", CloudFailure.Throttled.class),
        Arguments.of(429, "TOO_MANY_REQUESTS", CloudFailure.Throttled.class),
        Arguments.of(403, "PERMISSION_DENIED", CloudFailure.Permanent.class),
        Arguments.of(401, "UNAUTHENTICATED", CloudFailure.Permanent.class),
        Arguments.of(400, "INVALID_PARAMETER_VALUE", CloudFailure.Permanent.class),
        Arguments.of(400, "BAD_REQUEST", CloudFailure.Permanent.class),
        Arguments.of(500, "INTERNAL_ERROR", CloudFailure.Transient.class),
        Arguments.of(503, "TEMPORARILY_UNAVAILABLE", CloudFailure.Transient.class),
        Arguments.of(409, "ABORTED", CloudFailure.Transient.class),
        Arguments.of(404, "RESOURCE_DOES_NOT_EXIST", CloudFailure.Transient.class));
  }

  @ParameterizedTest(name = "{0} {1} is {2}")
  @MethodSource("answers")
  void eachAnswerLandsInExactlyOneClass(
      int status, String errorCode, Class<? extends CloudFailure> expected) {
    DatabricksError error = answer(status, errorCode, "said so");

    CloudFailure out = DatabricksFailures.classify("create x", error);

    assertThat(out).isExactlyInstanceOf(expected).hasMessageContaining("create x").hasCause(error);
  }

  @Test
  void aThrottledResponseBecomesThrottledWithItsRetryAfter() {
    DatabricksError io =
        new DatabricksError(
            "IO_ERROR", 523, new ThrottledResponseException("429", Duration.ofSeconds(12), ""));

    CloudFailure out = DatabricksFailures.classify("create x", io);

    assertThat(out).isInstanceOf(CloudFailure.Throttled.class);
    assertThat(((CloudFailure.Throttled) out).retryAfter()).isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void aPlain429WithoutHeadersWaitsTheDefault() {
    CloudFailure out =
        DatabricksFailures.classify("create x", answer(429, "REQUEST_LIMIT_EXCEEDED", "slow"));

    assertThat(((CloudFailure.Throttled) out).retryAfter())
        .isEqualTo(BoundedRetryHttpClient.DEFAULT_RETRY_AFTER);
  }

  @Test
  void permissionDeniedIsPermanentAndSaysWhatIsMissing() {
    CloudFailure out =
        DatabricksFailures.classify(
            "create storage credential c",
            answer(403, "PERMISSION_DENIED", "User does not have CREATE"));

    assertThat(out)
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("create storage credential c")
        .hasMessageContaining("CREATE STORAGE CREDENTIAL")
        .hasMessageContaining("User does not have CREATE");
  }

  @Test
  void aForbiddenConnectorSaysLakewireNeedsContributorOnIt() {
    CloudFailure out =
        DatabricksFailures.classify(
            "create storage credential c",
            answer(403, "PERMISSION_DENIED", "The identity needs the Contributor role on it"));

    assertThat(out)
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("built-in Contributor role on the access connector");
  }

  @Test
  void aBadRequestIsPermanent() {
    CloudFailure out =
        DatabricksFailures.classify(
            "assign m", answer(400, "INVALID_PARAMETER_VALUE", "metastore is in another region"));

    assertThat(out).isInstanceOf(CloudFailure.Permanent.class).hasMessageContaining("region");
  }

  @Test
  void serverErrorsAreTransientEvenWhenWrapped() {
    DatabricksException wrapped =
        new DatabricksException("failed", answer(500, "INTERNAL_ERROR", "boom"));

    assertThat(DatabricksFailures.classify("get x", wrapped))
        .isInstanceOf(CloudFailure.Transient.class)
        .hasCause(wrapped);
  }

  @Test
  void nonDatabricksErrorsAreTransient() {
    IllegalStateException reset = new IllegalStateException("connection reset");

    assertThat(DatabricksFailures.classify("get x", reset))
        .isInstanceOf(CloudFailure.Transient.class)
        .hasCause(reset);
  }

  @Test
  void recognisesNotFoundFromTheTypedErrorsAndTheUntypedCodes() {
    assertThat(
            DatabricksFailures.isNotFound(answer(404, "STORAGE_CREDENTIAL_DOES_NOT_EXIST", "no")))
        .isTrue();
    assertThat(DatabricksFailures.isNotFound(answer(400, "RESOURCE_DOES_NOT_EXIST", "no")))
        .isTrue();
    assertThat(DatabricksFailures.isNotFound(answer(400, "METASTORE_DOES_NOT_EXIST", "no")))
        .isTrue();
    assertThat(DatabricksFailures.isNotFound(answer(403, "PERMISSION_DENIED", "no"))).isFalse();
  }

  @Test
  void recognisesAlreadyExistsButNotAnyConflict() {
    assertThat(DatabricksFailures.isAlreadyExists(answer(409, "RESOURCE_ALREADY_EXISTS", "x")))
        .isTrue();
    assertThat(DatabricksFailures.isAlreadyExists(answer(409, "ALREADY_EXISTS", "x"))).isTrue();
    assertThat(DatabricksFailures.isAlreadyExists(answer(409, "ABORTED", "x"))).isFalse();
    assertThat(DatabricksFailures.isAlreadyExists(answer(409, "RESOURCE_CONFLICT", "x"))).isFalse();
  }
}

package dev.lakewire.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.DatabricksException;
import dev.lakewire.ports.CloudFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabricksFailuresTest {

  @Test
  void aThrottledResponseBecomesThrottledWithItsRetryAfter() {
    DatabricksError io =
        new DatabricksError(
            "IO_ERROR", 523, new ThrottledResponseException("429", Duration.ofSeconds(12), ""));

    RuntimeException out = DatabricksFailures.classify("create x", io);

    assertThat(out).isInstanceOf(CloudFailure.Throttled.class);
    assertThat(((CloudFailure.Throttled) out).retryAfter()).isEqualTo(Duration.ofSeconds(12));
  }

  @Test
  void aPlain429WithoutHeadersWaitsTheDefault() {
    RuntimeException out =
        DatabricksFailures.classify(
            "create x", new DatabricksError("REQUEST_LIMIT_EXCEEDED", "slow down", 429));

    assertThat(((CloudFailure.Throttled) out).retryAfter())
        .isEqualTo(BoundedRetryHttpClient.DEFAULT_RETRY_AFTER);
  }

  @Test
  void permissionDeniedIsPermanentAndSaysWhatIsMissing() {
    RuntimeException out =
        DatabricksFailures.classify(
            "create storage credential c",
            new DatabricksError("PERMISSION_DENIED", "User does not have CREATE", 403));

    assertThat(out)
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("create storage credential c")
        .hasMessageContaining("CREATE STORAGE CREDENTIAL")
        .hasMessageContaining("User does not have CREATE");
  }

  @Test
  void aBadRequestIsPermanent() {
    RuntimeException out =
        DatabricksFailures.classify(
            "assign m",
            new DatabricksError("INVALID_PARAMETER_VALUE", "metastore is in another region", 400));

    assertThat(out).isInstanceOf(CloudFailure.Permanent.class).hasMessageContaining("region");
  }

  @Test
  void serverErrorsStayTransientEvenWhenWrapped() {
    DatabricksException wrapped =
        new DatabricksException("failed", new DatabricksError("INTERNAL_ERROR", "boom", 500));

    assertThat(DatabricksFailures.classify("get x", wrapped)).isSameAs(wrapped);
  }

  @Test
  void recognisesNotFoundAndAlreadyExists() {
    assertThat(
            DatabricksFailures.isNotFound(
                new DatabricksError("STORAGE_CREDENTIAL_DOES_NOT_EXIST", "no", 404)))
        .isTrue();
    assertThat(
            DatabricksFailures.isAlreadyExists(
                new DatabricksError("RESOURCE_ALREADY_EXISTS", "exists", 409)))
        .isTrue();
    assertThat(DatabricksFailures.isAlreadyExists(new DatabricksError("ABORTED", "x", 409)))
        .isFalse();
  }
}

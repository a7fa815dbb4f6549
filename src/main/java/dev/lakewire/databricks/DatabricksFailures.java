package dev.lakewire.databricks;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.details.RetryInfo;
import com.databricks.sdk.core.error.platform.AlreadyExists;
import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.core.error.platform.NotFound;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.core.error.platform.TooManyRequests;
import com.databricks.sdk.core.error.platform.Unauthenticated;
import dev.lakewire.ports.CloudFailure;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one classifier of databricks-sdk-java errors into {@link CloudFailure}s, used by every Unity
 * Catalog adapter. It reads the SDK's typed errors (the SDK's {@code ErrorMapper} turns every
 * answer into one: by error code first, else by status), not error-code strings:
 *
 * <ul>
 *   <li>{@link TooManyRequests} (429, {@code REQUEST_LIMIT_EXCEEDED}) → {@link
 *       CloudFailure.Throttled} after the Retry-After that {@link BoundedRetryHttpClient} read,
 *       else the error's {@code RetryInfo}, else {@link BoundedRetryHttpClient#DEFAULT_RETRY_AFTER}
 *   <li>{@link PermissionDenied} (403), {@link Unauthenticated} (401) → {@link
 *       CloudFailure.Permanent} naming what lakewire's identity needs
 *   <li>{@link BadRequest} (400, {@link
 *       com.databricks.sdk.core.error.platform.InvalidParameterValue INVALID_PARAMETER_VALUE}: our
 *       input) → {@link CloudFailure.Permanent}
 *   <li>everything else (5xx, conflicts, I/O) → {@link CloudFailure.Transient}
 * </ul>
 *
 * <p>Two cases the SDK cannot type, kept here: a 429 reaches us as the SDK's untyped {@code
 * IO_ERROR} wrapping lakewire's {@link ThrottledResponseException} (the SDK's errors keep no
 * headers, so {@link BoundedRetryHttpClient} raises it to carry Retry-After); and "does not exist"
 * codes the SDK's {@code ErrorMapper} does not list ({@code METASTORE_DOES_NOT_EXIST}, {@code
 * NOT_FOUND}) are typed only when they come with status 404, so {@link #isNotFound} also reads
 * them.
 *
 * <p>404 and "already exists" are not failures: adapters ask {@link #isNotFound} and {@link
 * #isAlreadyExists} first.
 */
final class DatabricksFailures {

  /**
   * "Does not exist" codes the SDK's ErrorMapper does not map to {@link NotFound} by themselves.
   */
  private static final Set<String> UNTYPED_NOT_FOUND =
      Set.of("NOT_FOUND", "METASTORE_DOES_NOT_EXIST");

  private DatabricksFailures() {}

  /** The Databricks error in a failure's causes, or empty. */
  public static Optional<DatabricksError> error(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof DatabricksError d) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /**
   * True when the workspace answered that the thing does not exist: {@link NotFound} (404, {@link
   * com.databricks.sdk.core.error.platform.ResourceDoesNotExist RESOURCE_DOES_NOT_EXIST}), or an
   * untyped "does not exist" code.
   */
  public static boolean isNotFound(Throwable e) {
    return error(e)
        .map(d -> d instanceof NotFound || UNTYPED_NOT_FOUND.contains(code(d)))
        .orElse(false);
  }

  /**
   * True when the workspace answered that the thing already exists ({@link ResourceAlreadyExists},
   * {@link AlreadyExists}; a bare 409 {@code ResourceConflict} is not that).
   */
  public static boolean isAlreadyExists(Throwable e) {
    return error(e)
        .map(d -> d instanceof ResourceAlreadyExists || d instanceof AlreadyExists)
        .orElse(false);
  }

  /**
   * Classifies a failure of {@code operation} (e.g. {@code "create storage credential x in
   * workspace w"}).
   *
   * @return exactly one of the four {@link CloudFailure} classes
   */
  public static CloudFailure classify(String operation, RuntimeException e) {
    if (e instanceof CloudFailure c) {
      return c;
    }
    Optional<ThrottledResponseException> throttled = throttled(e);
    if (throttled.isPresent()) {
      return new CloudFailure.Throttled(
          operation + ": the workspace throttled the request (429)",
          throttled.get().retryAfter(),
          e);
    }
    Optional<DatabricksError> found = error(e);
    if (found.isEmpty()) {
      return transientFailure(operation, e);
    }
    DatabricksError d = found.get();
    String code = code(d);
    if (d instanceof TooManyRequests) {
      Duration wait =
          d.getErrorDetails()
              .retryInfo()
              .map(RetryInfo::retryDelay)
              .orElse(BoundedRetryHttpClient.DEFAULT_RETRY_AFTER);
      return new CloudFailure.Throttled(
          operation + ": the workspace throttled the request (" + code + ")", wait, e);
    }
    String message = d.getMessage() == null ? "" : d.getMessage();
    if (d instanceof PermissionDenied
        && message.toLowerCase(Locale.ROOT).contains("contributor role")) {
      return new CloudFailure.Permanent(
          operation
              + " was forbidden (403 "
              + code
              + "): lakewire needs the built-in Contributor role on the access connector (it"
              + " assigns it to itself through the ABAC-conditioned delegation infra gives it on"
              + " the connector scopes; the shared connector's comes from infra). Databricks said: "
              + message,
          e);
    }
    if (d instanceof PermissionDenied) {
      return new CloudFailure.Permanent(
          operation
              + " was forbidden (403 "
              + code
              + "): lakewire's identity is not a member of the workspace, or lacks a Unity Catalog"
              + " privilege (it must be a metastore admin, or hold CREATE STORAGE CREDENTIAL /"
              + " CREATE EXTERNAL LOCATION). Databricks said: "
              + d.getMessage(),
          e);
    }
    if (d instanceof Unauthenticated) {
      return new CloudFailure.Permanent(
          operation
              + " was refused (401 "
              + code
              + "): Databricks does not accept lakewire's identity or its tokens (lakewire must be"
              + " an account admin; it joins workspaces through the account). Databricks said: "
              + d.getMessage(),
          e);
    }
    if (d instanceof BadRequest) {
      return new CloudFailure.Permanent(
          operation + " was refused (400 " + code + "): " + d.getMessage(), e);
    }
    return transientFailure(operation, e);
  }

  private static CloudFailure.Transient transientFailure(String operation, RuntimeException e) {
    return new CloudFailure.Transient(operation + ": " + e.getMessage(), e);
  }

  private static Optional<ThrottledResponseException> throttled(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ThrottledResponseException t) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  private static String code(DatabricksError d) {
    return d.getErrorCode() == null ? "" : d.getErrorCode().toUpperCase(Locale.ROOT);
  }
}

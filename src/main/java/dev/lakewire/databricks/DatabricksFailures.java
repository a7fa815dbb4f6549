package dev.lakewire.databricks;

import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.details.RetryInfo;
import dev.lakewire.ports.CloudFailure;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one classifier of databricks-sdk-java errors into {@link CloudFailure}s, used by every Unity
 * Catalog adapter:
 *
 * <ul>
 *   <li>429 → {@link CloudFailure.Throttled} after the Retry-After that {@link
 *       BoundedRetryHttpClient} read, else the error's {@code RetryInfo}, else {@link
 *       BoundedRetryHttpClient#DEFAULT_RETRY_AFTER}
 *   <li>401 / 403 ({@code PERMISSION_DENIED}, {@code UNAUTHENTICATED}) → {@link
 *       CloudFailure.Permanent} naming what lakewire's identity needs
 *   <li>400 ({@code INVALID_PARAMETER_VALUE}, {@code BAD_REQUEST}, …: our input) → {@link
 *       CloudFailure.Permanent}
 *   <li>everything else (5xx, I/O) → returned unchanged: transient
 * </ul>
 *
 * <p>404 and "already exists" are not failures: adapters ask {@link #isNotFound} and {@link
 * #isAlreadyExists} first.
 */
public final class DatabricksFailures {

  private static final Set<String> NOT_FOUND =
      Set.of("NOT_FOUND", "RESOURCE_DOES_NOT_EXIST", "METASTORE_DOES_NOT_EXIST");
  private static final Set<String> ALREADY_EXISTS =
      Set.of("RESOURCE_ALREADY_EXISTS", "ALREADY_EXISTS");

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

  /** True when the workspace answered 404 (or a "does not exist" error code). */
  public static boolean isNotFound(Throwable e) {
    return error(e).map(d -> d.getStatusCode() == 404 || NOT_FOUND.contains(code(d))).orElse(false);
  }

  /** True when the workspace answered that the thing already exists. */
  public static boolean isAlreadyExists(Throwable e) {
    return error(e).map(d -> ALREADY_EXISTS.contains(code(d))).orElse(false);
  }

  /**
   * Classifies a failure of {@code operation} (e.g. {@code "create storage credential x in
   * workspace w"}).
   *
   * @return a {@link CloudFailure}, or {@code e} itself when it is transient
   */
  public static RuntimeException classify(String operation, RuntimeException e) {
    if (e instanceof CloudFailure) {
      return e;
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
      return e;
    }
    DatabricksError d = found.get();
    int status = d.getStatusCode();
    String code = code(d);
    if (status == 429 || code.equals("REQUEST_LIMIT_EXCEEDED")) {
      Duration wait =
          d.getErrorDetails()
              .retryInfo()
              .map(RetryInfo::retryDelay)
              .orElse(BoundedRetryHttpClient.DEFAULT_RETRY_AFTER);
      return new CloudFailure.Throttled(
          operation + ": the workspace throttled the request (" + code + ")", wait, e);
    }
    if (status == 403 || code.equals("PERMISSION_DENIED")) {
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
    if (status == 401 || code.equals("UNAUTHENTICATED")) {
      return new CloudFailure.Permanent(
          operation
              + " was refused (401 "
              + code
              + "): Databricks does not accept lakewire's identity or its tokens (lakewire must be"
              + " an account admin; it joins workspaces through the account). Databricks said: "
              + d.getMessage(),
          e);
    }
    if (status == 400) {
      return new CloudFailure.Permanent(
          operation + " was refused (400 " + code + "): " + d.getMessage(), e);
    }
    return e;
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

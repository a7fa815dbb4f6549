package dev.lakewire.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.RetryAfter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one classifier of Azure Resource Manager errors into {@link CloudFailure}s, used by every ARM
 * adapter:
 *
 * <ul>
 *   <li>429 → {@link CloudFailure.Throttled} after the {@code Retry-After} header (seconds or an
 *       HTTP date; {@code retry-after-ms} / {@code x-ms-retry-after-ms} too), else {@link
 *       #DEFAULT_RETRY_AFTER}
 *   <li>503 with a Retry-After (the pipeline does not wait through a long one) → {@link
 *       CloudFailure.Throttled} after it
 *   <li>400 {@code PrincipalNotFound} → {@link CloudFailure.NotYet} (Entra replication lag)
 *   <li>403 → {@link CloudFailure.Permanent} naming the action and scope lakewire's identity lacks
 *   <li>other 400, and 404 on a write → {@link CloudFailure.Permanent} (our input is wrong)
 *   <li>a code of {@link #PERMANENT_CODES} (e.g. 409 {@code InvalidResourceLocation}) → {@link
 *       CloudFailure.Permanent}, not retried
 *   <li>everything else (5xx, 401, other 409, I/O) → {@link CloudFailure.Transient}
 * </ul>
 *
 * <p>404 on a read is not a failure: adapters ask {@link #isNotFound} first and answer empty.
 */
final class ArmFailures {

  /** How long to wait on a 429 that carries no Retry-After (ARM always sends one in practice). */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

  private static final Pattern ACTION = Pattern.compile("perform action '([^']+)'");
  private static final Pattern SCOPE = Pattern.compile("over scope '([^']+)'");
  private static final HttpHeaderName RETRY_AFTER_MS = HttpHeaderName.fromString("retry-after-ms");
  private static final HttpHeaderName X_MS_RETRY_AFTER_MS =
      HttpHeaderName.fromString("x-ms-retry-after-ms");

  /**
   * Error codes that no retry can mend, whatever the status ARM sends them with (409 included,
   * which is otherwise a transient conflict such as another operation in progress): {@code
   * InvalidResourceLocation} (the name exists in another region), {@code
   * RoleAssignmentUpdateNotPermitted} (the assignment name holds another principal or scope; ARM
   * sends it as 400, see the RBAC troubleshooting page), and the tag limits.
   */
  static final Set<String> PERMANENT_CODES =
      Set.of(
          "invalidresourcelocation",
          "roleassignmentupdatenotpermitted",
          "invalidtagname",
          "invalidtagvaluelength",
          "invalidtagcount",
          "invalidtagnamecharacters",
          "locationnotavailableforresourcetype",
          "invalidresourcetype",
          "missingsubscriptionregistration");

  private final Clock clock;

  /**
   * @param clock reads "now" when a Retry-After is an HTTP date
   */
  public ArmFailures(Clock clock) {
    this.clock = clock;
  }

  /** True when ARM answered 404 (the resource, or its resource group, does not exist). */
  public static boolean isNotFound(Throwable e) {
    return status(e) == 404;
  }

  /** The HTTP status of an ARM error, or -1 when it is no HTTP error. */
  public static int status(Throwable e) {
    if (e instanceof HttpResponseException h && h.getResponse() != null) {
      return h.getResponse().getStatusCode();
    }
    return -1;
  }

  /** The ARM error code ({@code RoleAssignmentExists}, {@code AuthorizationFailed}, …) or null. */
  public static String code(Throwable e) {
    if (e instanceof ManagementException m && m.getValue() != null) {
      return m.getValue().getCode();
    }
    return null;
  }

  /**
   * Classifies a failure of {@code operation} (a phrase such as {@code "PUT access connector
   * /subscriptions/…"}, used in messages).
   *
   * @return exactly one of the four {@link CloudFailure} classes
   */
  public CloudFailure classify(String operation, RuntimeException e) {
    if (e instanceof CloudFailure c) {
      return c;
    }
    int status = status(e);
    if (status < 0) {
      return transientFailure(operation, e);
    }
    String code = code(e);
    String message = message(e);
    if (status == 429) {
      HttpResponse response = ((HttpResponseException) e).getResponse();
      Duration wait = retryAfter(response);
      return new CloudFailure.Throttled(
          operation + ": ARM throttled the request (retry after " + wait + ")",
          wait,
          bucket(response),
          e);
    }
    if (status == 503) {
      Optional<Duration> hint = retryAfterHint(((HttpResponseException) e).getResponse(), clock);
      if (hint.isPresent()) {
        return new CloudFailure.Throttled(
            operation + ": ARM is unavailable (503), retry after " + hint.get(), hint.get(), e);
      }
    }
    if ("PrincipalNotFound".equalsIgnoreCase(code)) {
      return new CloudFailure.NotYet(
          operation + ": the principal is not visible to ARM yet (" + message + ")", e);
    }
    if (status == 403) {
      return new CloudFailure.Permanent(forbidden(operation, code, message), e);
    }
    if (code != null && PERMANENT_CODES.contains(code.toLowerCase(Locale.ROOT))) {
      return new CloudFailure.Permanent(
          operation + " was refused by ARM (" + status + " " + code + "): " + message, e);
    }
    if (status == 400 || status == 404) {
      return new CloudFailure.Permanent(
          operation + " was refused by ARM (" + status + " " + code + "): " + message, e);
    }
    return transientFailure(operation, e);
  }

  private static CloudFailure.Transient transientFailure(String operation, RuntimeException e) {
    return new CloudFailure.Transient(operation + ": " + e.getMessage(), e);
  }

  /** How long ARM asks us to wait, from the response headers, else the default. */
  private static final Pattern SUBSCRIPTION =
      Pattern.compile("/subscriptions/([^/?]+)", Pattern.CASE_INSENSITIVE);

  /**
   * ARM throttles per principal, per subscription of the request's URL (a role assignment on a
   * storage account spends the storage account's subscription) and per kind (reads, writes): that
   * bucket, or null.
   */
  static String bucket(HttpResponse response) {
    return bucketOf(response);
  }

  /**
   * The prefix of the bucket of a request lakewire's pacing held back ({@link ArmQuota}): its
   * Retry-After is already its slot in the bucket's queue.
   */
  public static final String PACED = "paced ";

  private static String bucketOf(HttpResponse response) {
    if (response == null || response.getRequest() == null) {
      return null;
    }
    Matcher m = SUBSCRIPTION.matcher(response.getRequest().getUrl().getPath());
    if (!m.find()) {
      return null;
    }
    // reads and writes are separate buckets: a herd of throttled reads must not slow the writes
    boolean read = response.getRequest().getHttpMethod() == HttpMethod.GET;
    // not sent: lakewire's own pacing on ARM's remaining quota (ArmQuota) gave it its slot
    String paced = response.getHeaderValue(ArmQuota.PACED_HEADER) != null ? PACED : "";
    return paced
        + "arm subscription "
        + m.group(1).toLowerCase(Locale.ROOT)
        + (read ? " reads" : " writes");
  }

  Duration retryAfter(HttpResponse response) {
    return retryAfterHint(response, clock).orElse(DEFAULT_RETRY_AFTER);
  }

  /**
   * The wait a response asks for: {@code retry-after-ms}, {@code x-ms-retry-after-ms} or {@code
   * Retry-After} (seconds or an HTTP date read against {@code clock}); empty when none is readable.
   */
  static Optional<Duration> retryAfterHint(HttpResponse response, Clock clock) {
    if (response == null) {
      return Optional.empty();
    }
    for (HttpHeaderName ms : new HttpHeaderName[] {RETRY_AFTER_MS, X_MS_RETRY_AFTER_MS}) {
      Optional<Duration> wait = RetryAfter.parseMillis(response.getHeaderValue(ms));
      if (wait.isPresent()) {
        return wait;
      }
    }
    return RetryAfter.parse(response.getHeaderValue(HttpHeaderName.RETRY_AFTER), clock);
  }

  private static String forbidden(String operation, String code, String message) {
    Matcher action = ACTION.matcher(message);
    Matcher scope = SCOPE.matcher(message);
    StringBuilder out = new StringBuilder(operation).append(" was forbidden (403 ").append(code);
    out.append("): ");
    if (action.find()) {
      out.append("lakewire's identity lacks permission '").append(action.group(1)).append("'");
      if (scope.find()) {
        out.append(" on ").append(scope.group(1));
      }
      out.append("; grant it a role that allows this action");
      if (message.contains("ABAC condition")) {
        // "does not have authorization or an ABAC condition not fulfilled": a role assignment
        // condition (constrained delegation) may limit which roles and principals it may assign
        out.append(
            ", or check the condition on its role assignment (a constrained delegation may not"
                + " allow this role or principal)");
      }
      out.append(". ARM said: ");
    }
    return out.append(message).toString();
  }

  private static String message(RuntimeException e) {
    if (e instanceof ManagementException m) {
      ManagementError v = m.getValue();
      if (v != null && v.getMessage() != null) {
        return v.getMessage();
      }
    }
    return String.valueOf(e.getMessage());
  }
}

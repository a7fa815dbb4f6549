package dev.lakewire.ports;

import java.time.Duration;

/**
 * The closed set of failure classes every adapter maps each SDK error it sees into, decided in one
 * place per cloud ({@code azure.ArmFailures}, {@code databricks.DatabricksFailures}): {@link
 * NotYet}, {@link Throttled}, {@link Transient}, {@link Permanent}. Any other exception reaching
 * the worker is a programming error; the worker still re-checks it with the transient back-off, as
 * a safety net.
 */
public abstract sealed class CloudFailure extends RuntimeException {

  private CloudFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /** Not yet: the cloud will get there by itself (PrincipalNotFound, provisioning). */
  public static final class NotYet extends CloudFailure {
    public NotYet(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Throttled (429): try again after the server's Retry-After. */
  public static final class Throttled extends CloudFailure {
    private final Duration retryAfter;
    private final String bucket;

    public Throttled(String message, Duration retryAfter, Throwable cause) {
      this(message, retryAfter, null, cause);
    }

    /**
     * @param bucket which throttle bucket said no (e.g. {@code "arm subscription <id>"}, {@code
     *     "databricks <host>"}), or null when unknown: re-checks are paced per bucket
     */
    public Throttled(String message, Duration retryAfter, String bucket, Throwable cause) {
      super(message, cause);
      this.retryAfter = retryAfter;
      this.bucket = bucket;
    }

    public Duration retryAfter() {
      return retryAfter;
    }

    /** The throttle bucket that said no, or null when unknown. */
    public String bucket() {
      return bucket;
    }
  }

  /**
   * Transient: a server error (5xx), a conflict with another operation in progress, an I/O failure;
   * re-checked with the transient back-off. The cause is the SDK's exception.
   */
  public static final class Transient extends CloudFailure {
    public Transient(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Permanent: retrying cannot help; the message names what the operator must fix. */
  public static final class Permanent extends CloudFailure {
    public Permanent(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

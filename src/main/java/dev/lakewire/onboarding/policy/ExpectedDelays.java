package dev.lakewire.onboarding.policy;

import java.time.Duration;
import java.time.Instant;

/**
 * How long the cloud is expected to take for the waits of the chain, so that a step looks when the
 * thing is expected to be there rather than on a blind back-off (issue 11: a look too early costs a
 * call; a look too late costs latency). Each is an expectation, not a guarantee: a look that comes
 * too early re-checks on a short cadence, and a step never concludes anything from the expectation
 * alone (it always observes).
 *
 * <ul>
 *   <li>{@link #CONNECTOR_PROVISIONING} and {@link #PRINCIPAL_REPLICATION}: an Access Connector is
 *       {@code Creating} for tens of seconds, and its new system-assigned principal then takes tens
 *       of seconds to replicate in Entra ID before a role assignment can name it ({@code
 *       PrincipalNotFound}: "Troubleshoot Azure RBAC", "Symptom - Assigning a role to a new
 *       principal sometimes fails"); the local cloud models 20 s + 30 s.
 *   <li>{@link #METASTORE_ASSIGNMENT_LAG}: an account-level metastore assignment shows in the
 *       workspace late (terraform-provider-databricks#1832, #2061); the local cloud models 60 s.
 *   <li>{@link #RBAC_DATA_PLANE} and {@link #RBAC_DATA_PLANE_WINDOW}: a role assignment reaches the
 *       storage data plane minutes after ARM accepted it ("Role assignment changes can take up to
 *       10 minutes to take effect", learn.microsoft.com/azure/role-based-access-control/
 *       troubleshooting); the local cloud models 5 minutes. Validation first looks at the grant
 *       plus {@link #RBAC_DATA_PLANE}, then every {@link #PROPAGATION_RECHECK} until the grant plus
 *       {@link #RBAC_DATA_PLANE_WINDOW}, then backs off.
 * </ul>
 */
public final class ExpectedDelays {

  public static final Duration CONNECTOR_PROVISIONING = Duration.ofSeconds(20);
  public static final Duration PRINCIPAL_REPLICATION = Duration.ofSeconds(30);
  public static final Duration METASTORE_ASSIGNMENT_LAG = Duration.ofSeconds(60);
  public static final Duration RBAC_DATA_PLANE = Duration.ofMinutes(5);
  public static final Duration RBAC_DATA_PLANE_WINDOW = Duration.ofMinutes(10);
  public static final Duration PROPAGATION_RECHECK = Duration.ofSeconds(20);

  private ExpectedDelays() {}

  /**
   * When a validation should look at storage access granted at {@code grantedAt}, at or after
   * {@code now}: the expected end of propagation while it is ahead; then every {@link
   * #PROPAGATION_RECHECK} until the window closes; then {@code null} (the caller backs off).
   */
  public static Instant nextValidation(Instant grantedAt, Instant now, boolean lookedAlready) {
    Instant expected = grantedAt.plus(RBAC_DATA_PLANE);
    if (now.isBefore(expected)) {
      return expected;
    }
    if (!lookedAlready) {
      return now;
    }
    Instant next = now.plus(PROPAGATION_RECHECK);
    return next.isAfter(grantedAt.plus(RBAC_DATA_PLANE_WINDOW)) ? null : next;
  }
}

package dev.lakewire.onboarding.step;

import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.policy.StoragePolicy;
import dev.lakewire.ports.AccessConnector;
import dev.lakewire.ports.AccessConnectors;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.RoleAssignmentSpec;
import dev.lakewire.ports.RoleAssignments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The data roles of the {@code shared} layout's connector (infra's), ensured early and once per
 * process: a grant takes minutes to reach the storage data plane, so the earlier it is made, the
 * sooner every workspace's validation of the shared locations passes (issue 11). Best effort: a try
 * that does not finish (throttled, transient) is tried again a minute later at the earliest; step 3
 * grants them for certain (failing or re-checking as it must) when it creates the shared credential
 * or diagnoses a failed validation.
 */
public final class SharedConnectorRoles {

  static final Duration RETRY = Duration.ofMinutes(1);

  private static final Logger LOG = Logger.getLogger(SharedConnectorRoles.class.getName());

  public SharedConnectorRoles(
      AccessConnectors connectors, RoleAssignments roleAssignments, Clock clock) {
    this.connectors = connectors;
    this.roleAssignments = roleAssignments;
    this.clock = clock;
  }

  private final AccessConnectors connectors;
  private final RoleAssignments roleAssignments;
  private final Clock clock;

  /** The names of the assignments this process has ensured (a policy's targets may differ). */
  private final Set<String> ensured = ConcurrentHashMap.newKeySet();

  private volatile Instant grantedAt;
  private volatile Instant triedAt;

  /** The shared connector's principal, once read. */
  private volatile String principal;

  /** Whether this process has ensured them for {@code policy}'s targets and roles. */
  boolean ensured(OnboardingPolicy policy) {
    String known = principal;
    return known != null
        && ensured.containsAll(
            StorageGrants.of(policy, known).stream().map(s -> s.name()).toList());
  }

  /** When this process created any of them, or null. */
  Instant grantedAt() {
    return grantedAt;
  }

  /**
   * Ensures them unless done, or tried in the last {@link #RETRY}; throws only {@link
   * CloudFailure.Throttled} (the caller's message waits as ARM asks).
   */
  void ensureOnce(OnboardingPolicy policy) {
    if (policy.wiring().layout() != StoragePolicy.Layout.SHARED) {
      return;
    }
    if (ensured(policy)) {
      return;
    }
    Instant now = clock.instant();
    Instant tried = triedAt;
    if (tried != null && now.isBefore(tried.plus(RETRY))) {
      return;
    }
    triedAt = now;
    try {
      Optional<AccessConnector> found = connectors.find(policy.wiring().sharedConnectorId());
      if (found.isPresent() && found.get().ready()) {
        grant(policy, found.get().principalId());
      }
    } catch (CloudFailure.Throttled wait) {
      throw wait; // ARM asked to wait: no other request of this message goes before its time
    } catch (RuntimeException notNow) {
      LOG.fine(() -> "the shared connector's data roles are not ensured yet: " + notNow);
    }
  }

  /** Grants them to {@code principalId} (the shared connector's); may throw. */
  void grant(OnboardingPolicy policy, String principalId) {
    List<RoleAssignmentSpec> specs = StorageGrants.of(policy, principalId);
    if (StorageGrants.grant(roleAssignments, specs) > 0) {
      grantedAt = clock.instant();
    }
    principal = principalId;
    specs.forEach(s -> ensured.add(s.name()));
  }
}

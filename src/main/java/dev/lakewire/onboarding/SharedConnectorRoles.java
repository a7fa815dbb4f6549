package dev.lakewire.onboarding;

import dev.lakewire.ports.AccessConnector;
import dev.lakewire.ports.AccessConnectors;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.RoleAssignmentSpec;
import dev.lakewire.ports.RoleAssignments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The data roles of the {@code shared} layout's connector (infra's), ensured early and once per
 * process: a grant takes minutes to reach the storage data plane, so the earlier it is made, the
 * sooner every workspace's validation of the shared locations passes (issue 11). Best effort: a try
 * that does not finish (throttled, transient) is tried again a minute later at the earliest; step 3
 * grants them for certain (failing or re-checking as it must) when it creates the shared credential
 * or diagnoses a failed validation.
 */
final class SharedConnectorRoles {

  static final Duration RETRY = Duration.ofMinutes(1);

  private static final Logger LOG = Logger.getLogger(SharedConnectorRoles.class.getName());

  private final AccessConnectors connectors;
  private final RoleAssignments roleAssignments;
  private final OnboardingPolicy policy;
  private final Clock clock;
  private volatile boolean ensured;
  private volatile Instant grantedAt;
  private volatile Instant triedAt;

  SharedConnectorRoles(
      AccessConnectors connectors,
      RoleAssignments roleAssignments,
      OnboardingPolicy policy,
      Clock clock) {
    this.connectors = connectors;
    this.roleAssignments = roleAssignments;
    this.policy = policy;
    this.clock = clock;
  }

  /** Whether this process has ensured them. */
  boolean ensured() {
    return ensured;
  }

  /** When this process created any of them, or null. */
  Instant grantedAt() {
    return grantedAt;
  }

  /**
   * Ensures them unless done, or tried in the last {@link #RETRY}; throws only {@link
   * CloudFailure.Throttled} (the caller's message waits as ARM asks).
   */
  void ensureOnce() {
    if (policy.wiring().layout() != StoragePolicy.Layout.SHARED || ensured) {
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
        grant(found.get().principalId());
      }
    } catch (CloudFailure.Throttled wait) {
      throw wait; // ARM asked to wait: no other request of this message goes before its time
    } catch (RuntimeException notNow) {
      LOG.fine(() -> "the shared connector's data roles are not ensured yet: " + notNow);
    }
  }

  /** Grants them to {@code principalId} (the shared connector's); may throw. */
  void grant(String principalId) {
    java.util.List<RoleAssignmentSpec> specs = new java.util.ArrayList<>();
    for (TargetStorage target : policy.storage()) {
      for (String scope : target.roleScopes()) {
        for (BuiltInRole role : policy.roles()) {
          specs.add(
              new RoleAssignmentSpec(
                  Names.roleAssignment(scope, principalId, role.guid()),
                  scope,
                  principalId,
                  role.guid()));
        }
      }
    }
    long created =
        roleAssignments.ensureAll(specs).stream()
            .filter(r -> r == RoleAssignments.Result.CREATED)
            .count();
    if (created > 0) {
      grantedAt = clock.instant();
    }
    ensured = true;
  }
}

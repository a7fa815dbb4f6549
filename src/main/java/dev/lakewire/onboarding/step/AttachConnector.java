package dev.lakewire.onboarding.step;

import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.ports.ConnectorAttachment;
import dev.lakewire.ports.Workspaces;
import java.time.Duration;
import java.util.Optional;

/**
 * The manual procedure's "Advanced settings → Access Connector": the workspace's {@code
 * properties.accessConnector} names the workspace's connector ({@value
 * OnboardingPolicy#ATTACH_CONNECTOR}, off by default). A reconciler: attached to this connector →
 * nothing (once the workspace's update has finished); attached to another → a permanent failure
 * naming both, never overwritten; none → one read-modify-write PUT of the workspace, then re-checks
 * while the workspace is {@code Updating} (ARM's long-running operation is never waited on by a
 * thread).
 *
 * <p>Microsoft.Databricks workspaces carry no {@code etag} and their PUT takes no {@code If-Match}
 * (azure-rest-api-specs, specification/databricks/resource-manager/Microsoft.Databricks/stable/
 * 2024-05-01/databricks.json: {@code Workspaces_CreateOrUpdate} has no such parameter, the {@code
 * Workspace} definition no etag), so the write cannot be made conditional: the adapter reads the
 * workspace immediately before the PUT and sends it back unchanged but for the connector, and only
 * when the workspace is {@code Succeeded} (not in someone else's update). A concurrent writer in
 * that window can still lose its change; the next look here still sees who is attached.
 */
final class AttachConnector {

  static final Duration UPDATE_RECHECK = Duration.ofSeconds(30);
  static final Duration UPDATE_RECHECK_CAP = Duration.ofMinutes(2);

  private final Workspaces workspaces;

  AttachConnector(Workspaces workspaces) {
    this.workspaces = workspaces;
  }

  /**
   * Empty when the connector is attached and the workspace is {@code Succeeded}; else what the step
   * concludes (a re-check or a failure).
   */
  Optional<StepOutcome> reconcile(WorkspaceRef ref, StepMessage m, OnboardingPolicy policy) {
    String connectorId = Names.accessConnectorId(ref, policy.connectorSuffix());
    Duration wait = OnboardingPolicy.backoff(m.rechecks(), UPDATE_RECHECK, UPDATE_RECHECK_CAP);
    Optional<ConnectorAttachment> found = workspaces.attachment(ref.id());
    if (found.isEmpty()) {
      return Optional.of(StepOutcome.fail("workspace " + ref.id() + " does not exist (deleted?)"));
    }
    ConnectorAttachment a = found.get();
    String current = a.accessConnectorId();
    if (current != null && !current.isBlank()) {
      if (!current.equalsIgnoreCase(connectorId)) {
        return Optional.of(
            StepOutcome.fail(
                "workspace "
                    + ref.name()
                    + " has access connector "
                    + current
                    + " attached, not lakewire's "
                    + connectorId
                    + "; lakewire never replaces it: detach it, or set "
                    + OnboardingPolicy.ATTACH_CONNECTOR
                    + "=false"));
      }
      if (a.succeeded()) {
        return Optional.empty();
      }
      return Optional.of(
          whileUpdating(
              a,
              wait,
              "workspace " + ref.name() + " is " + a.provisioningState(),
              " after attaching access connector "
                  + connectorId
                  + "; see the workspace's activity log, then reprocess",
              " attaching access connector " + connectorId));
    }
    if (!a.succeeded()) {
      return Optional.of(
          whileUpdating(
              a,
              wait,
              "workspace " + ref.name() + " is " + a.provisioningState(),
              "; nothing to attach",
              "; attaching the access connector waits for it"));
    }
    workspaces.attach(ref.id(), connectorId, policy.connectorIdentity());
    return Optional.of(
        StepOutcome.recheckAfter(
            UPDATE_RECHECK,
            "attaching access connector "
                + connectorId
                + " to workspace "
                + ref.name()
                + " (a long-running workspace update)"));
  }

  /** A workspace not {@code Succeeded}: failed (fail) or in an update (re-check after wait). */
  private static StepOutcome whileUpdating(
      ConnectorAttachment a, Duration wait, String state, String ifFailed, String ifUpdating) {
    return a.failed()
        ? StepOutcome.fail(state + ifFailed)
        : StepOutcome.recheckAfter(wait, state + ifUpdating);
  }
}

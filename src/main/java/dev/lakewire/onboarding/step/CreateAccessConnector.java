package dev.lakewire.onboarding.step;

import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.ExpectedDelays;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.policy.TagPolicy;
import dev.lakewire.ports.AccessConnector;
import dev.lakewire.ports.AccessConnectorSpec;
import dev.lakewire.ports.AccessConnectors;
import dev.lakewire.ports.Reconciled;
import dev.lakewire.ports.Reconciler;
import dev.lakewire.ports.Step;
import dev.lakewire.ports.Workspace;
import dev.lakewire.ports.Workspaces;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Step 1: the workspace's Access Connector exists as lakewire wants it (the one reconcile loop,
 * {@link Reconciler}, over {@link ConnectorOwnership#desired}). Waits (re-checks) while the
 * workspace is not {@code Succeeded}; creates the connector when missing, PUTs it again when it
 * failed or lakewire's tags drifted (keeping the other tags); does not wait for the connector's
 * provisioning (step 2 does). A connector under the deterministic name that is not lakewire's for
 * this workspace (its identity, or workspace tags of another) is a permanent failure naming it.
 *
 * <p>Before any write it decides the workspace's policy tags ({@link TagPolicy}): {@value
 * TagPolicy#SKIP} ends the run as skipped, an invalid tag fails it; the tags are carried to the
 * next steps, which resolve them again without reading the workspace.
 */
public record CreateAccessConnector(
    Workspaces workspaces, AccessConnectors connectors, OnboardingPolicy policy, Clock clock)
    implements OnboardingStep {

  /** Tag naming the workspace a connector belongs to. */
  public static final String TAG_WORKSPACE = ConnectorOwnership.TAG_WORKSPACE;

  /** Tag marking resources lakewire manages. */
  public static final String TAG_MANAGED = ConnectorOwnership.TAG_MANAGED;

  static final Duration WORKSPACE_RECHECK = Duration.ofSeconds(15);
  static final Duration WORKSPACE_RECHECK_CAP = Duration.ofMinutes(5);

  public CreateAccessConnector(
      Workspaces workspaces, AccessConnectors connectors, OnboardingPolicy policy) {
    this(workspaces, connectors, policy, Clock.systemUTC());
  }

  @Override
  public Step step() {
    return Step.CREATE_ACCESS_CONNECTOR;
  }

  @Override
  public StepOutcome reconcile(StepMessage message) {
    WorkspaceRef ref = message.workspace();
    if (!policy.allows(ref.subscriptionId())) {
      return StepOutcome.fail(
          "subscription "
              + ref.subscriptionId()
              + " is not in "
              + OnboardingPolicy.ALLOWED_SUBSCRIPTIONS);
    }
    Optional<Workspace> found = workspaces.find(ref.id());
    if (found.isEmpty()) {
      return StepOutcome.fail("workspace " + ref.id() + " does not exist (deleted?)");
    }
    Workspace ws = found.get();
    if (ws.terminallyUnusable()) {
      return StepOutcome.fail(
          "workspace " + ref.name() + " is " + ws.provisioningState() + "; nothing to wire");
    }
    if (!ws.succeeded()) {
      return StepOutcome.recheckAfter(
          OnboardingPolicy.backoff(message.rechecks(), WORKSPACE_RECHECK, WORKSPACE_RECHECK_CAP),
          "workspace " + ref.name() + " is " + ws.provisioningState());
    }
    // policy by tags, decided before anything is written; the tags travel on with the facts
    StepMessage.Carried learned = StepMessage.Carried.of(ws);
    TagPolicy.Decision decision =
        policy.tagPolicy().decide(learned.policyTags(), ws.location(), policy);
    if (decision instanceof TagPolicy.Skip skip) {
      return StepOutcome.skip(skip.reason());
    }
    if (decision instanceof TagPolicy.Invalid invalid) {
      return StepOutcome.fail(invalid.reason());
    }
    AccessConnectorSpec desired =
        ConnectorOwnership.desired(
            Names.accessConnectorId(ref, policy.connectorSuffix()),
            ref,
            ws.location(),
            policy.connectorIdentity());
    Optional<AccessConnector> existing = connectors.fetch(desired);
    // A connector under our name that is not ours (an identity other than exactly the configured
    // one, workspace tags of another) is never adopted, re-created over, or granted anything.
    Optional<String> refusal =
        existing.flatMap(c -> ConnectorOwnership.refusal(c, ref, policy.connectorIdentity()));
    if (refusal.isPresent()) {
      return StepOutcome.fail(refusal.get());
    }
    Reconciled<AccessConnector> r = Reconciler.reconcile(connectors, desired, existing);
    String name = r.resource().name();
    if (r.operation() == Reconciled.Operation.UNCHANGED
        || r.operation() == Reconciled.Operation.UPDATED && !existing.get().failed()) {
      return StepOutcome.advance(
          r.operation() == Reconciled.Operation.UNCHANGED
              ? "access connector " + name + " exists"
              : "access connector " + name + " exists; wrote back " + r.match(),
          learned,
          Duration.ZERO);
    }
    // a connector just created is still provisioning, then its principal replicates: step 2
    // first looks when a role assignment is expected to be able to name it (issue 11: a look
    // before that only costs a read)
    return StepOutcome.advance(
        (existing.isPresent() ? "re-created failed" : "created") + " access connector " + name,
        learned.withNewConnector(clock.instant()),
        ExpectedDelays.CONNECTOR_PROVISIONING.plus(ExpectedDelays.PRINCIPAL_REPLICATION));
  }
}

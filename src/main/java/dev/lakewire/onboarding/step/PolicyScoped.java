package dev.lakewire.onboarding.step;

import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.policy.TagPolicy;
import dev.lakewire.ports.Workspace;
import dev.lakewire.ports.Workspaces;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs a step under the policy as the workspace's tags change it ({@link TagPolicy}), and, for the
 * step that binds, attaches the connector to the workspace first when the policy says so ({@link
 * AttachConnector}).
 *
 * <p>The tags come from the message (step 1 read them with the workspace); only a message without
 * them (one sent before they were carried, a reprocess) reads the workspace. They are resolved
 * again here, against the settings, rather than trusted as a resolved result: resolution is pure
 * and cheap, and a message forged onto the queue cannot smuggle a storage account, metastore or
 * role past the allow-lists.
 */
public final class PolicyScoped implements OnboardingStep {

  private final Step step;
  private final OnboardingPolicy base;
  private final Workspaces workspaces;
  private final boolean withRoles;
  private final boolean attachFirst;
  private final Function<OnboardingPolicy, OnboardingStep> factory;
  private final AttachConnector attach;

  /**
   * @param withRoles whether the tags' extra roles apply to this step (only the step granting the
   *     workspace's own connector its roles)
   * @param attachFirst whether this step attaches the connector first (when the policy says so)
   * @param factory the step under a given policy
   */
  public PolicyScoped(
      Step step,
      OnboardingPolicy base,
      Workspaces workspaces,
      boolean withRoles,
      boolean attachFirst,
      Function<OnboardingPolicy, OnboardingStep> factory) {
    this.step = step;
    this.base = base;
    this.workspaces = workspaces;
    this.withRoles = withRoles;
    this.attachFirst = attachFirst;
    this.factory = factory;
    this.attach = new AttachConnector(workspaces);
  }

  @Override
  public Step step() {
    return step;
  }

  @Override
  public StepOutcome reconcile(StepMessage message) {
    WorkspaceRef ref = message.workspace();
    StepMessage.Carried carried = message.carried();
    boolean changed = false;
    if (carried.policyTags() == null || carried.location() == null) {
      Optional<Workspace> found = workspaces.find(ref.id());
      if (found.isEmpty()) {
        return StepOutcome.fail("workspace " + ref.id() + " does not exist (deleted?)");
      }
      Workspace ws = found.get();
      carried =
          carried.toBuilder()
              .location(ws.location())
              .workspaceUrl(ws.workspaceUrl())
              .workspaceId(ws.workspaceId())
              .policyTags(StepMessage.Carried.policyTagsOf(ws.tags()))
              .build();
      changed = true;
    }
    TagPolicy.Decision decision =
        base.tagPolicy().decide(carried.policyTags(), carried.location(), base);
    if (decision instanceof TagPolicy.Skip skip) {
      return StepOutcome.skip(skip.reason());
    }
    if (decision instanceof TagPolicy.Invalid invalid) {
      return StepOutcome.fail(invalid.reason());
    }
    TagPolicy.Overrides overrides = ((TagPolicy.Apply) decision).overrides();
    if (attachFirst && base.attachConnector() && !carried.connectorAttached()) {
      Optional<StepOutcome> attaching = attach.reconcile(ref, message, base);
      if (attaching.isPresent()) {
        return withCarried(attaching.get(), changed ? carried : null);
      }
      carried = carried.withConnectorAttached();
      changed = true;
    }
    OnboardingPolicy policy = base.withOverrides(overrides, carried.location(), withRoles);
    StepOutcome outcome =
        factory.apply(policy).reconcile(changed ? message.carrying(carried) : message);
    if (!overrides.isEmpty() && outcome instanceof StepOutcome.Advance a) {
      outcome =
          new StepOutcome.Advance(
              overrides.describe() + "; " + a.summary(),
              a.carried(),
              a.after(),
              a.accessVerified());
    }
    return withCarried(outcome, changed ? carried : null);
  }

  /** The outcome carrying {@code carried} where the step left what to carry to the message. */
  private static StepOutcome withCarried(StepOutcome outcome, StepMessage.Carried carried) {
    if (carried == null) {
      return outcome;
    }
    if (outcome instanceof StepOutcome.Advance a && a.carried() == null) {
      return new StepOutcome.Advance(a.summary(), carried, a.after(), a.accessVerified());
    }
    if (outcome instanceof StepOutcome.RecheckAfter r && r.carried() == null) {
      return new StepOutcome.RecheckAfter(r.delay(), r.reason(), carried, r.exact());
    }
    return outcome;
  }
}

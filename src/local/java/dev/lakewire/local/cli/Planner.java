package dev.lakewire.local.cli;

import dev.lakewire.app.AzureWiring;
import dev.lakewire.app.AzureWiring.CloudPorts;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.step.OnboardingStep;
import dev.lakewire.onboarding.step.StepOutcome;
import dev.lakewire.onboarding.worker.Onboarding;
import dev.lakewire.ports.CloudFailure;
import java.util.List;
import java.util.Optional;

/**
 * {@code lakewire plan}: runs the production steps, in order, in this process, against the real
 * adapters wrapped in {@link PlanningPorts}: what each step would create or change, with nothing
 * written. A step that would wait (the workspace still provisioning) or fail ends the plan there.
 */
final class Planner {

  /** Re-runs of one step the plan allows (a step re-checks once to let a new principal settle). */
  private static final int MAX_TRIES = 5;

  /**
   * The plan.
   *
   * @param changes what would be created or changed, in order
   * @param stoppedAt the step the plan ended at when it did not get through, else empty
   * @param reason why it stopped there (would wait / would fail), or why it ended early without
   *     stopping (a step skipped by the workspace's policy), else empty
   * @param failed whether it stopped on a permanent failure
   */
  record Plan(
      List<PlanningPorts.Change> changes,
      Optional<Step> stoppedAt,
      Optional<String> reason,
      boolean failed) {}

  private Planner() {}

  static Plan plan(Target target, WorkspaceRef ws) {
    OnboardingPolicy policy = target.policy();
    CloudPorts real =
        AzureWiring.cloudPorts(
            target.endpoints(), target.credential(), policy, target.clock(), target.retries());
    PlanningPorts planning = new PlanningPorts(real);
    CloudPorts p = planning.ports();
    // the production chain (policy by tags, the optional connector attachment) on planning ports
    List<OnboardingStep> steps =
        Onboarding.builder()
            .workspaces(p.workspaces())
            .accessConnectors(p.accessConnectors())
            .storageAccounts(p.storageAccounts())
            .roleAssignments(p.roleAssignments())
            .metastoreAssignments(p.metastoreAssignments())
            .workspaceMemberships(p.workspaceMemberships())
            .workspaceMetastores(p.workspaceMetastores())
            .storageCredentials(p.storageCredentials())
            .externalLocations(p.externalLocations())
            .policy(policy)
            .steps();
    StepMessage message = StepMessage.first(ws, Step.CREATE_ACCESS_CONNECTOR, "plan", "plan", 1);
    for (OnboardingStep step : steps) {
      planning.step(step.step().name());
      message = message.step() == step.step() ? message : message.advanceTo(step.step());
      boolean advanced = false;
      for (int tries = 0; tries < MAX_TRIES && !advanced; tries++) {
        int planned = planning.changes().size();
        StepOutcome outcome;
        try {
          outcome = step.reconcile(message);
        } catch (CloudFailure.Permanent | CloudFailure.NotYet e) {
          return new Plan(
              planning.changes(),
              Optional.of(step.step()),
              Optional.of(e.getMessage()),
              e instanceof CloudFailure.Permanent);
        }
        if (outcome instanceof StepOutcome.Advance a) {
          if (a.carried() != null) {
            message = message.carrying(a.carried());
          }
          advanced = true;
        } else if (outcome instanceof StepOutcome.Skipped skipped) {
          // the workspace's policy says to leave it alone: the run would end here, done
          return new Plan(
              planning.changes(),
              Optional.empty(),
              Optional.of(step.step() + " skipped: " + skipped.reason()),
              false);
        } else if (outcome instanceof StepOutcome.RecheckAfter r) {
          boolean wrote = planning.changes().size() > planned;
          boolean learned = r.carried() != null && !r.carried().equals(message.carried());
          if (wrote && !learned) {
            // it made a (planned) change and would look at its effect: look now
            message = message.recheck();
            continue;
          }
          if (!learned) {
            return new Plan(
                planning.changes(),
                Optional.of(step.step()),
                Optional.of("would wait: " + r.reason()),
                false);
          }
          // it learned something (a new principal) and would look again: look again now
          message = message.recheck().carrying(r.carried());
        } else if (outcome instanceof StepOutcome.Fail f) {
          return new Plan(
              planning.changes(), Optional.of(step.step()), Optional.of(f.reason()), true);
        } else {
          return new Plan(
              planning.changes(),
              Optional.of(step.step()),
              Optional.of(String.valueOf(outcome)),
              false);
        }
      }
      if (!advanced) {
        return new Plan(
            planning.changes(),
            Optional.of(step.step()),
            Optional.of("would still be re-checking after " + MAX_TRIES + " looks"),
            false);
      }
    }
    return new Plan(planning.changes(), Optional.empty(), Optional.empty(), false);
  }
}

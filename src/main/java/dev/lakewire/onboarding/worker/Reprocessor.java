package dev.lakewire.onboarding.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.JsonBodies;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.Steps;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.Step;
import java.util.function.Supplier;

/**
 * Re-runs a workspace from a step. The request is {@code {"workspaceResourceId": "...", "step":
 * "ASSIGN_STORAGE_ROLES"}}; without a step, the run restarts at the step the ledger says failed or
 * stopped, or at the first step when the ledger knows nothing. Every step is a reconciler, so
 * re-running finished steps is harmless.
 */
public final class Reprocessor {

  private final OnboardingStarter starter;
  private final OnboardingLedger ledger;
  private final Supplier<String> ids;

  Reprocessor(OnboardingStarter starter, OnboardingLedger ledger, Supplier<String> ids) {
    this.starter = starter;
    this.ledger = ledger;
    this.ids = ids;
  }

  /**
   * Queues the re-run a reprocess message asks for.
   *
   * @throws InvalidInputException naming the field that is missing or wrong
   */
  public StepMessage reprocess(String body) {
    JsonNode n = JsonBodies.object(body);
    WorkspaceRef ws =
        WorkspaceRef.parse("workspaceResourceId", n.path("workspaceResourceId").asText(null));
    JsonNode stepNode = n.get("step");
    Step from;
    if (stepNode != null && !stepNode.isNull()) {
      from = Steps.parse("step", stepNode.asText());
    } else {
      from =
          ledger
              .find(ws.id())
              .filter(r -> r.status() != OnboardingRecord.Status.COMPLETED)
              .map(r -> Steps.parse("ledger.step", r.step() == null ? null : r.step().name()))
              .orElse(Step.CREATE_ACCESS_CONNECTOR);
    }
    return starter.start(ws, from, "reprocess-" + ids.get(), "reprocess");
  }
}

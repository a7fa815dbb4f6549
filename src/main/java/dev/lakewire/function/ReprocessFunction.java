package dev.lakewire.function;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.ServiceBusQueueTrigger;
import dev.lakewire.onboarding.message.LogText;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.message.StepMessage;

/**
 * {@code reprocess}: a message {@code {"workspaceResourceId": "...", "step": "..."}} on the
 * reprocess queue re-runs that workspace from the step (or from where the ledger says it stopped).
 *
 * <p>Settings read: {@code LAKEWIRE_QUEUE_REPROCESS}, {@code
 * ServiceBusConnection__fullyQualifiedNamespace}, the step queue settings, the policy, the ledger
 * settings.
 */
public class ReprocessFunction extends LakewireFunction {

  @FunctionName("reprocess")
  public void run(
      @ServiceBusQueueTrigger(
              name = "message",
              queueName = "%" + Queues.REPROCESS_SETTING + "%",
              connection = Queues.CONNECTION)
          String message,
      ExecutionContext context) {
    StepMessage queued = onboarding().reprocessor().reprocess(message);
    context
        .getLogger()
        .info(
            () ->
                LogText.line(
                    "reprocess: " + queued.workspaceResourceId() + " from " + queued.step()));
  }
}

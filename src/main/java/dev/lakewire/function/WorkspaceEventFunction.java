package dev.lakewire.function;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import dev.lakewire.onboarding.message.InvalidInputException;

/**
 * {@code onWorkspaceEvent}: Event Grid (subscription system topic) → the first step's queue.
 *
 * <p>Settings read: the policy ({@code LAKEWIRE_ALLOWED_SUBSCRIPTIONS} and the rest of {@code
 * LAKEWIRE_*}), {@code ServiceBusConnection__fullyQualifiedNamespace}, {@code
 * LAKEWIRE_QUEUE_CREATE_ACCESS_CONNECTOR}, {@code AZURE_CLIENT_ID}, the ledger settings.
 */
public class WorkspaceEventFunction extends LakewireFunction {

  /**
   * Takes one Event Grid delivery (an event or an array; Event Grid or CloudEvents schema) and logs
   * what it decided about each event.
   *
   * @throws InvalidInputException for a body that is not an event: Event Grid retries, then
   *     dead-letters it to the subscription's dead-letter container
   */
  @FunctionName("onWorkspaceEvent")
  public void run(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
    onboarding().events().receive(event, context.getLogger());
  }
}

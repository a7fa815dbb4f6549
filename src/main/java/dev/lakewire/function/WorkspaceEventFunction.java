package dev.lakewire.function;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import dev.lakewire.app.Lakewire;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.LogText;
import dev.lakewire.onboarding.worker.EventDecision;
import dev.lakewire.onboarding.worker.Onboarding;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;

/**
 * {@code onWorkspaceEvent}: Event Grid (subscription system topic) → the first step's queue.
 *
 * <p>Settings read: the policy ({@code LAKEWIRE_ALLOWED_SUBSCRIPTIONS} and the rest of {@code
 * LAKEWIRE_*}), {@code ServiceBusConnection__fullyQualifiedNamespace}, {@code
 * LAKEWIRE_QUEUE_CREATE_ACCESS_CONNECTOR}, {@code AZURE_CLIENT_ID}, the ledger settings.
 */
public class WorkspaceEventFunction {

  private final Supplier<Onboarding> onboarding;

  public WorkspaceEventFunction() {
    this(Lakewire::onboarding);
  }

  public WorkspaceEventFunction(Onboarding onboarding) {
    this(() -> onboarding);
  }

  private WorkspaceEventFunction(Supplier<Onboarding> onboarding) {
    this.onboarding = onboarding;
  }

  /** Takes one Event Grid delivery (an event or an array; Event Grid or CloudEvents schema). */
  @FunctionName("onWorkspaceEvent")
  public void run(@EventGridTrigger(name = "event") String event, ExecutionContext context) {
    receive(event, context);
  }

  /**
   * What {@link #run} does, returning the decisions (the local run reports them).
   *
   * @throws InvalidInputException for a body that is not an event: Event Grid retries, then
   *     dead-letters it to the subscription's dead-letter container
   */
  public List<EventDecision> receive(String event, ExecutionContext context) {
    try {
      List<EventDecision> decisions = onboarding.get().events().receive(event);
      for (EventDecision d : decisions) {
        Level level = d.decision() == EventDecision.Decision.REJECTED ? Level.WARNING : Level.INFO;
        context
            .getLogger()
            .log(
                level,
                () ->
                    LogText.line(
                        "event "
                            + LogText.clean(d.eventId())
                            + " "
                            + d.decision()
                            + ": "
                            + d.reason()));
      }
      return decisions;
    } catch (InvalidInputException e) {
      context.getLogger().severe(LogText.line("delivery rejected: " + e.getMessage()));
      throw e;
    }
  }
}

package dev.lakewire.function;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.ServiceBusQueueTrigger;
import dev.lakewire.app.Lakewire;
import dev.lakewire.onboarding.message.LogText;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.step.StepOutcome;
import dev.lakewire.onboarding.worker.Onboarding;
import java.util.function.Supplier;

/**
 * The step functions, one per step queue: the three onboarding steps and the three offboarding
 * steps. A normal return completes the message (the next message, a scheduled re-check or a
 * dead-letter copy has been sent by then); an exception makes Service Bus redeliver it until {@code
 * maxDeliveryCount}.
 *
 * <p>Settings read: {@code LAKEWIRE_QUEUE_CREATE_ACCESS_CONNECTOR}, {@code
 * LAKEWIRE_QUEUE_ASSIGN_STORAGE_ROLES}, {@code LAKEWIRE_QUEUE_BIND_METASTORE}, {@code
 * LAKEWIRE_QUEUE_REMOVE_STORAGE_ROLES}, {@code LAKEWIRE_QUEUE_REMOVE_CATALOG_OBJECTS}, {@code
 * LAKEWIRE_QUEUE_REMOVE_ACCESS_CONNECTOR}, {@code ServiceBusConnection__fullyQualifiedNamespace}
 * (trigger and sender), the policy ({@code LAKEWIRE_*}), {@code AZURE_CLIENT_ID}, {@code
 * LAKEWIRE_ARM_ENDPOINT}, {@code LAKEWIRE_QUEUE_PARKED} (where permanent failures are parked), the
 * ledger settings; the complete list is {@code dev.lakewire.app.Settings#SETTINGS}.
 */
public class StepFunctions {

  private final Supplier<Onboarding> onboarding;

  public StepFunctions() {
    this(Lakewire::onboarding);
  }

  public StepFunctions(Onboarding onboarding) {
    this(() -> onboarding);
  }

  private StepFunctions(Supplier<Onboarding> onboarding) {
    this.onboarding = onboarding;
  }

  @FunctionName("createAccessConnector")
  public void createAccessConnector(
      @ServiceBusQueueTrigger(
              name = "message",
              queueName = "%" + Queues.CREATE_ACCESS_CONNECTOR_SETTING + "%",
              connection = Queues.CONNECTION)
          String message,
      @BindingName("DeliveryCount") int deliveryCount,
      ExecutionContext context) {
    run(Step.CREATE_ACCESS_CONNECTOR, message, deliveryCount, context);
  }

  @FunctionName("assignStorageRoles")
  public void assignStorageRoles(
      @ServiceBusQueueTrigger(
              name = "message",
              queueName = "%" + Queues.ASSIGN_STORAGE_ROLES_SETTING + "%",
              connection = Queues.CONNECTION)
          String message,
      @BindingName("DeliveryCount") int deliveryCount,
      ExecutionContext context) {
    run(Step.ASSIGN_STORAGE_ROLES, message, deliveryCount, context);
  }

  @FunctionName("bindMetastore")
  public void bindMetastore(
      @ServiceBusQueueTrigger(
              name = "message",
              queueName = "%" + Queues.BIND_METASTORE_SETTING + "%",
              connection = Queues.CONNECTION)
          String message,
      @BindingName("DeliveryCount") int deliveryCount,
      ExecutionContext context) {
    run(Step.BIND_METASTORE, message, deliveryCount, context);
  }

  @FunctionName("removeStorageRoles")
  public void removeStorageRoles(
      @ServiceBusQueueTrigger(
              name = "message",
              queueName = "%" + Queues.REMOVE_STORAGE_ROLES_SETTING + "%",
              connection = Queues.CONNECTION)
          String message,
      @BindingName("DeliveryCount") int deliveryCount,
      ExecutionContext context) {
    run(Step.REMOVE_STORAGE_ROLES, message, deliveryCount, context);
  }

  @FunctionName("removeCatalogObjects")
  public void removeCatalogObjects(
      @ServiceBusQueueTrigger(
              name = "message",
              queueName = "%" + Queues.REMOVE_CATALOG_OBJECTS_SETTING + "%",
              connection = Queues.CONNECTION)
          String message,
      @BindingName("DeliveryCount") int deliveryCount,
      ExecutionContext context) {
    run(Step.REMOVE_CATALOG_OBJECTS, message, deliveryCount, context);
  }

  @FunctionName("removeAccessConnector")
  public void removeAccessConnector(
      @ServiceBusQueueTrigger(
              name = "message",
              queueName = "%" + Queues.REMOVE_ACCESS_CONNECTOR_SETTING + "%",
              connection = Queues.CONNECTION)
          String message,
      @BindingName("DeliveryCount") int deliveryCount,
      ExecutionContext context) {
    run(Step.REMOVE_ACCESS_CONNECTOR, message, deliveryCount, context);
  }

  private void run(Step step, String message, int deliveryCount, ExecutionContext context) {
    context.getLogger().info(() -> step + " delivery " + deliveryCount);
    StepOutcome outcome = onboarding.get().worker().handle(step, message);
    context.getLogger().info(() -> LogText.line(step + " → " + outcome));
  }
}

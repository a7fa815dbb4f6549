package dev.lakewire.function;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.ServiceBusQueueTrigger;
import dev.lakewire.onboarding.message.LogText;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.step.StepOutcome;
import dev.lakewire.ports.Step;

/**
 * The step functions, one per step queue: the three onboarding steps and the three offboarding
 * steps. A normal return completes the message (the next message, a scheduled re-check or a
 * dead-letter copy has been sent by then); an exception makes Service Bus redeliver it until {@code
 * maxDeliveryCount}. The host logs each delivery's MessageId and DeliveryCount itself ("Trigger
 * Details", azure-functions-servicebus-extension's {@code ServiceBusTriggerInput}), so no method
 * binds them.
 *
 * <p>Settings read: {@code LAKEWIRE_QUEUE_CREATE_ACCESS_CONNECTOR}, {@code
 * LAKEWIRE_QUEUE_ASSIGN_STORAGE_ROLES}, {@code LAKEWIRE_QUEUE_BIND_METASTORE}, {@code
 * LAKEWIRE_QUEUE_REMOVE_STORAGE_ROLES}, {@code LAKEWIRE_QUEUE_REMOVE_CATALOG_OBJECTS}, {@code
 * LAKEWIRE_QUEUE_REMOVE_ACCESS_CONNECTOR}, {@code ServiceBusConnection__fullyQualifiedNamespace}
 * (trigger and sender), the policy ({@code LAKEWIRE_*}), {@code AZURE_CLIENT_ID}, {@code
 * LAKEWIRE_ARM_ENDPOINT}, {@code LAKEWIRE_QUEUE_PARKED} (where permanent failures are parked), the
 * ledger settings; the complete list is {@code dev.lakewire.app.Settings#SETTINGS}.
 */
public class StepFunctions extends LakewireFunction {

  /** The queue bindings: {@code %SETTING%} expressions the host resolves from app settings. */
  private static final String BUS = Queues.CONNECTION;

  private static final String CREATE = "%" + Queues.CREATE_ACCESS_CONNECTOR_SETTING + "%";
  private static final String ASSIGN = "%" + Queues.ASSIGN_STORAGE_ROLES_SETTING + "%";
  private static final String BIND = "%" + Queues.BIND_METASTORE_SETTING + "%";
  private static final String UNASSIGN = "%" + Queues.REMOVE_STORAGE_ROLES_SETTING + "%";
  private static final String UNCATALOG = "%" + Queues.REMOVE_CATALOG_OBJECTS_SETTING + "%";
  private static final String UNCREATE = "%" + Queues.REMOVE_ACCESS_CONNECTOR_SETTING + "%";

  /** Onboarding step 1: the workspace's access connector (a managed identity). */
  @FunctionName("createAccessConnector")
  public void createAccessConnector(
      @ServiceBusQueueTrigger(name = "message", queueName = CREATE, connection = BUS) String body,
      ExecutionContext context) {
    run(Step.CREATE_ACCESS_CONNECTOR, body, context);
  }

  /**
   * Onboarding step 2: the connector's data roles on the storage account, and the policy's other
   * grants.
   */
  @FunctionName("assignStorageRoles")
  public void assignStorageRoles(
      @ServiceBusQueueTrigger(name = "message", queueName = ASSIGN, connection = BUS) String body,
      ExecutionContext context) {
    run(Step.ASSIGN_STORAGE_ROLES, body, context);
  }

  /**
   * Onboarding step 3: metastore assignment, storage credential and external locations, then
   * validation.
   */
  @FunctionName("bindMetastore")
  public void bindMetastore(
      @ServiceBusQueueTrigger(name = "message", queueName = BIND, connection = BUS) String body,
      ExecutionContext context) {
    run(Step.BIND_METASTORE, body, context);
  }

  /**
   * Offboarding step 1: the role assignments lakewire made for the deleted workspace's connector.
   */
  @FunctionName("removeStorageRoles")
  public void removeStorageRoles(
      @ServiceBusQueueTrigger(name = "message", queueName = UNASSIGN, connection = BUS) String body,
      ExecutionContext context) {
    run(Step.REMOVE_STORAGE_ROLES, body, context);
  }

  /** Offboarding step 2: its external locations and storage credential. */
  @FunctionName("removeCatalogObjects")
  public void removeCatalogObjects(
      @ServiceBusQueueTrigger(name = "message", queueName = UNCATALOG, connection = BUS)
          String body,
      ExecutionContext context) {
    run(Step.REMOVE_CATALOG_OBJECTS, body, context);
  }

  /** Offboarding step 3: its access connector, unless another workspace still uses it. */
  @FunctionName("removeAccessConnector")
  public void removeAccessConnector(
      @ServiceBusQueueTrigger(name = "message", queueName = UNCREATE, connection = BUS) String body,
      ExecutionContext context) {
    run(Step.REMOVE_ACCESS_CONNECTOR, body, context);
  }

  private void run(Step step, String message, ExecutionContext context) {
    StepOutcome outcome = onboarding().worker().handle(step, message);
    context.getLogger().info(() -> LogText.line(step + " → " + outcome));
  }
}

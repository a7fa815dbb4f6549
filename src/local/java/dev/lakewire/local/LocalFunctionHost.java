package dev.lakewire.local;

import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.microsoft.azure.functions.ExecutionContext;
import dev.lakewire.app.AzureWiring;
import dev.lakewire.function.LakewireFunction;
import dev.lakewire.function.ReprocessFunction;
import dev.lakewire.function.StepFunctions;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.worker.EventDecision;
import dev.lakewire.onboarding.worker.Onboarding;
import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.Step;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * Plays the Functions host locally: binds the in-memory bus's queues to the same function methods
 * the host would call, and hands Event Grid deliveries to {@code onWorkspaceEvent}.
 */
public final class LocalFunctionHost {

  private final Onboarding onboarding;
  private final Logger logger;

  /**
   * The host of a local run on the production adapters: lakewire's managed identity, the SDK
   * clients against {@code endpoints} (the local cloud's), {@code bus} and {@code ledger}, the
   * policy and reprocess queue from {@code settings}.
   */
  public static LocalFunctionHost onAdapters(
      AzureWiring.Endpoints endpoints,
      InMemoryServiceBus bus,
      OnboardingLedger ledger,
      Map<String, String> settings,
      Clock clock) {
    return new LocalFunctionHost(
        AzureWiring.forEndpoints(
            AzureWiring.Options.builder()
                .endpoints(endpoints)
                .credential(new ManagedIdentityCredentialBuilder().build())
                .queues(bus)
                .deadLetters(bus)
                .ledger(ledger)
                .policy(OnboardingPolicy.fromSettings(settings))
                .clock(clock)
                .retries(LocalRetries.IMMEDIATE)
                .build()),
        bus,
        Queues.reprocessFromSettings(settings),
        Logger.getLogger("lakewire.local.functions"));
  }

  /**
   * @param onboarding the use cases (built on whatever adapters the caller chose)
   * @param bus the in-memory Service Bus; its step queues get the step functions
   * @param reprocessQueue the reprocess queue name
   * @param logger where function logs go
   */
  public LocalFunctionHost(
      Onboarding onboarding, InMemoryServiceBus bus, String reprocessQueue, Logger logger) {
    this.onboarding = onboarding;
    this.logger = logger;
    StepFunctions steps = LakewireFunction.using(onboarding, StepFunctions::new);
    ReprocessFunction reprocess = LakewireFunction.using(onboarding, ReprocessFunction::new);
    bind(bus, Step.CREATE_ACCESS_CONNECTOR, "createAccessConnector", steps::createAccessConnector);
    bind(bus, Step.ASSIGN_STORAGE_ROLES, "assignStorageRoles", steps::assignStorageRoles);
    bind(bus, Step.BIND_METASTORE, "bindMetastore", steps::bindMetastore);
    bus.subscribe(reprocessQueue, (body, count) -> reprocess.run(body, context("reprocess")));
    bind(bus, Step.REMOVE_STORAGE_ROLES, "removeStorageRoles", steps::removeStorageRoles);
    bind(bus, Step.REMOVE_CATALOG_OBJECTS, "removeCatalogObjects", steps::removeCatalogObjects);
    bind(bus, Step.REMOVE_ACCESS_CONNECTOR, "removeAccessConnector", steps::removeAccessConnector);
  }

  /**
   * Subscribes a step function to its step's queue; like the host, it logs each delivery's count
   * before the function runs ("Trigger Details", azure-functions-servicebus-extension's {@code
   * ServiceBusTriggerInput}).
   */
  private void bind(
      InMemoryServiceBus bus,
      Step step,
      String function,
      BiConsumer<String, ExecutionContext> trigger) {
    bus.subscribe(
        bus.queueOf(step),
        (body, count) -> {
          LocalExecutionContext context = context(function);
          context.getLogger().info(() -> "Trigger Details: DeliveryCount: " + count);
          trigger.accept(body, context);
        });
  }

  /**
   * Delivers an Event Grid delivery as {@code onWorkspaceEvent} takes it (the use case, logging to
   * the function's log), returning the decisions for the local run to report.
   */
  public List<EventDecision> deliverEvent(String delivery) {
    return onboarding.events().receive(delivery, context("onWorkspaceEvent").getLogger());
  }

  private LocalExecutionContext context(String function) {
    return new LocalExecutionContext(function, logger);
  }
}

package dev.lakewire.local;

import com.azure.identity.ManagedIdentityCredentialBuilder;
import dev.lakewire.app.AzureWiring;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.worker.Onboarding;
import dev.lakewire.ports.Step;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * lakewire's production wiring ({@link AzureWiring}) against a local cloud, on an in-memory Service
 * Bus and ledger: the chain the end-to-end tests of this package run.
 */
public record LocalChain(InMemoryServiceBus bus, Onboarding onboarding) {

  /**
   * The app settings an end-to-end test starts from: what infra provisions ({@code infra}), where
   * the local cloud is, the storage targets and the metastores; {@code overrides} last.
   */
  public static Map<String, String> settings(
      Map<String, String> infra,
      String storageTargets,
      String metastores,
      Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>();
    settings.put(OnboardingPolicy.STORAGE_TARGETS, storageTargets);
    settings.put(OnboardingPolicy.METASTORES, metastores);
    settings.putAll(infra);
    settings.putAll(LocalCloud.lakewireSettings());
    settings.putAll(overrides);
    return settings;
  }

  /** Wires lakewire with these settings; nothing is delivered until a queue is subscribed. */
  public static LocalChain wire(
      LocalCloud cloud, ManualClock clock, InMemoryLedger ledger, Map<String, String> settings) {
    return wire(cloud.endpoints(), clock, ledger, settings);
  }

  /** {@link #wire(LocalCloud, ManualClock, InMemoryLedger, Map)} against given endpoints. */
  public static LocalChain wire(
      AzureWiring.Endpoints endpoints,
      ManualClock clock,
      InMemoryLedger ledger,
      Map<String, String> settings) {
    InMemoryServiceBus bus =
        new InMemoryServiceBus(clock, Queues.fromSettings(settings), 10, Duration.ofMinutes(10));
    Onboarding onboarding =
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
                .build());
    return new LocalChain(bus, onboarding);
  }

  /** Each step queue delivers to the worker, as the step functions do. */
  public LocalChain deliveringSteps() {
    for (Step step : Step.values()) {
      bus.subscribe(bus.queueOf(step), (body, delivery) -> onboarding.worker().handle(step, body));
    }
    return this;
  }
}

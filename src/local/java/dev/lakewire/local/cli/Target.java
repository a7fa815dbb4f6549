package dev.lakewire.local.cli;

import com.azure.core.credential.TokenCredential;
import dev.lakewire.app.AzureWiring;
import dev.lakewire.app.LakewireSettings;
import dev.lakewire.local.LocalRetries;
import dev.lakewire.local.ManualClock;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.message.SettingValues;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.worker.Onboarding;
import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where a CLI command acts: real Azure (the app's settings, {@code DefaultAzureCredential}, the
 * ledger table, the wall clock) or a local cloud ({@link LocalWorld}: its settings, its in-memory
 * ledger, its virtual clock).
 *
 * @param policy the onboarding policy in force
 * @param queues step → queue name
 * @param reprocessQueue the reprocess queue's name
 * @param endpoints ARM and Databricks endpoints
 * @param credential the identity lakewire acts as
 * @param ledgers the onboarding ledger, built on first use ({@code plan} needs none)
 * @param clock the clock re-checks are scheduled on
 * @param retries how the SDK clients retry by themselves
 * @param world the local cloud, when this is one
 */
record Target(
    OnboardingPolicy policy,
    Map<Step, String> queues,
    String reprocessQueue,
    AzureWiring.Endpoints endpoints,
    TokenCredential credential,
    java.util.function.Supplier<OnboardingLedger> ledgers,
    Clock clock,
    AzureWiring.ClientRetries retries,
    Optional<LocalWorld> world) {

  Target {
    queues = Map.copyOf(queues);
  }

  /**
   * Real Azure: the app's settings (read once, as the Function App reads them), the app's ledger
   * table.
   *
   * @throws dev.lakewire.onboarding.message.InvalidInputException naming a setting that is missing
   *     or wrong
   */
  static Target azure(Map<String, String> environment) {
    LakewireSettings settings = LakewireSettings.from(environment);
    TokenCredential credential = AzureWiring.credential(settings);
    return new Target(
        settings.policy(),
        settings.queues(),
        settings.reprocessQueue(),
        AzureWiring.Endpoints.fromSettings(settings),
        credential,
        memoized(() -> AzureWiring.tableLedger(settings, credential)),
        Clock.systemUTC(),
        AzureWiring.ClientRetries.PRODUCTION,
        Optional.empty());
  }

  /** A local cloud: its world's policy and queue settings. */
  static Target local(LocalWorld world) {
    SettingValues settings = SettingValues.of(world.settings());
    return new Target(
        OnboardingPolicy.fromSettings(settings),
        Queues.fromSettings(settings),
        Queues.reprocessFromSettings(settings),
        world.cloud().endpoints(),
        LocalCloud.tokenCredential(null),
        world::ledger,
        world.clock(),
        LocalRetries.IMMEDIATE,
        Optional.of(world));
  }

  /**
   * The onboarding ledger.
   *
   * @throws IllegalArgumentException naming the ledger settings when they do not say where it is
   */
  OnboardingLedger ledger() {
    return ledgers.get();
  }

  private static java.util.function.Supplier<OnboardingLedger> memoized(
      java.util.function.Supplier<OnboardingLedger> build) {
    OnboardingLedger[] built = new OnboardingLedger[1];
    return () -> {
      synchronized (built) {
        if (built[0] == null) {
          built[0] = build.get();
        }
        return built[0];
      }
    };
  }

  /** An in-memory Service Bus on this target's clock, with the configured queue names. */
  InMemoryServiceBus newBus() {
    return new InMemoryServiceBus(clock, queues, 10, Duration.ofMinutes(10));
  }

  /** The use cases on the production adapters, with this bus and {@code ledger}. */
  Onboarding onboarding(InMemoryServiceBus bus, OnboardingLedger ledger) {
    return AzureWiring.forEndpoints(
        AzureWiring.Options.builder()
            .endpoints(endpoints)
            .credential(credential)
            .queues(bus)
            .deadLetters(bus)
            .ledger(ledger)
            .policy(policy())
            .clock(clock)
            .retries(retries)
            .build());
  }

  /**
   * Delivers the bus's messages until none is left or {@code max} of clock time has passed: on the
   * local cloud by moving its virtual clock, against real Azure by waiting for each scheduled
   * message on the wall clock.
   *
   * @return whether the bus is empty
   */
  boolean drain(InMemoryServiceBus bus, Duration max, int concurrency) {
    if (clock instanceof ManualClock manual) {
      bus.runUntilIdle(manual, max, concurrency);
      return bus.pendingCount() == 0;
    }
    Instant deadline = clock.instant().plus(max);
    while (true) {
      if (bus.deliverNext()) {
        continue;
      }
      Optional<Instant> next = bus.nextScheduled();
      if (next.isEmpty()) {
        return true;
      }
      if (next.get().isAfter(deadline)) {
        return false;
      }
      long wait = Duration.between(clock.instant(), next.get()).toMillis();
      if (wait > 0) {
        try {
          Thread.sleep(Math.min(wait, 60_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }
}

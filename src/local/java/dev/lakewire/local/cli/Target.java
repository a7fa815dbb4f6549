package dev.lakewire.local.cli;

import com.azure.core.credential.TokenCredential;
import dev.lakewire.app.AzureWiring;
import dev.lakewire.local.ManualClock;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.worker.Onboarding;
import dev.lakewire.ports.OnboardingLedger;
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
 * @param settings the app settings in force
 * @param endpoints ARM and Databricks endpoints
 * @param credential the identity lakewire acts as
 * @param ledgers the onboarding ledger, built on first use ({@code plan} needs none)
 * @param clock the clock re-checks are scheduled on
 * @param retries how the SDK clients retry by themselves
 * @param world the local cloud, when this is one
 */
record Target(
    Map<String, String> settings,
    AzureWiring.Endpoints endpoints,
    TokenCredential credential,
    java.util.function.Supplier<OnboardingLedger> ledgers,
    Clock clock,
    AzureWiring.ClientRetries retries,
    Optional<LocalWorld> world) {

  Target {
    settings = Map.copyOf(settings);
  }

  /** Real Azure: the app's settings, the app's ledger table. */
  static Target azure(Map<String, String> settings) {
    TokenCredential credential = dev.lakewire.azure.Credentials.fromSettings(settings);
    return new Target(
        settings,
        AzureWiring.Endpoints.fromSettings(settings),
        credential,
        memoized(() -> AzureWiring.tableLedger(settings, credential)),
        Clock.systemUTC(),
        AzureWiring.ClientRetries.PRODUCTION,
        Optional.empty());
  }

  /** A local cloud. */
  static Target local(LocalWorld world) {
    return new Target(
        world.settings(),
        world.cloud().endpoints(),
        LocalCloud.tokenCredential(null),
        world::ledger,
        world.clock(),
        AzureWiring.ClientRetries.IMMEDIATE,
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

  OnboardingPolicy policy() {
    return OnboardingPolicy.fromSettings(settings);
  }

  /** An in-memory Service Bus on this target's clock, with the configured queue names. */
  InMemoryServiceBus newBus() {
    return new InMemoryServiceBus(clock, Queues.fromSettings(settings), 10, Duration.ofMinutes(10));
  }

  /** The use cases on the production adapters, with this bus and {@code ledger}. */
  Onboarding onboarding(InMemoryServiceBus bus, OnboardingLedger ledger) {
    return AzureWiring.forEndpoints(
        AzureWiring.Options.builder()
            .endpoints(endpoints)
            .credential(credential)
            .bus(bus)
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

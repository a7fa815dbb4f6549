package dev.lakewire.local.bench;

import dev.lakewire.app.AzureWiring;
import dev.lakewire.azure.Credentials;
import dev.lakewire.local.EventSamples;
import dev.lakewire.local.InMemoryLedger;
import dev.lakewire.local.LakewireInfra;
import dev.lakewire.local.LocalFunctionHost;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.worker.Onboarding;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Run in a fresh JVM on the deployable's class path ({@code target/azure-functions/lakewire}) plus
 * this probe: builds the production wiring against the bench's local cloud, delivers one workspace
 * event and handles the first step message, then prints how long that took since the JVM started.
 * Arguments: ARM endpoint, tenant id, workspace id, storage account id, Databricks accounts host,
 * account id, application id (the first step calls ARM only).
 */
public final class FirstStepProbe {

  private FirstStepProbe() {}

  public static void main(String[] args) {
    Logger.getLogger("").setLevel(Level.SEVERE);
    Map<String, String> settings = Bench.settings(args[3], Bench.subscriptions(1));
    // the settings infra sets (the bench's cloud was seeded by LakewireInfra.seed)
    settings.put(OnboardingPolicy.LOCATION_LAYOUT, "shared");
    settings.put(
        OnboardingPolicy.SHARED_ACCESS_CONNECTOR,
        LakewireInfra.sharedConnectorId(Bench.subscriptions(1).get(0)));
    settings.put(OnboardingPolicy.IDENTITY_PRINCIPAL_ID, LocalCloud.principalIdFor(null));
    InMemoryServiceBus bus =
        new InMemoryServiceBus(
            Clock.systemUTC(), Queues.fromSettings(settings), 10, Duration.ofMinutes(10));
    Onboarding onboarding =
        AzureWiring.forEndpoints(
            AzureWiring.Options.builder()
                .endpoints(
                    new AzureWiring.Endpoints(args[0], args[1], args[4], args[5], args[6], null))
                .credential(Credentials.fromSettings(Map.of()))
                .bus(bus)
                .ledger(new InMemoryLedger())
                .policy(OnboardingPolicy.fromSettings(settings))
                .clock(Clock.systemUTC())
                .retries(AzureWiring.ClientRetries.IMMEDIATE)
                .build());
    LocalFunctionHost host =
        new LocalFunctionHost(
            onboarding, bus, Queues.reprocessFromSettings(settings), Logger.getLogger("probe"));
    host.deliverEvent(
        EventSamples.delivery(
            List.of(
                EventSamples.workspaceWrite(EventSamples.Schema.EVENT_GRID, args[2], "e", "c"))));
    System.out.println(
        "wired-ms="
            + (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()));
    boolean handled = bus.deliverNext();
    long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.println((handled ? "first-step-ms=" : "no-step-ms=") + ms);
  }
}

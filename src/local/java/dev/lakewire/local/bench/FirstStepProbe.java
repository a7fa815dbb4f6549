package dev.lakewire.local.bench;

import dev.lakewire.app.AzureWiring;
import dev.lakewire.azure.Credentials;
import dev.lakewire.local.InMemoryLedger;
import dev.lakewire.local.LocalFunctionHost;
import dev.lakewire.local.LocalRetries;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.worker.Onboarding;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Run in a fresh JVM on the deployable's class path ({@code target/azure-functions/lakewire}) plus
 * this probe: builds the production wiring against the bench's local cloud, delivers one workspace
 * event and handles the first step message, then prints how long that took since the JVM started.
 * What the Functions host would hand over is prepared by the bench beforehand (the app settings as
 * a properties file, the Event Grid delivery as a file), so that the probe loads no class of the
 * local cloud and builds no JSON of its own: what is timed is lakewire's start. Arguments: the
 * settings file, the delivery file, ARM endpoint, tenant id, Databricks accounts host, account id,
 * application id (the first step calls ARM only).
 */
public final class FirstStepProbe {

  private FirstStepProbe() {}

  public static void main(String[] args) throws IOException {
    Logger.getLogger("").setLevel(Level.SEVERE);
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
      props.load(r);
    }
    Map<String, String> settings = new HashMap<>();
    props.forEach((k, v) -> settings.put((String) k, (String) v));
    String delivery = Files.readString(Path.of(args[1]));
    InMemoryServiceBus bus =
        new InMemoryServiceBus(
            Clock.systemUTC(), Queues.fromSettings(settings), 10, Duration.ofMinutes(10));
    Onboarding onboarding =
        AzureWiring.forEndpoints(
            AzureWiring.Options.builder()
                .endpoints(
                    new AzureWiring.Endpoints(args[2], args[3], args[4], args[5], args[6], null))
                .credential(Credentials.create(Credentials.Kind.MANAGED_IDENTITY, null))
                .queues(bus)
                .deadLetters(bus)
                .ledger(new InMemoryLedger())
                .policy(OnboardingPolicy.fromSettings(settings))
                .clock(Clock.systemUTC())
                .retries(LocalRetries.IMMEDIATE)
                .build());
    LocalFunctionHost host =
        new LocalFunctionHost(
            onboarding, bus, Queues.reprocessFromSettings(settings), Logger.getLogger("probe"));
    host.deliverEvent(delivery);
    System.out.println(
        "wired-ms="
            + (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()));
    boolean handled = bus.deliverNext();
    long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    // less noisy than wall time on a loaded machine: the classes loaded and the CPU spent so far
    System.out.println(
        "classes="
            + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount()
            + " cpu-ms="
            + ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(Duration::toMillis)
                .orElse(-1L));
    System.out.println((handled ? "first-step-ms=" : "no-step-ms=") + ms);
  }
}

package dev.lakewire.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.identity.ManagedIdentityCredentialBuilder;
import dev.lakewire.azure.ArmAccessConnectors;
import dev.lakewire.azure.ArmClients;
import dev.lakewire.local.EventSamples.Schema;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.ports.AccessConnectorSpec;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.OnboardingRecord.Status;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ARM's error shapes where lakewire meets them (issue 9 item 9), through the real adapters: a
 * permanent 4xx such as 409 {@code InvalidResourceLocation} fails the workspace after one try
 * instead of being re-tried until the re-check budget is spent.
 */
class ArmErrorShapesTest {

  private static final String SUB = "77777777-7777-7777-7777-777777777777";
  private static final String METASTORE = "77777777-aaaa-4aaa-8aaa-000000000001";

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final LocalCloud cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock));

  {
    // lakewire is an account admin of the Databricks account (docs/deploy.md, prerequisites)
    cloud.addAccountServicePrincipal(LocalCloud.applicationIdFor(null), true);
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  @Test
  void aConnectorNameTakenInAnotherRegionFailsAtOnceInsteadOfFortyRetries() {
    String storage = cloud.addStorageAccount(SUB, "rg-lake", "stlake", "westeurope", true);
    cloud.addMetastore(METASTORE, "westeurope");
    String ws = cloud.addWorkspace(SUB, "rg-data", "ws-sales", "westeurope", "Succeeded");
    String connector =
        "/subscriptions/"
            + SUB
            + "/resourceGroups/rg-data/providers/Microsoft.Databricks/accessConnectors/ws-sales-uc";
    // lakewire's own connector of an earlier attempt, failed, in another region
    new ArmAccessConnectors(
            new ArmClients(
                new ManagedIdentityCredentialBuilder().build(), cloud.armEndpoint(), clock))
        .create(
            new AccessConnectorSpec(
                connector,
                "northeurope",
                null,
                Map.of("lakewire:workspace", ws, "lakewire:managed", "true")));
    cloud.setAccessConnectorState(connector, "Failed");
    int before = cloud.requests().size();
    Map<String, String> settings = new HashMap<>(LocalCloud.lakewireSettings());
    settings.putAll(LakewireInfra.seed(cloud, SUB, "westeurope"));
    settings.put(OnboardingPolicy.STORAGE_TARGETS, storage + "=raw");
    settings.put(OnboardingPolicy.METASTORES, "westeurope=" + METASTORE);
    InMemoryServiceBus bus =
        new InMemoryServiceBus(clock, Queues.fromSettings(settings), 10, Duration.ofMinutes(10));
    InMemoryLedger ledger = new InMemoryLedger();
    LocalFunctionHost host =
        LocalFunctionHost.onAdapters(cloud.endpoints(), bus, ledger, settings, clock);

    host.deliverEvent(
        EventSamples.delivery(
            List.of(EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e-1", "c-1"))));
    bus.runUntilIdle(clock, Duration.ofDays(2));

    OnboardingRecord r = ledger.find(ws).orElseThrow();
    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.lastError()).contains("InvalidResourceLocation").contains("northeurope");
    List<?> puts =
        cloud.requests().subList(before, cloud.requests().size()).stream()
            .filter(q -> q.method().equals("PUT") && q.path().contains("accessConnectors"))
            .toList();
    assertThat(puts).as("tried once, not re-tried 40 times").hasSize(1);
  }
}

package dev.lakewire.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.EventSamples.Schema;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.worker.Onboarding;
import dev.lakewire.ports.OnboardingRecord.Status;
import dev.lakewire.ports.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A permanent fault — lakewire may not assign roles on the storage account — through the function
 * classes, the real adapters and the local cloud: the workspace fails with the reason at once, its
 * message is dead-lettered on the first failure, the other workspaces are unaffected, and once the
 * fault is fixed reprocessing completes it.
 */
class PermanentFaultTest {

  private static final String SUB = "22222222-2222-2222-2222-222222222222";
  private static final String METASTORE = "22222222-aaaa-4aaa-8aaa-000000000001";

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final LocalCloud cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock));
  private final String storage =
      cloud.addStorageAccount(SUB, "rg-lake", "stlake", "westeurope", true);
  private final InMemoryLedger ledger = new InMemoryLedger();
  private final InMemoryServiceBus bus;
  private final LocalFunctionHost host;

  PermanentFaultTest() {
    cloud.addMetastore(METASTORE, "westeurope");
    cloud.addAccountServicePrincipal(LocalCloud.applicationIdFor(null), true);
    Map<String, String> settings =
        LocalChain.settings(
            LakewireInfra.seed(cloud, SUB, "westeurope"),
            storage + "=raw",
            "westeurope=" + METASTORE,
            Map.of());
    LocalChain chain = LocalChain.wire(cloud, clock, ledger, settings);
    bus = chain.bus();
    Onboarding onboarding = chain.onboarding();
    host =
        new LocalFunctionHost(
            onboarding, bus, Queues.reprocessFromSettings(settings), Logger.getLogger("test"));
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private String onboard(String name) {
    String ws = cloud.addWorkspace(SUB, "rg-data", name, "westeurope", "Succeeded");
    host.deliverEvent(
        EventSamples.delivery(
            List.of(EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, name + "-e", name + "-c"))));
    bus.runUntilIdle(clock, Duration.ofHours(1));
    return ws;
  }

  @Test
  void failsOneWorkspaceAtOnceLeavesTheOthersAndReprocessingCompletesItAfterTheFix() {
    cloud.denyRoleAssignmentWrites(storage, true);
    String broken = onboard("ws-broken");

    assertThat(ledger.find(broken).get().status()).isEqualTo(Status.FAILED);
    assertThat(ledger.find(broken).get().step()).isEqualTo(Step.ASSIGN_STORAGE_ROLES);
    assertThat(ledger.find(broken).get().lastError())
        .contains("Microsoft.Authorization/roleAssignments/write")
        .contains("stlake");
    assertThat(bus.deadLetters(bus.queueOf(Step.ASSIGN_STORAGE_ROLES)))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.workspaceResourceId()).isEqualTo(broken);
              assertThat(d.description()).contains("roleAssignments/write");
            });
    assertThat(bus.stats().abandoned()).as("not retried ten times").isZero();
    // the workspace connector's grant, and the shared connector's (step 2 grants it once per
    // process): each refused write is tried once
    List<String> refused =
        cloud.requests().stream()
            .filter(r -> r.method().equals("PUT") && r.path().contains("roleAssignments"))
            .peek(r -> assertThat(r.status()).isEqualTo(403))
            .map(r -> r.path())
            .toList();
    assertThat(refused).as("each refused write is tried once").hasSize(2).doesNotHaveDuplicates();

    cloud.denyRoleAssignmentWrites(storage, false);
    List<String> others = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      others.add(onboard("ws-ok-" + i));
    }
    assertThat(others)
        .allSatisfy(ws -> assertThat(ledger.find(ws).get().status()).isEqualTo(Status.COMPLETED));
    assertThat(ledger.find(broken).get().status()).isEqualTo(Status.FAILED);

    bus.sendTo(
        Queues.REPROCESS_DEFAULT, "rp-1", "{\"workspaceResourceId\":\"" + broken + "\"}", null);
    bus.runUntilIdle(clock, Duration.ofHours(1));

    assertThat(ledger.find(broken).get().status()).isEqualTo(Status.COMPLETED);
    // 5 workspace connectors and the shared one; per workspace its data role and lakewire's
    // Contributor on its connector, plus the shared connector's data role and infra's Contributor
    assertThat(cloud.counts().accessConnectors()).isEqualTo(5 + 1);
    assertThat(cloud.counts().roleAssignments()).isEqualTo(5 * 2 + 1 + 1);
    assertThat(cloud.counts().metastoreAssignments()).isEqualTo(5);
  }
}

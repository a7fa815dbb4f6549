package dev.lakewire.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.identity.ManagedIdentityCredentialBuilder;
import dev.lakewire.azure.ArmAccessConnectors;
import dev.lakewire.azure.ArmClients;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.local.cloud.LoggedRequest;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.worker.Onboarding;
import dev.lakewire.ports.AccessConnectorSpec;
import dev.lakewire.ports.OnboardingRecord.Status;
import dev.lakewire.ports.Step;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The subscription allow-list holds for every way a step can be asked to run (issue 10 item 2): a
 * step message for step 2 or 3, a reprocess message and a replayed old dead letter of a
 * subscription outside {@code LAKEWIRE_ALLOWED_SUBSCRIPTIONS} write nothing to ARM or Databricks,
 * through the real adapters against the local cloud.
 */
class AllowListEverywhereTest {

  private static final String ALLOWED = "44444444-4444-4444-4444-444444444444";
  private static final String OUTSIDE = "55555555-5555-5555-5555-555555555555";
  private static final String METASTORE = "44444444-aaaa-4aaa-8aaa-000000000001";

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final LocalCloud cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock));

  {
    // lakewire is an account admin of the Databricks account (docs/deploy.md, prerequisites)
    cloud.addAccountServicePrincipal(LocalCloud.applicationIdFor(null), true);
  }

  private final InMemoryLedger ledger = new InMemoryLedger();
  private InMemoryServiceBus bus;
  private Onboarding onboarding;
  private String outside;
  private int requestsBefore;

  @BeforeEach
  void setUp() {
    String storage = cloud.addStorageAccount(ALLOWED, "rg-lake", "stlake", "westeurope", true);
    cloud.addMetastore(METASTORE, "westeurope");
    outside = cloud.addWorkspace(OUTSIDE, "rg-data", "ws-foreign", "westeurope", "Succeeded");
    // the connector exists (made before the list was narrowed), so step 2 would have work to do
    new ArmAccessConnectors(
            new ArmClients(
                new ManagedIdentityCredentialBuilder().build(), cloud.armEndpoint(), clock))
        .create(
            new AccessConnectorSpec(
                "/subscriptions/"
                    + OUTSIDE
                    + "/resourceGroups/rg-data/providers/Microsoft.Databricks/accessConnectors/"
                    + "ws-foreign-uc",
                "westeurope",
                null,
                Map.of("lakewire:workspace", outside, "lakewire:managed", "true")));
    clock.advance(Duration.ofMinutes(5));

    Map<String, String> settings =
        LocalChain.settings(
            LakewireInfra.seed(cloud, ALLOWED, "westeurope"),
            storage + "=raw",
            "westeurope=" + METASTORE,
            Map.of(OnboardingPolicy.ALLOWED_SUBSCRIPTIONS, ALLOWED));
    LocalChain chain = LocalChain.wire(cloud, clock, ledger, settings);
    bus = chain.bus();
    onboarding = chain.onboarding();
    new LocalFunctionHost(
        onboarding, bus, Queues.reprocessFromSettings(settings), Logger.getLogger("test"));
    requestsBefore = cloud.requests().size();
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  /** Every write (and every Databricks call) the cloud saw after the set-up. */
  private List<String> writesSinceSetUp() {
    List<LoggedRequest> all = cloud.requests();
    return all.subList(requestsBefore, all.size()).stream()
        .filter(r -> !r.path().startsWith("/msi"))
        .filter(r -> !r.method().equals("GET") || r.path().startsWith("/api/"))
        .map(r -> r.method() + " " + r.path())
        .toList();
  }

  private void assertNothingWritten() {
    assertThat(writesSinceSetUp()).isEmpty();
    assertThat(cloud.counts().roleAssignments()).isEqualTo(LakewireInfra.ROLE_ASSIGNMENTS);
    assertThat(cloud.counts().metastoreAssignments()).isZero();
    assertThat(cloud.counts().storageCredentials()).isZero();
    assertThat(cloud.counts().externalLocations()).isZero();
  }

  private String stepMessage(Step step) {
    return StepMessage.first(WorkspaceRef.parse("id", outside), step, "c-old", "eventgrid", 0)
        .toJson();
  }

  @Test
  void aStepTwoMessageOutsideTheListWritesNothing() {
    bus.sendTo(
        bus.queueOf(Step.ASSIGN_STORAGE_ROLES),
        "m-2",
        stepMessage(Step.ASSIGN_STORAGE_ROLES),
        null);
    bus.runUntilIdle(clock, Duration.ofHours(1));

    assertNothingWritten();
    assertThat(ledger.find(outside).orElseThrow().status()).isEqualTo(Status.FAILED);
    assertThat(ledger.find(outside).orElseThrow().lastError())
        .contains(OUTSIDE)
        .contains(OnboardingPolicy.ALLOWED_SUBSCRIPTIONS);
  }

  @Test
  void aStepThreeMessageOutsideTheListWritesNothing() {
    bus.sendTo(bus.queueOf(Step.BIND_METASTORE), "m-3", stepMessage(Step.BIND_METASTORE), null);
    bus.runUntilIdle(clock, Duration.ofHours(1));

    assertNothingWritten();
    assertThat(ledger.find(outside).orElseThrow().status()).isEqualTo(Status.FAILED);
  }

  @Test
  void aReprocessMessageOutsideTheListWritesNothing() {
    bus.sendTo(
        Queues.REPROCESS_DEFAULT,
        "rp-1",
        "{\"workspaceResourceId\":\"" + outside + "\",\"step\":\"BIND_METASTORE\"}",
        null);
    bus.runUntilIdle(clock, Duration.ofHours(1));

    assertNothingWritten();
  }

  @Test
  void aReplayedOldDeadLetterOutsideTheListWritesNothingAndStaysDeadLettered() {
    StepMessage old =
        StepMessage.first(
                WorkspaceRef.parse("id", outside), Step.BIND_METASTORE, "c-old", "eventgrid", 0)
            .recheck()
            .recheck();
    bus.deadLetter(old.queued(), "gave up before the list was narrowed");

    onboarding.replay().replay("{\"step\":\"BIND_METASTORE\"}");
    bus.runUntilIdle(clock, Duration.ofHours(1));

    assertNothingWritten();
    assertThat(bus.deadLetters(bus.queueOf(Step.BIND_METASTORE)))
        .singleElement()
        .satisfies(d -> assertThat(d.workspaceResourceId()).isEqualTo(outside));
  }
}

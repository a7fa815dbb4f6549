package dev.lakewire.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakewire.local.InMemoryLedger;
import dev.lakewire.local.LakewireInfra;
import dev.lakewire.local.LocalChain;
import dev.lakewire.local.ManualClock;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.worker.Onboarding;
import dev.lakewire.onboarding.worker.OutcomeEvents;
import dev.lakewire.ports.OnboardingRecord.Status;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Outcome events on the production adapters against the local cloud: {@code EventGridTopic} ({@code
 * EventGridPublisherClient}, managed identity) publishes to the local Event Grid topic that infra's
 * seed created, exactly one event per outcome; with no topic endpoint, nothing.
 */
class OutcomeEventsEndToEndTest {

  private static final String SUB = "11111111-1111-1111-1111-111111111111";
  private static final String WEU = "11111111-aaaa-4aaa-8aaa-000000000001";

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final LocalCloud cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock));
  private final InMemoryLedger ledger = new InMemoryLedger();
  private final String storage;
  private InMemoryServiceBus bus;
  private Onboarding onboarding;

  OutcomeEventsEndToEndTest() {
    cloud.addAccountServicePrincipal(LocalCloud.applicationIdFor(null), true);
    cloud.addMetastore(WEU, "westeurope");
    storage = cloud.addStorageAccount(SUB, "rg-lake", "stlake", "westeurope", true);
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private void wire(AzureWiring.Endpoints endpoints) {
    Map<String, String> settings =
        LocalChain.settings(
            LakewireInfra.seed(cloud, SUB, "westeurope"),
            storage + "=raw",
            "westeurope=" + WEU,
            Map.of(OnboardingPolicy.STORAGE_ROLES, "Storage Blob Data Contributor"));
    LocalChain chain = LocalChain.wire(endpoints, clock, ledger, settings).deliveringSteps();
    bus = chain.bus();
    onboarding = chain.onboarding();
  }

  private void onboardTwice(String workspace) {
    for (int i = 0; i < 2; i++) {
      onboarding
          .events()
          .receive(
              dev.lakewire.local.EventSamples.workspaceWrite(
                      dev.lakewire.local.EventSamples.Schema.CLOUD_EVENTS,
                      workspace,
                      "ev-1",
                      "corr-1")
                  .toString());
      bus.runUntilIdle(clock, Duration.ofHours(2));
    }
  }

  @Test
  void anOnboardedWorkspaceIsPublishedOnceToTheTopicAsACloudEvent() {
    LakewireInfra.seedEventTopic(cloud, SUB);
    wire(cloud.endpoints());
    String ws = cloud.addWorkspace(SUB, "rg-data", "ws-sales", "westeurope", "Succeeded");

    onboardTwice(ws);

    assertThat(ledger.find(ws).orElseThrow().status()).isEqualTo(Status.COMPLETED);
    assertThat(cloud.topicEvents())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path("type").asText()).isEqualTo(OutcomeEvents.ONBOARDED);
              assertThat(e.path("id").asText())
                  .isEqualTo(OutcomeEvents.eventId(ws, 1, OutcomeEvents.ONBOARDED));
              assertThat(e.path("source").asText()).isEqualTo("/lakewire");
              assertThat(e.path("subject").asText()).isEqualTo(ws);
              JsonNode data = e.path("data");
              assertThat(data.path("workspaceResourceId").asText()).isEqualTo(ws);
              assertThat(data.path("correlationId").asText()).isEqualTo("corr-1");
              assertThat(data.path("metastoreId").asText()).isEqualTo(WEU);
              assertThat(data.path("accessConnectorId").asText())
                  .endsWith("/accessConnectors/ws-sales-uc");
              assertThat(data.path("principalId").asText())
                  .isEqualTo(
                      cloud
                          .accessConnectorPrincipal(data.path("accessConnectorId").asText())
                          .orElseThrow());
              assertThat(data.path("storageCredential").asText()).isNotBlank();
            });
  }

  /**
   * The topic is down for longer than the SDK's own retries (3 retries after the first try): the
   * delivery that completed the run fails, Service Bus redelivers its message, and that copy
   * publishes the owed event.
   */
  @Test
  void anOutcomeWhosePublishOutlastsTheSdkRetriesIsPublishedOnceOnRedelivery() {
    LakewireInfra.seedEventTopic(cloud, SUB);
    wire(cloud.endpoints());
    String ws = cloud.addWorkspace(SUB, "rg-data", "ws-sales", "westeurope", "Succeeded");
    cloud.makeTopicUnavailable(4);

    onboardTwice(ws);

    assertThat(ledger.find(ws).orElseThrow().status()).isEqualTo(Status.COMPLETED);
    assertThat(ledger.find(ws).orElseThrow().pendingEvent()).isNull();
    assertThat(cloud.topicEvents())
        .extracting(e -> e.path("id").asText())
        .containsExactly(OutcomeEvents.eventId(ws, 1, OutcomeEvents.ONBOARDED));
    assertThat(cloud.requests().stream().filter(r -> r.path().equals("/api/events")))
        .extracting(r -> r.status())
        .containsExactly(503, 503, 503, 503, 200);
    assertThat(bus.stats().redelivered()).isEqualTo(1);
  }

  @Test
  void aFailedOnboardingIsPublishedOnceWithItsStepAndReason() {
    LakewireInfra.seedEventTopic(cloud, SUB);
    wire(cloud.endpoints());
    String ws = cloud.addWorkspace(SUB, "rg-data", "ws-north", "northeurope", "Succeeded");

    onboardTwice(ws);

    assertThat(ledger.find(ws).orElseThrow().status()).isEqualTo(Status.FAILED);
    assertThat(cloud.topicEvents())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.path("type").asText()).isEqualTo(OutcomeEvents.FAILED);
              assertThat(e.path("id").asText())
                  .isEqualTo(OutcomeEvents.eventId(ws, 1, OutcomeEvents.FAILED));
              assertThat(e.path("data").path("step").asText()).isEqualTo("BIND_METASTORE");
              assertThat(e.path("data").path("reason").asText()).contains("northeurope");
            });
  }

  @Test
  void withoutATopicEndpointNothingIsPublishedAndTheRunStillCompletes() {
    LakewireInfra.seedEventTopic(cloud, SUB);
    wire(cloud.endpoints().withEventsTopic(null));
    String ws = cloud.addWorkspace(SUB, "rg-data", "ws-sales", "westeurope", "Succeeded");

    onboardTwice(ws);

    assertThat(ledger.find(ws).orElseThrow().status()).isEqualTo(Status.COMPLETED);
    assertThat(ledger.find(ws).orElseThrow().pendingEvent()).isNull();
    assertThat(cloud.topicEvents()).isEmpty();
    assertThat(cloud.requests()).noneMatch(r -> r.path().equals("/api/events"));
  }

  @Test
  void aMissingTopicIsSaidOnceNotPerRun() {
    Logger log = Logger.getLogger(AzureWiring.class.getName());
    java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            lines.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(h);
    java.util.logging.Level level = log.getLevel();
    log.setLevel(java.util.logging.Level.INFO);
    AzureWiring.forgetNoTopicNotice();
    try {
      for (int i = 0; i < 3; i++) {
        AzureWiring.eventTopic(null, null);
      }
    } finally {
      log.removeHandler(h);
      log.setLevel(level);
    }
    assertThat(lines.stream().filter(l -> l.contains(Settings.EVENTS_TOPIC_ENDPOINT))).hasSize(1);
    assertThat(AzureWiring.eventTopic(null, null).enabled()).isFalse();
  }
}

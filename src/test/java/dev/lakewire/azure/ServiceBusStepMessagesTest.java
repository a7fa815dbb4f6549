package dev.lakewire.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import dev.lakewire.ports.StepMessages.QueuedStep;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceBusStepMessagesTest {

  private static final String WS =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"
          + "Microsoft.Databricks/workspaces/ws1";
  private static final QueuedStep STEP =
      new QueuedStep(
          "ASSIGN_STORAGE_ROLES",
          "5d1c7b0e-2f0a-3c55-9d8e-1a2b3c4d5e6f",
          WS,
          "corr-1",
          "{\"workspaceResourceId\":\"" + WS + "\"}");

  @Test
  void aStepMessageCarriesItsDeterministicIdCorrelationAndRoutingProperties() {
    ServiceBusMessage m = ServiceBusStepMessages.toMessage(STEP);

    assertThat(m.getMessageId()).isEqualTo(STEP.messageId());
    assertThat(m.getCorrelationId()).isEqualTo("corr-1");
    assertThat(m.getContentType()).isEqualTo("application/json");
    assertThat(m.getBody().toString()).isEqualTo(STEP.body());
    assertThat(m.getApplicationProperties())
        .containsEntry(ServiceBusStepMessages.WORKSPACE, WS)
        .containsEntry(ServiceBusStepMessages.STEP, "ASSIGN_STORAGE_ROLES");
    assertThat(m.getScheduledEnqueueTime()).isNull();
  }

  @Test
  void aParkedCopyKeepsTheMessageAndAddsTheReasonAndItsQueue() {
    ServiceBusMessage m =
        ServiceBusStepMessages.parkedCopy(STEP, "assign-storage-roles", "storage is not HNS");

    assertThat(m.getMessageId()).isEqualTo(STEP.messageId());
    assertThat(m.getBody().toString()).isEqualTo(STEP.body());
    assertThat(m.getApplicationProperties())
        .containsEntry(ServiceBusStepMessages.FAILURE_REASON, "storage is not HNS")
        .containsEntry(ServiceBusStepMessages.FAILED_QUEUE, "assign-storage-roles")
        .containsEntry(ServiceBusStepMessages.WORKSPACE, WS);
  }

  @Test
  void aVeryLongReasonIsCutToFitServiceBusHeaders() {
    ServiceBusMessage m = ServiceBusStepMessages.parkedCopy(STEP, "q", "x".repeat(100_000));

    assertThat((String) m.getApplicationProperties().get(ServiceBusStepMessages.FAILURE_REASON))
        .hasSize(ServiceBusStepMessages.MAX_REASON_CHARS)
        .endsWith("…");
  }

  @Test
  void aParkedMessageIsDeadLetteredWithTheReasonItCarries() {
    DeadLetterOptions o =
        ServiceBusStepMessages.deadLetterOptions(
            Map.of(ServiceBusStepMessages.FAILURE_REASON, "no metastore for westeurope"));

    assertThat(o.getDeadLetterReason()).isEqualTo(ServiceBusStepMessages.DEAD_LETTER_REASON);
    assertThat(o.getDeadLetterErrorDescription()).isEqualTo("no metastore for westeurope");
  }

  @Test
  void stepsAreRoutedToTheirConfiguredQueues() {
    ServiceBusStepMessages bus =
        new ServiceBusStepMessages(
            new ServiceBusClientBuilder(),
            Map.of("CREATE_ACCESS_CONNECTOR", "q-create", "ASSIGN_STORAGE_ROLES", "q-roles"),
            "parked");

    assertThat(bus.queueFor("ASSIGN_STORAGE_ROLES")).isEqualTo("q-roles");
    assertThatThrownBy(() -> bus.queueFor("BIND_METASTORE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BIND_METASTORE");
  }
}

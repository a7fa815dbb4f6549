package dev.lakewire.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.messaging.servicebus.ServiceBusMessage;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceBusDeadLetterQueuesTest {

  private static final String WS =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"
          + "Microsoft.Databricks/workspaces/ws1";
  private static final Map<String, Object> PARKED =
      Map.of(
          ServiceBusStepMessages.WORKSPACE, WS,
          ServiceBusStepMessages.STEP, "BIND_METASTORE",
          ServiceBusStepMessages.FAILURE_REASON, "no metastore",
          ServiceBusStepMessages.FAILED_QUEUE, "bind-metastore");

  @Test
  void aParkedMessageIsReplayedOnlyForItsOwnStep() {
    assertThat(ServiceBusDeadLetterQueues.matches(PARKED, "BIND_METASTORE", Optional.empty(), true))
        .isTrue();
    assertThat(
            ServiceBusDeadLetterQueues.matches(
                PARKED, "ASSIGN_STORAGE_ROLES", Optional.empty(), true))
        .isFalse();
  }

  @Test
  void aWorkspaceFilterComparesIdsCaseInsensitively() {
    assertThat(
            ServiceBusDeadLetterQueues.matches(
                PARKED, "BIND_METASTORE", Optional.of(WS.toUpperCase()), true))
        .isTrue();
    assertThat(
            ServiceBusDeadLetterQueues.matches(
                PARKED, "BIND_METASTORE", Optional.of(WS + "2"), false))
        .isFalse();
  }

  @Test
  void theReplayedCopyHasANewStableIdAndNoFailureProperties() {
    ServiceBusMessage copy =
        ServiceBusDeadLetterQueues.replayCopy(
            BinaryData.fromString("{}"), "m-1", 42, "corr-1", "application/json", PARKED);

    assertThat(copy.getMessageId()).isEqualTo("m-1:replay-42");
    assertThat(copy.getCorrelationId()).isEqualTo("corr-1");
    assertThat(copy.getBody().toString()).isEqualTo("{}");
    assertThat(copy.getApplicationProperties())
        .containsEntry(ServiceBusStepMessages.WORKSPACE, WS)
        .containsEntry(ServiceBusStepMessages.STEP, "BIND_METASTORE")
        .doesNotContainKeys(
            ServiceBusStepMessages.FAILURE_REASON, ServiceBusStepMessages.FAILED_QUEUE);
  }

  @Test
  void theReasonJoinsServiceBusReasonAndDescription() {
    assertThat(
            ServiceBusDeadLetterQueues.reason(
                ServiceBusStepMessages.DEAD_LETTER_REASON, "no metastore"))
        .isEqualTo("lakewire: permanent failure: no metastore");
    assertThat(ServiceBusDeadLetterQueues.reason("MaxDeliveryCountExceeded", null))
        .isEqualTo("MaxDeliveryCountExceeded");
  }
}

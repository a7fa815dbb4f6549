package dev.lakewire.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.messaging.servicebus.ServiceBusMessage;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceBusDeadLettersTest {

  private static final String WS =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/ws";

  @Test
  void replaysAStepQueuesOwnDeadLettersAndParkedCopiesThatNameIt() {
    Map<String, Object> own = Map.of(ServiceBusStepMessages.WORKSPACE, WS);
    Map<String, Object> parked =
        Map.of(
            ServiceBusStepMessages.WORKSPACE,
            WS,
            ServiceBusStepMessages.FAILED_QUEUE,
            "assign-storage-roles");

    assertThat(
            ServiceBusDeadLetters.matches(
                own, "assign-storage-roles", "assign-storage-roles", Optional.empty()))
        .isTrue();
    assertThat(
            ServiceBusDeadLetters.matches(
                parked, "assign-storage-roles", "parked", Optional.empty()))
        .isTrue();
    assertThat(ServiceBusDeadLetters.matches(parked, "bind-metastore", "parked", Optional.empty()))
        .isFalse();
  }

  @Test
  void filtersByWorkspaceCaseInsensitively() {
    Map<String, Object> own = Map.of(ServiceBusStepMessages.WORKSPACE, WS);

    assertThat(ServiceBusDeadLetters.matches(own, "q", "q", Optional.of(WS.toUpperCase())))
        .isTrue();
    assertThat(ServiceBusDeadLetters.matches(own, "q", "q", Optional.of(WS + "x"))).isFalse();
    assertThat(ServiceBusDeadLetters.matches(Map.of(), "q", "q", Optional.of(WS))).isFalse();
  }

  @Test
  void theReplayCopyKeepsBodyAndRoutingButGetsAStableNewMessageId() {
    ServiceBusMessage copy =
        ServiceBusDeadLetters.replayCopy(
            BinaryData.fromString("{\"step\":\"ASSIGN_STORAGE_ROLES\"}"),
            Map.of(
                ServiceBusStepMessages.WORKSPACE, WS,
                ServiceBusStepMessages.STEP, "ASSIGN_STORAGE_ROLES",
                ServiceBusStepMessages.FAILURE_REASON, "403"),
            "m-1",
            77,
            "corr");

    assertThat(copy.getMessageId()).isEqualTo("m-1:replay:77");
    assertThat(copy.getBody().toString()).isEqualTo("{\"step\":\"ASSIGN_STORAGE_ROLES\"}");
    assertThat(copy.getApplicationProperties())
        .containsEntry(ServiceBusStepMessages.WORKSPACE, WS)
        .containsEntry(ServiceBusStepMessages.STEP, "ASSIGN_STORAGE_ROLES")
        .doesNotContainKey(ServiceBusStepMessages.FAILURE_REASON);
    assertThat(copy.getCorrelationId()).isEqualTo("corr");
  }
}

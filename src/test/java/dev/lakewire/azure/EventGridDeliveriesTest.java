package dev.lakewire.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakewire.ports.ResourceEvent;
import dev.lakewire.ports.ResourceEvents;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reading deliveries with azure-messaging-eventgrid over the official examples of the Resources
 * system events (both schemas), and the leniency lakewire keeps: {@code evidence: []}, {@code
 * claims: {}}, one bad event in a batch.
 */
class EventGridDeliveriesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final EventGridDeliveries deliveries = new EventGridDeliveries();

  private static String example(String file) {
    try (InputStream in = EventGridDeliveriesTest.class.getResourceAsStream("eventgrid/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode exampleNode(String file) {
    try {
      return (ObjectNode) JSON.readTree(example(file));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "event-grid-schema-resource_write_success.json, false, Microsoft.Resources.ResourceWriteSuccess,"
        + " Microsoft.Storage/storageAccounts/write",
    "event-grid-schema-resource_write_failure.json, false, Microsoft.Resources.ResourceWriteFailure,"
        + " Microsoft.Storage/storageAccounts/write",
    "event-grid-schema-resource_delete_success.json, false,"
        + " Microsoft.Resources.ResourceDeleteSuccess, Microsoft.Storage/storageAccounts/delete",
    "event-grid-schema-resource_action_success.json, false,"
        + " Microsoft.Resources.ResourceActionSuccess,"
        + " Microsoft.EventHub/namespaces/AuthorizationRules/listKeys/action",
    "cloud-events-schema-resource_write_success.json, true,"
        + " Microsoft.Resources.ResourceWriteSuccess, Microsoft.Storage/storageAccounts/write",
    "cloud-events-schema-resource_delete_success.json, true,"
        + " Microsoft.Resources.ResourceDeleteSuccess, Microsoft.Storage/storageAccounts/delete"
  })
  void readsEveryOfficialExampleWithTheSdk(
      String file, boolean cloudEvent, String type, String operation) {
    String provider = "/providers/" + operation.substring(0, operation.indexOf('/')) + "/";
    List<ResourceEvent> read = deliveries.read(example(file));

    assertThat(read)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.problem()).isNull();
              assertThat(e.dataProblem()).isNull();
              assertThat(e.cloudEvent()).isEqualTo(cloudEvent);
              assertThat(e.type()).isEqualTo(type);
              assertThat(e.id()).isNotBlank();
              assertThat(e.subject()).contains(provider);
              assertThat(e.data().operationName()).isEqualTo(operation);
              assertThat(e.data().resourceUri()).contains(provider);
              assertThat(e.data().correlationId()).isEqualTo("{ID}");
            });
  }

  @Test
  void readsEvidenceGivenAsAnEmptyArrayAndEmptyClaimsWhichTheSdkAloneRefuses() {
    ObjectNode e = exampleNode("event-grid-schema-resource_write_success.json");
    ObjectNode data = (ObjectNode) e.get("data");
    ((ObjectNode) data.get("authorization")).putArray("evidence");
    data.putObject("claims");
    ObjectNode c = exampleNode("cloud-events-schema-resource_write_success.json");
    ((ObjectNode) c.get("data").get("authorization")).putArray("evidence");
    ((ObjectNode) c.get("data")).putObject("claims");

    List<ResourceEvent> read = deliveries.read("[" + e + "," + c + "]");

    assertThat(read)
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.problem()).isNull();
              assertThat(r.dataProblem()).isNull();
              assertThat(r.data().operationName())
                  .isEqualTo("Microsoft.Storage/storageAccounts/write");
            });
  }

  @Test
  void takesSpecVersionInAnyCaseForACloudEvent() {
    ObjectNode c = exampleNode("cloud-events-schema-resource_delete_success.json");

    assertThat(c.has("specVersion")).isTrue();
    assertThat(deliveries.read(c.toString()).get(0).cloudEvent()).isTrue();
  }

  @Test
  void readsEachEventOfABatchOnItsOwnWhenOneCannotBeRead() {
    ObjectNode good = exampleNode("event-grid-schema-resource_write_success.json");
    ObjectNode noSubject = exampleNode("event-grid-schema-resource_write_success.json");
    noSubject.remove("subject");
    noSubject.put("id", "bad");

    List<ResourceEvent> read = deliveries.read("[" + good + "," + noSubject + ", 42]");

    assertThat(read).hasSize(3);
    assertThat(read.get(0).problem()).isNull();
    assertThat(read.get(1).problem()).contains("subject");
    assertThat(read.get(2).problem()).isEqualTo("event is not a JSON object");
  }

  @Test
  void readsAnOperationNameThatIsNoStringAsMissing() {
    ObjectNode e = exampleNode("event-grid-schema-resource_write_success.json");
    ((ObjectNode) e.get("data")).putArray("operationName").add(1);

    ResourceEvent read = deliveries.read(e.toString()).get(0);

    assertThat(read.problem()).isNull();
    assertThat(read.data().operationName()).isNull();
    assertThat(read.data().resourceUri()).contains("/storageAccounts/");
  }

  @Test
  void saysSoWhenTheDataIsNoObject() {
    ObjectNode e = exampleNode("event-grid-schema-resource_write_success.json");
    e.put("data", "not an object");
    ObjectNode c = exampleNode("cloud-events-schema-resource_write_success.json");
    c.remove("data");

    assertThat(deliveries.read("[" + e + "," + c + "]"))
        .extracting(ResourceEvent::problem, ResourceEvent::dataProblem)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(null, "event has no data object"));
  }

  @Test
  void refusesBodiesThatAreNoDelivery() {
    assertThatThrownBy(() -> deliveries.read("{"))
        .isInstanceOf(ResourceEvents.UnreadableDelivery.class)
        .hasMessageStartingWith("is not JSON");
    assertThatThrownBy(() -> deliveries.read("\"x\""))
        .hasMessage("is neither an event nor an array of events");
  }
}

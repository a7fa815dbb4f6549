package dev.lakewire.onboarding.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakewire.local.EventSamples;
import dev.lakewire.local.EventSamples.Schema;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.worker.EventDecision.Decision;
import dev.lakewire.testing.TestWorld;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Event Grid filter: which events start an onboarding, and why the others do not. */
class WorkspaceEventsTest {

  private final TestWorld world = new TestWorld();
  private final String ws = TestWorld.workspaceId("analytics");

  private List<EventDecision> receive(ObjectNode... events) {
    return world.onboarding.events().receive(EventSamples.delivery(List.of(events)));
  }

  @ParameterizedTest
  @EnumSource(Schema.class)
  void acceptsAWorkspaceWriteInBothSchemas(Schema schema) {
    List<EventDecision> d = receive(EventSamples.workspaceWrite(schema, ws, "e1", "c1"));

    assertThat(d)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.decision()).isEqualTo(Decision.ACCEPTED);
              assertThat(e.workspace()).isEqualTo(ws);
              assertThat(e.eventId()).isEqualTo("e1");
            });
    assertThat(world.bus.pendingCount()).isEqualTo(1);
  }

  @Test
  void acceptsASingleEventThatIsNotWrappedInAnArray() {
    String single = EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e1", "c1").toString();

    assertThat(world.onboarding.events().receive(single))
        .extracting(EventDecision::decision)
        .containsExactly(Decision.ACCEPTED);
  }

  @Test
  void matchesTheOperationNameCaseInsensitively() {
    ObjectNode e = EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e1", "c1");
    ((ObjectNode) e.get("data")).put("operationName", "MICROSOFT.DATABRICKS/WORKSPACES/WRITE");

    assertThat(receive(e)).extracting(EventDecision::decision).containsExactly(Decision.ACCEPTED);
  }

  @Test
  void toleratesEmptyEvidenceAndUnknownFields() {
    ObjectNode e = EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e1", "c1");
    ((ObjectNode) e.get("data").get("authorization"))
        .set("evidence", new ArrayNode(JsonNodeFactory.instance));
    e.put("somethingNew", 42);

    assertThat(receive(e)).extracting(EventDecision::decision).containsExactly(Decision.ACCEPTED);
  }

  @Test
  void ignoresTheDeploymentsTemporaryUri() {
    String deployment =
        "/subscriptions/"
            + TestWorld.SUBSCRIPTION
            + "/resourcegroups/rg-data/providers/Microsoft.Resources/deployments/analytics-20260101";
    ObjectNode e =
        EventSamples.resourceWrite(
            Schema.EVENT_GRID, deployment, "Microsoft.Databricks/workspaces/write", "e1", "c1");

    assertThat(receive(e))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.decision()).isEqualTo(Decision.IGNORED);
              assertThat(d.reason()).contains("Microsoft.Resources/deployments");
            });
    assertThat(world.bus.pendingCount()).isZero();
  }

  @Test
  void ignoresOtherResourceTypes() {
    ObjectNode e =
        EventSamples.resourceWrite(
            Schema.EVENT_GRID,
            TestWorld.STORAGE,
            "Microsoft.Storage/storageAccounts/write",
            "e1",
            "c1");

    assertThat(receive(e))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.decision()).isEqualTo(Decision.IGNORED);
              assertThat(d.reason()).contains("Microsoft.Storage/storageAccounts/write");
            });
  }

  @Test
  void ignoresSubResourceWritesOfAWorkspace() {
    String sub = ws + "/privateEndpointConnections/pe1";
    ObjectNode e =
        EventSamples.resourceWrite(
            Schema.EVENT_GRID, sub, "Microsoft.Databricks/workspaces/write", "e1", "c1");

    assertThat(receive(e))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.decision()).isEqualTo(Decision.IGNORED);
              assertThat(d.reason()).contains("privateEndpointConnections");
            });
  }

  @Test
  void ignoresFailureAndDeleteEvents() {
    ObjectNode failure = EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e1", "c1");
    failure.put("eventType", "Microsoft.Resources.ResourceWriteFailure");
    ObjectNode delete = EventSamples.workspaceWrite(Schema.CLOUD_EVENTS, ws, "e2", "c2");
    delete.put("type", "Microsoft.Resources.ResourceDeleteSuccess");

    assertThat(receive(failure, delete))
        .extracting(EventDecision::decision, EventDecision::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Decision.IGNORED,
                "event type Microsoft.Resources.ResourceWriteFailure is not Microsoft.Resources.ResourceWriteSuccess or Microsoft.Resources.ResourceDeleteSuccess"),
            org.assertj.core.groups.Tuple.tuple(
                Decision.IGNORED,
                "operation Microsoft.Databricks/workspaces/write is not Microsoft.Databricks/workspaces/delete"));
    assertThat(world.bus.pendingCount()).isZero();
  }

  @Test
  void rejectsMalformedJsonWithAClearErrorAndNoSideEffect() {
    assertThatThrownBy(() -> world.onboarding.events().receive("[{\"id\": \"e1\","))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("body: is not JSON");
    assertThat(world.bus.pendingCount()).isZero();
    assertThat(world.ledger.list()).isEmpty();
  }

  @Test
  void rejectsEmptyBodiesAndScalars() {
    assertThatThrownBy(() -> world.onboarding.events().receive("")).hasMessage("body: is empty");
    assertThatThrownBy(() -> world.onboarding.events().receive("42"))
        .hasMessage("body: is neither an event nor an array of events");
  }

  @Test
  void rejectsEventsWithoutIdTypeOrData() {
    ObjectNode noType = EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e1", "c1");
    noType.remove("eventType");
    ObjectNode noData = EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e2", "c2");
    noData.remove("data");

    assertThat(receive(noType, noData))
        .extracting(EventDecision::decision, EventDecision::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Decision.REJECTED, "Event Grid event lacks eventType"),
            org.assertj.core.groups.Tuple.tuple(Decision.REJECTED, "event has no data object"));
  }

  @Test
  void rejectsWorkspaceIdsWithInjectionOrTraversalCharacters() {
    ObjectNode traversal = EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e1", "c1");
    ((ObjectNode) traversal.get("data")).put("resourceUri", ws + "/../../../storageAccounts/x");
    ObjectNode query = EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e2", "c2");
    ((ObjectNode) query.get("data")).put("resourceUri", ws + "?api-version=1");
    ObjectNode badName = EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e3", "c3");
    ((ObjectNode) badName.get("data")).put("resourceUri", ws + "%2F..");

    assertThat(receive(traversal, query, badName))
        .extracting(EventDecision::decision)
        .containsOnly(Decision.REJECTED);
    assertThat(world.bus.pendingCount()).isZero();
  }

  @Test
  void ignoresWorkspacesOutsideTheAllowedSubscriptions() {
    TestWorld restricted =
        new TestWorld(
            Map.of(OnboardingPolicy.ALLOWED_SUBSCRIPTIONS, "00000000-0000-0000-0000-0000000000ff"));

    List<EventDecision> d =
        restricted
            .onboarding
            .events()
            .receive(EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e1", "c1").toString());

    assertThat(d)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.decision()).isEqualTo(Decision.IGNORED);
              assertThat(e.reason()).contains("LAKEWIRE_ALLOWED_SUBSCRIPTIONS");
            });
    assertThat(restricted.bus.pendingCount()).isZero();
  }

  @Test
  void rejectsABatchLargerThanEventGridEverSends() {
    ArrayNode many = new ArrayNode(JsonNodeFactory.instance);
    for (int i = 0; i <= WorkspaceEvents.MAX_EVENTS; i++) {
      many.add(JsonNodeFactory.instance.objectNode().put("id", "e" + i));
    }

    assertThatThrownBy(() -> world.onboarding.events().receive(many.toString()))
        .hasMessageContaining("holds 5001 events");
    assertThat(world.bus.pendingCount()).isZero();
  }

  @Test
  void rejectsADeliveryLargerThanEventGridEverSends() {
    ObjectNode big = EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e1", "c1");
    big.put("padding", "x".repeat(WorkspaceEvents.MAX_BODY_CHARS));

    assertThatThrownBy(() -> world.onboarding.events().receive(big.toString()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Event Grid sends at most 1 MB");
    assertThat(world.bus.pendingCount()).isZero();
  }

  @Test
  void decidesEveryEventOfAMixedBatchOnItsOwn() {
    ObjectNode good = EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e1", "c1");
    ObjectNode other =
        EventSamples.resourceWrite(
            Schema.EVENT_GRID,
            TestWorld.STORAGE,
            "Microsoft.Storage/storageAccounts/write",
            "e2",
            "c2");

    assertThat(receive(good, other))
        .extracting(EventDecision::decision)
        .containsExactly(Decision.ACCEPTED, Decision.IGNORED);
    assertThat(world.bus.pendingCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "event-grid-schema-resource_write_success.json",
        "event-grid-schema-resource_write_failure.json",
        "event-grid-schema-resource_delete_success.json",
        "event-grid-schema-resource_action_success.json",
        "cloud-events-schema-resource_write_success.json",
        "cloud-events-schema-resource_delete_success.json"
      })
  void ignoresEveryOfficialExampleAsNoWorkspaceWriteWithoutRejectingIt(String file)
      throws java.io.IOException {
    String example;
    try (java.io.InputStream in =
        WorkspaceEventsTest.class.getResourceAsStream("/dev/lakewire/azure/eventgrid/" + file)) {
      example = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    assertThat(world.onboarding.events().receive(example))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.decision()).isEqualTo(Decision.IGNORED);
              assertThat(d.reason()).containsAnyOf("is not Microsoft.", "Microsoft.Storage");
            });
    assertThat(world.bus.pendingCount()).isZero();
  }
}

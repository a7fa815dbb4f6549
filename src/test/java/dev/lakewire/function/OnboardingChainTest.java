package dev.lakewire.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.EventSamples;
import dev.lakewire.local.EventSamples.Schema;
import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.worker.EventDecision.Decision;
import dev.lakewire.ports.OnboardingRecord.Status;
import dev.lakewire.testing.TestWorld;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole chain through the function classes, the in-memory bus and fake cloud ports. */
class OnboardingChainTest {

  private final TestWorld world = new TestWorld();

  @Test
  void aWorkspaceWriteEventRunsAllThreeStepsToCompleted() {
    String ws = TestWorld.workspaceId("analytics");
    world.cloud.addWorkspace(ws, "westeurope", "Succeeded");

    var decisions =
        world.host.deliverEvent(
            EventSamples.delivery(
                List.of(EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "ev-1", "corr-1"))));
    world.drain();

    assertThat(decisions).extracting(d -> d.decision()).containsExactly(Decision.ACCEPTED);
    assertThat(world.ledger.find(ws)).get().extracting(r -> r.status()).isEqualTo(Status.COMPLETED);
    assertThat(world.cloud.connectors())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("analytics-uc");
              assertThat(c.tags()).containsEntry("lakewire:workspace", ws);
            });
    String principal = world.cloud.connectors().get(0).principalId();
    String connector = world.cloud.connectors().get(0).id();
    assertThat(world.cloud.roleAssignments())
        .filteredOn(r -> r.principalId().equals(principal))
        .extracting(r -> r.scope())
        .containsExactly(
            TestWorld.STORAGE + "/blobServices/default/containers/raw",
            TestWorld.STORAGE + "/blobServices/default/containers/curated");
    assertThat(world.cloud.roleAssignments())
        .filteredOn(r -> r.principalId().equals(principal))
        .allSatisfy(
            r ->
                assertThat(r.roleDefinitionGuid())
                    .isEqualTo("ba92f5b4-2d11-453d-a403-e96b0029c9fe"));
    // lakewire's own Contributor on the connector it registers (Databricks requires it).
    assertThat(world.cloud.roleAssignments())
        .filteredOn(r -> r.principalId().equals(TestWorld.SELF))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.scope()).isEqualTo(connector);
              assertThat(r.roleDefinitionGuid()).isEqualTo("b24988ac-6180-42a0-ab88-20f7382dd24c");
            });
    assertThat(world.cloud.metastoreAssignments()).containsValue(TestWorld.METASTORE).hasSize(1);
    WorkspaceRef ref = WorkspaceRef.parse("id", ws);
    assertThat(world.cloud.storageCredentials())
        .containsOnlyKeys(
            Names.storageCredential(ref),
            Names.sharedStorageCredential(TestWorld.SHARED_CONNECTOR));
    assertThat(world.cloud.externalLocations())
        .containsEntry("lakewire_lake_raw", "abfss://raw@lake.dfs.core.windows.net/")
        .containsEntry("lakewire_lake_curated", "abfss://curated@lake.dfs.core.windows.net/");
    assertThat(world.ledger.find(ws).get().accessVerified()).isTrue();
    assertThat(world.bus.deadLetters()).isEmpty();
  }

  @Test
  void theSameEventDeliveredThreeTimesChangesNothingMore() {
    String ws = TestWorld.workspaceId("analytics");
    world.cloud.addWorkspace(ws, "westeurope", "Succeeded");
    String delivery =
        EventSamples.delivery(
            List.of(EventSamples.workspaceWrite(Schema.CLOUD_EVENTS, ws, "ev-1", "corr-1")));

    world.host.deliverEvent(delivery);
    world.drain();
    List<String> writesAfterFirst = List.copyOf(world.cloud.writes);
    world.host.deliverEvent(delivery);
    world.host.deliverEvent(delivery);
    world.drain();

    assertThat(world.cloud.writes).isEqualTo(writesAfterFirst);
    // connector, 2 roles, metastore, workspace assignment, the shared connector's 2 roles,
    // lakewire's Contributor on the connector, 2 credentials (the workspace's and the shared
    // one), 2 locations
    assertThat(writesAfterFirst).hasSize(1 + 2 + 1 + 1 + 2 + 1 + 2 + 2);
    assertThat(world.bus.stats().duplicatesDropped()).isEqualTo(2);
    assertThat(world.ledger.find(ws)).get().extracting(r -> r.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void duplicatesOutsideTheDetectionWindowAreHarmlessBecauseStepsReconcile() {
    String ws = TestWorld.workspaceId("analytics");
    world.cloud.addWorkspace(ws, "westeurope", "Succeeded");
    String delivery =
        EventSamples.delivery(
            List.of(EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "ev-1", "corr-1")));

    world.host.deliverEvent(delivery);
    world.drain();
    List<String> writesAfterFirst = List.copyOf(world.cloud.writes);
    world.clock.advance(Duration.ofHours(1));
    world.host.deliverEvent(delivery);
    world.drain();

    assertThat(world.bus.stats().duplicatesDropped()).isZero();
    assertThat(world.cloud.writes).isEqualTo(writesAfterFirst);
    assertThat(world.ledger.find(ws)).get().extracting(r -> r.status()).isEqualTo(Status.COMPLETED);
  }

  @Test
  void waitsForTheWorkspaceAndTheConnectorWithScheduledRechecksNotRedeliveries() {
    String ws = TestWorld.workspaceId("late");
    world.cloud.addWorkspace(ws, "westeurope", "Updating");
    world.cloud.connectorProvisioning = Duration.ofSeconds(25);
    world.cloud.principalReplication = Duration.ofSeconds(40);

    world.host.deliverEvent(
        EventSamples.delivery(
            List.of(EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "ev-1", "corr-1"))));
    world.bus.runUntilIdle(world.clock, Duration.ofSeconds(40));
    assertThat(world.ledger.find(ws)).get().extracting(r -> r.status()).isEqualTo(Status.WAITING);
    assertThat(world.cloud.connectors()).isEmpty();

    world.cloud.setWorkspaceState(ws, "Succeeded");
    world.drain();

    assertThat(world.ledger.find(ws)).get().extracting(r -> r.status()).isEqualTo(Status.COMPLETED);
    assertThat(world.cloud.connectors()).hasSize(1);
    assertThat(world.cloud.roleAssignments())
        .filteredOn(r -> r.principalId().equals(world.cloud.connectors().get(0).principalId()))
        .hasSize(2);
    assertThat(world.bus.stats().abandoned()).isZero();
    assertThat(world.bus.stats().scheduled()).isGreaterThanOrEqualTo(3);
    assertThat(world.ledger.find(ws).get().stepAttempts().get("ASSIGN_STORAGE_ROLES"))
        .isGreaterThan(1);
  }

  @Test
  void aPermanentFailureDeadLettersAtOnceAndReprocessingCompletesItAfterTheFix() {
    String ws = TestWorld.workspaceId("autoassigned");
    world.cloud.addWorkspace(ws, "westeurope", "Succeeded");
    world.cloud.assignMetastore(ws, "99999999-0000-0000-0000-000000000000");

    world.host.deliverEvent(
        EventSamples.delivery(
            List.of(EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "ev-1", "corr-1"))));
    world.drain();

    assertThat(world.ledger.find(ws).get().status()).isEqualTo(Status.FAILED);
    assertThat(world.ledger.find(ws).get().step()).isEqualTo("BIND_METASTORE");
    assertThat(world.ledger.find(ws).get().lastError())
        .contains("99999999-0000-0000-0000-000000000000")
        .contains("LAKEWIRE_EXISTING_METASTORE=REPLACE");
    assertThat(world.bus.deadLetters(world.bus.queueOf(Step.BIND_METASTORE)))
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).isEqualTo("lakewire:failed"));
    assertThat(world.bus.stats().abandoned()).isZero();

    world.cloud.unassignMetastore(ws);
    world.bus.sendTo("reprocess", "rp-1", "{\"workspaceResourceId\":\"" + ws + "\"}", null);
    world.drain();

    assertThat(world.ledger.find(ws).get().status()).isEqualTo(Status.COMPLETED);
    assertThat(world.cloud.metastoreAssignments())
        .containsEntry(ws.toLowerCase(), TestWorld.METASTORE);
    assertThat(world.cloud.connectors()).hasSize(1);
  }

  @Test
  void reprocessingAWorkspaceReRunsItFromTheGivenStep() {
    String ws = TestWorld.workspaceId("analytics");
    world.cloud.addWorkspace(ws, "westeurope", "Succeeded");
    world.host.deliverEvent(
        EventSamples.delivery(
            List.of(EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "ev-1", "corr-1"))));
    world.drain();
    long delivered = world.bus.stats().delivered();

    world.bus.sendTo(
        "reprocess",
        "rp-1",
        "{\"workspaceResourceId\":\"" + ws + "\",\"step\":\"bind-metastore\"}",
        null);
    world.drain();

    assertThat(world.bus.stats().delivered() - delivered).isEqualTo(2); // reprocess + bind
    assertThat(world.ledger.find(ws).get().status()).isEqualTo(Status.COMPLETED);
    assertThat(world.ledger.find(ws).get().correlationId()).startsWith("reprocess-");
    assertThat(world.cloud.metastoreAssignments()).hasSize(1);
  }

  @Test
  void theConnectorNameIsDerivedFromTheWorkspaceAndStaysWithinTheLimit() {
    String longName = "w".repeat(64);
    WorkspaceRef ref = WorkspaceRef.parse("id", TestWorld.workspaceId(longName));

    String name = Names.accessConnector(ref, "-uc");

    assertThat(name).hasSize(64).endsWith("-uc").startsWith("www");
    assertThat(Names.accessConnector(ref, "-uc")).isEqualTo(name);
  }
}

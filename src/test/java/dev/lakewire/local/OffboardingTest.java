package dev.lakewire.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.function.LakewireFunction;
import dev.lakewire.function.OffboardFunction;
import dev.lakewire.local.EventSamples.Schema;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.policy.StoragePolicy;
import dev.lakewire.onboarding.worker.EventDecision;
import dev.lakewire.onboarding.worker.EventDecision.Decision;
import dev.lakewire.onboarding.worker.Onboarding;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.OnboardingRecord.Status;
import dev.lakewire.testing.FakeHttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Offboarding end to end: the production function classes, steps and SDK adapters against the local
 * cloud. A workspace is deleted through ARM, the cloud's Event Grid system topic emits the {@code
 * ResourceDeleteSuccess} Azure emits, and the offboarding chain removes what lakewire created for
 * that workspace, and only that.
 */
class OffboardingTest {

  private static final String SUB = "44444444-4444-4444-4444-444444444444";
  private static final String WEU = "44444444-aaaa-4aaa-8aaa-000000000001";
  private static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";
  private static final String BLOB_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
  private static final String BLOB_READER = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
  private static final String SELF = LocalCloud.principalIdFor(null);

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final LocalCloud cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock));
  private final String storage =
      cloud.addStorageAccount(SUB, "rg-lake", "stlake", "westeurope", true);
  private final Map<String, String> infra = LakewireInfra.seed(cloud, SUB, "westeurope");
  private final InMemoryLedger ledger = new InMemoryLedger();
  private InMemoryServiceBus bus;
  private Onboarding onboarding;
  private LocalFunctionHost host;

  OffboardingTest() {
    cloud.addAccountServicePrincipal(LocalCloud.applicationIdFor(null), true);
    cloud.addMetastore(WEU, "westeurope");
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private void wire(Map<String, String> overrides) {
    Map<String, String> settings =
        LocalChain.settings(infra, storage + "=raw,curated", "westeurope=" + WEU, overrides);
    LocalChain chain = LocalChain.wire(cloud, clock, ledger, settings);
    bus = chain.bus();
    onboarding = chain.onboarding();
    host =
        new LocalFunctionHost(
            onboarding, bus, Queues.reprocessFromSettings(settings), Logger.getLogger("test"));
  }

  private String addWorkspace(String rg, String name) {
    return cloud.addWorkspace(SUB, rg, name, "westeurope", "Succeeded");
  }

  private List<String> onboard(String... rgSlashName) {
    List<String> ids = new ArrayList<>();
    for (String w : rgSlashName) {
      String[] at = w.split("/");
      String id = addWorkspace(at[0], at[1]);
      ids.add(id);
      onboarding.kickoff().start("application/json", body(id));
    }
    run();
    for (String id : ids) {
      assertThat(record(id).status()).as("onboarded %s", id).isEqualTo(Status.COMPLETED);
    }
    return ids;
  }

  private void run() {
    bus.runUntilIdle(clock, Duration.ofHours(3));
  }

  /** Deletes the workspace through ARM and delivers what the system topic emitted. */
  private List<EventDecision> deleteAndDeliver(String workspaceId) {
    assertThat(cloud.deleteWorkspace(workspaceId)).isTrue();
    List<EventDecision> decisions = new ArrayList<>();
    for (String delivery : cloud.takeSystemTopicEvents()) {
      decisions.addAll(host.deliverEvent(delivery));
    }
    run();
    return decisions;
  }

  private static String body(String id) {
    return "{\"workspaceResourceId\":\"" + id + "\"}";
  }

  private OnboardingRecord record(String id) {
    return ledger.find(id).orElseThrow();
  }

  private static String connectorOf(String workspaceId) {
    return Names.accessConnectorId(WorkspaceRef.parse("id", workspaceId), "-uc");
  }

  private String container(String name) {
    return storage + "/blobServices/default/containers/" + name;
  }

  private boolean holdsDataRoles(String principal) {
    return cloud.hasRoleAssignment(container("raw"), principal, BLOB_CONTRIBUTOR)
        || cloud.hasRoleAssignment(container("curated"), principal, BLOB_CONTRIBUTOR);
  }

  @Test
  void deletingAWorkspaceRemovesItsRolesSelfContributorAndConnectorAndNothingElse() {
    wire(Map.of());
    List<String> ids = onboard("rg-a/ws-gone", "rg-a/ws-stays");
    String gone = ids.get(0);
    String stays = ids.get(1);
    String gonePrincipal = cloud.accessConnectorPrincipal(connectorOf(gone)).orElseThrow();
    String staysPrincipal = cloud.accessConnectorPrincipal(connectorOf(stays)).orElseThrow();
    // what lakewire did not create: a hand-made connector next to them, and someone's reader role
    String manual = cloud.addAccessConnector(SUB, "rg-a", "hand-made", "westeurope");
    String manualPrincipal = cloud.accessConnectorPrincipal(manual).orElseThrow();
    cloud.addRoleAssignment(storage, manualPrincipal, BLOB_READER);
    int before = cloud.counts().roleAssignments();
    assertThat(holdsDataRoles(gonePrincipal)).isTrue();
    assertThat(cloud.hasRoleAssignment(connectorOf(gone), SELF, CONTRIBUTOR)).isTrue();

    List<EventDecision> decisions = deleteAndDeliver(gone);

    assertThat(decisions)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.decision()).isEqualTo(Decision.ACCEPTED);
              assertThat(d.reason()).contains("offboarding queued");
            });
    assertThat(record(gone).status()).isEqualTo(Status.OFFBOARDED);
    // the deleted workspace's: gone
    assertThat(cloud.accessConnectorPrincipal(connectorOf(gone))).isEmpty();
    assertThat(holdsDataRoles(gonePrincipal)).isFalse();
    assertThat(cloud.hasRoleAssignment(connectorOf(gone), SELF, CONTRIBUTOR)).isFalse();
    assertThat(cloud.counts().roleAssignments()).isEqualTo(before - 3);
    // everything else: kept
    assertThat(record(stays).status()).isEqualTo(Status.COMPLETED);
    assertThat(cloud.accessConnectorPrincipal(connectorOf(stays))).hasValue(staysPrincipal);
    assertThat(cloud.hasRoleAssignment(container("raw"), staysPrincipal, BLOB_CONTRIBUTOR))
        .isTrue();
    assertThat(cloud.hasRoleAssignment(container("curated"), staysPrincipal, BLOB_CONTRIBUTOR))
        .isTrue();
    assertThat(cloud.hasRoleAssignment(connectorOf(stays), SELF, CONTRIBUTOR)).isTrue();
    assertThat(cloud.accessConnectorPrincipal(manual)).hasValue(manualPrincipal);
    assertThat(cloud.hasRoleAssignment(storage, manualPrincipal, BLOB_READER)).isTrue();
    assertThat(cloud.accessConnectorPrincipal(LakewireInfra.sharedConnectorId(SUB))).isPresent();
    assertThat(bus.deadLetters()).isEmpty();
  }

  @Test
  void repeatingTheOffboardingByEventAndByHttpIsHarmless() {
    wire(Map.of());
    List<String> ids = onboard("rg-a/ws-gone", "rg-a/ws-stays");
    String gone = ids.get(0);
    assertThat(cloud.deleteWorkspace(gone)).isTrue();
    List<String> deliveries = cloud.takeSystemTopicEvents();
    deliveries.forEach(host::deliverEvent);
    run();
    var counts = cloud.counts();
    int writesBefore = (int) cloud.stats().armWrites();

    // Event Grid delivers at least once; an operator may also offboard by HTTP
    deliveries.forEach(host::deliverEvent);
    var response =
        LakewireFunction.using(onboarding, OffboardFunction::new)
            .run(
                new FakeHttpRequest(
                    "https://app.example/api/offboard", "application/json", body(gone)),
                new LocalExecutionContext("offboard", Logger.getLogger("test")));
    run();

    assertThat(response.getStatusCode()).isEqualTo(202);
    assertThat(String.valueOf(response.getBody())).contains("/api/onboarding/status?");
    assertThat(record(gone).status()).isEqualTo(Status.OFFBOARDED);
    assertThat(record(gone).run()).isGreaterThan(2);
    assertThat(cloud.counts()).isEqualTo(counts);
    // a repeat reads, and deletes nothing (a role assignment DELETE of nothing would be a write)
    assertThat(cloud.stats().armWrites()).isEqualTo(writesBefore);
    assertThat(bus.deadLetters()).isEmpty();
  }

  @Test
  void duplicateDeleteEventsAndAnHttpOffboardingRacingOnSixteenWorkersAreHarmless() {
    wire(Map.of());
    List<String> ids = onboard("rg-a/ws-gone", "rg-a/ws-stays");
    String gone = ids.get(0);
    var before = cloud.counts();
    assertThat(cloud.deleteWorkspace(gone)).isTrue();
    List<String> deliveries = cloud.takeSystemTopicEvents();

    // at-least-once delivery twice over, and an operator's HTTP call, before any step runs
    deliveries.forEach(host::deliverEvent);
    deliveries.forEach(host::deliverEvent);
    onboarding.kickoff().offboard("application/json", body(gone));
    bus.runUntilIdle(clock, Duration.ofHours(3), 16);

    assertThat(record(gone).status()).isEqualTo(Status.OFFBOARDED);
    assertThat(cloud.accessConnectorPrincipal(connectorOf(gone))).isEmpty();
    assertThat(cloud.counts().accessConnectors()).isEqualTo(before.accessConnectors() - 1);
    assertThat(cloud.counts().roleAssignments()).isEqualTo(before.roleAssignments() - 3);
    assertThat(record(ids.get(1)).status()).isEqualTo(Status.COMPLETED);
    assertThat(bus.deadLetters()).isEmpty();
  }

  @Test
  void anOffboardingRacingAnOnboardingInFlightEndsOffboardedWithNothingRecreated() {
    wire(Map.of());
    String staying = onboard("rg-a/ws-stays").get(0);
    var settled = cloud.counts();
    String racing = addWorkspace("rg-a", "ws-racing");
    onboarding.kickoff().start("application/json", body(racing));
    // onboarding gets as far as creating the connector (its roles wait for the new principal)
    bus.runUntilIdle(clock, Duration.ofSeconds(40));
    assertThat(record(racing).status()).isNotEqualTo(Status.COMPLETED);
    assertThat(cloud.counts().accessConnectors()).isGreaterThan(settled.accessConnectors());

    deleteAndDeliver(racing);

    assertThat(record(racing).status()).isEqualTo(Status.OFFBOARDED);
    assertThat(cloud.accessConnectorPrincipal(connectorOf(racing))).isEmpty();
    assertThat(cloud.counts().accessConnectors()).isEqualTo(settled.accessConnectors());
    assertThat(cloud.counts().roleAssignments()).isEqualTo(settled.roleAssignments());
    assertThat(record(staying).status()).isEqualTo(Status.COMPLETED);
    assertThat(bus.deadLetters()).isEmpty();
  }

  @Test
  void aWorkspaceWriteEventDeliveredAfterItsDeleteIsStaleAndCreatesNothing() {
    wire(Map.of());
    String gone = onboard("rg-a/ws-gone").get(0);
    deleteAndDeliver(gone);
    var after = cloud.counts();

    // Event Grid is unordered: the workspace's (re)write event can arrive after the delete
    List<EventDecision> late =
        host.deliverEvent(
            EventSamples.delivery(
                List.of(EventSamples.workspaceWrite(Schema.EVENT_GRID, gone, "late", "late"))));
    run();

    assertThat(late)
        .singleElement()
        .extracting(EventDecision::decision)
        .isEqualTo(Decision.IGNORED);
    assertThat(record(gone).status()).isEqualTo(Status.OFFBOARDED);
    assertThat(cloud.counts()).isEqualTo(after);
  }

  @Test
  void aConnectorUnderTheWorkspacesNameWithoutLakewiresTagsIsLeftAlone() {
    wire(Map.of());
    onboard("rg-a/ws-stays");
    String ws = addWorkspace("rg-b", "ws-hand");
    // someone made <workspace>-uc by hand (no lakewire tags) and granted it a data role
    String handMade = cloud.addAccessConnector(SUB, "rg-b", "ws-hand-uc", "westeurope");
    String principal = cloud.accessConnectorPrincipal(handMade).orElseThrow();
    String name = Names.roleAssignment(container("raw"), principal, BLOB_CONTRIBUTOR);
    cloud.addRoleAssignment(container("raw"), principal, BLOB_CONTRIBUTOR);
    var before = cloud.counts();

    deleteAndDeliver(ws);

    assertThat(name).isNotBlank();
    assertThat(record(ws).status()).isEqualTo(Status.OFFBOARDED);
    assertThat(cloud.accessConnectorPrincipal(handMade)).hasValue(principal);
    assertThat(cloud.hasRoleAssignment(container("raw"), principal, BLOB_CONTRIBUTOR)).isTrue();
    assertThat(cloud.counts().accessConnectors()).isEqualTo(before.accessConnectors());
    assertThat(cloud.counts().roleAssignments()).isEqualTo(before.roleAssignments());
  }

  @Test
  void perWorkspaceLayoutKeepsTheWorkspacesCatalogObjectsByDefault() {
    wire(perWorkspace(null));
    String gone = onboard("rg-a/ws-gone", "rg-a/ws-stays").get(0);
    int credentials = cloud.storageCredentials(WEU).size();
    int locations = cloud.externalLocations(WEU).size();

    deleteAndDeliver(gone);

    assertThat(record(gone).status()).isEqualTo(Status.OFFBOARDED);
    assertThat(cloud.storageCredentials(WEU)).hasSize(credentials);
    assertThat(cloud.externalLocations(WEU)).hasSize(locations);
    assertThat(cloud.accessConnectorPrincipal(connectorOf(gone))).isEmpty();
  }

  @Test
  void perWorkspaceLayoutWithRemoveDeletesOnlyThatWorkspacesLocationsAndCredentialByHttp() {
    wire(perWorkspace("remove"));
    List<String> ids = onboard("rg-a/ws-gone", "rg-a/ws-stays");
    String gone = ids.get(0);
    WorkspaceRef goneRef = WorkspaceRef.parse("id", gone);
    WorkspaceRef staysRef = WorkspaceRef.parse("id", ids.get(1));
    assertThat(cloud.storageCredentials(WEU)).contains(Names.storageCredential(goneRef));

    // offboarded by HTTP while the workspace still exists: Unity Catalog is reachable through it
    var accepted = onboarding.kickoff().offboard("application/json", body(gone));
    run();

    assertThat(accepted.workspaceResourceId()).isEqualToIgnoringCase(gone);
    assertThat(record(gone).status()).isEqualTo(Status.OFFBOARDED);
    assertThat(cloud.storageCredentials(WEU))
        .doesNotContain(Names.storageCredential(goneRef))
        .contains(Names.storageCredential(staysRef));
    assertThat(cloud.externalLocations(WEU).keySet())
        .noneMatch(n -> n.endsWith(Names.storageCredential(goneRef)))
        .anyMatch(n -> n.endsWith(Names.storageCredential(staysRef)));
    assertThat(cloud.accessConnectorPrincipal(connectorOf(gone))).isEmpty();
    assertThat(cloud.accessConnectorPrincipal(connectorOf(ids.get(1)))).isPresent();
  }

  private Map<String, String> perWorkspace(String offboardCatalog) {
    Map<String, String> s = new HashMap<>();
    s.put(OnboardingPolicy.LOCATION_LAYOUT, "per-workspace");
    if (offboardCatalog != null) {
      s.put(StoragePolicy.OFFBOARD_CATALOG_OBJECTS, offboardCatalog);
    }
    return s;
  }
}

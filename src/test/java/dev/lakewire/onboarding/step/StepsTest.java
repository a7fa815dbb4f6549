package dev.lakewire.onboarding.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.ManualClock;
import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.BuiltInRole;
import dev.lakewire.onboarding.policy.ExpectedDelays;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.ports.AccessConnector;
import dev.lakewire.ports.AccessConnectorSpec;
import dev.lakewire.ports.AccessConnectors;
import dev.lakewire.ports.RoleAssignmentSpec;
import dev.lakewire.ports.Step;
import dev.lakewire.testing.FakeCloud;
import dev.lakewire.testing.TestWorld;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each step as a reconciler: observe, compare, write only the difference. */
class StepsTest {

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final FakeCloud cloud = new FakeCloud(clock);
  private final OnboardingPolicy policy =
      OnboardingPolicy.fromSettings(TestWorld.defaultSettings());
  private final String ws = TestWorld.workspaceId("analytics");
  private final StepMessage first =
      StepMessage.first(
          WorkspaceRef.parse("id", ws), Step.CREATE_ACCESS_CONNECTOR, "c1", "test", 0);

  StepsTest() {
    cloud.addStorageAccount(TestWorld.STORAGE, true);
    cloud.addReadyConnector(TestWorld.SHARED_CONNECTOR, "westeurope");
  }

  /** The workspace with its connector (steps 1 and 2 done). */
  private void workspaceWithConnector(String location) {
    cloud.addWorkspace(ws, location, "Succeeded");
    createConnector().reconcile(first);
  }

  private CreateAccessConnector createConnector() {
    return new CreateAccessConnector(cloud.workspaces(), cloud.accessConnectors(), policy);
  }

  /** The role assignments of the workspace's connector (not the shared connector's). */
  private List<RoleAssignmentSpec> workspaceRoles() {
    String shared =
        cloud.accessConnectors().find(TestWorld.SHARED_CONNECTOR).orElseThrow().principalId();
    return cloud.roleAssignments().stream()
        .filter(r -> !r.principalId().equalsIgnoreCase(shared))
        .toList();
  }

  @Test
  void theBindStepGrantsTheSharedConnectorsDataRolesOncePerProcessBeforeAnyDatabricksCall() {
    workspaceWithConnector("westeurope");
    String shared =
        cloud.accessConnectors().find(TestWorld.SHARED_CONNECTOR).orElseThrow().principalId();
    List<RoleAssignmentSpec> asked = new java.util.ArrayList<>();
    dev.lakewire.ports.RoleAssignments real = cloud.roleAssignmentsPort();
    dev.lakewire.ports.RoleAssignments counting =
        new dev.lakewire.ports.RoleAssignments() {
          @Override
          public java.util.Optional<RoleAssignmentSpec> fetch(RoleAssignmentSpec spec) {
            return real.fetch(spec);
          }

          @Override
          public RoleAssignmentSpec create(RoleAssignmentSpec spec) {
            asked.add(spec);
            return real.create(spec);
          }
        };
    BindMetastore step =
        new BindMetastore(
            cloud.workspaces(),
            cloud.metastoreAssignmentsPort(),
            cloud.workspaceMembershipsPort(),
            cloud.workspaceMetastoresPort(),
            cloud.storageCredentialsPort(),
            cloud.externalLocationsPort(),
            cloud.accessConnectors(),
            cloud.storageAccounts(),
            counting,
            policy,
            clock);
    int before = cloud.writes.size();

    step.reconcile(first.advanceTo(Step.BIND_METASTORE));
    int afterFirst = asked.size();
    step.reconcile(first.advanceTo(Step.BIND_METASTORE));

    // one role on each of the two containers, asked for once, and before the metastore's PUT
    assertThat(asked.stream().filter(r -> r.principalId().equals(shared)).count()).isEqualTo(2);
    assertThat(asked.get(0).principalId()).isEqualTo(shared);
    assertThat(cloud.writes.get(before)).startsWith("PUT roleAssignment");
    assertThat(asked).hasSize(afterFirst);
  }

  private AssignStorageRoles assignRoles() {
    return new AssignStorageRoles(
        cloud.accessConnectors(), cloud.storageAccounts(), cloud.roleAssignmentsPort(), policy);
  }

  private BindMetastore bind(OnboardingPolicy p) {
    return new BindMetastore(
        cloud.workspaces(),
        cloud.metastoreAssignmentsPort(),
        cloud.workspaceMembershipsPort(),
        cloud.workspaceMetastoresPort(),
        cloud.storageCredentialsPort(),
        cloud.externalLocationsPort(),
        cloud.accessConnectors(),
        cloud.storageAccounts(),
        cloud.roleAssignmentsPort(),
        p,
        java.time.Clock.systemUTC());
  }

  /** Workspaces whose every read fails the test: what a step carried must be enough. */
  private final dev.lakewire.ports.Workspaces unreadable =
      id -> {
        throw new AssertionError("read the workspace again: " + id);
      };

  @Test
  void stepOneCarriesTheWorkspaceFactsAndStepThreeBindsWithoutReadingItAgain() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    StepOutcome created = createConnector().reconcile(first);
    StepMessage.Carried carried = ((StepOutcome.Advance) created).carried();
    StepMessage third =
        StepMessage.fromJson(first.advanceTo(Step.BIND_METASTORE).carrying(carried).toJson());

    StepOutcome bound =
        new BindMetastore(
                unreadable,
                cloud.metastoreAssignmentsPort(),
                cloud.workspaceMembershipsPort(),
                cloud.workspaceMetastoresPort(),
                cloud.storageCredentialsPort(),
                cloud.externalLocationsPort(),
                cloud.accessConnectors(),
                cloud.storageAccounts(),
                cloud.roleAssignmentsPort(),
                policy,
                java.time.Clock.systemUTC())
            .reconcile(third);

    assertThat(carried.complete()).isTrue();
    assertThat(third.carried()).isEqualTo(carried);
    assertThat(bound).isInstanceOf(StepOutcome.Advance.class);
    assertThat(cloud.metastoreAssignments()).containsKey(ws.toLowerCase(java.util.Locale.ROOT));
  }

  @Test
  void aMessageWithoutCarriedFactsReadsTheWorkspace() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    String olderBody =
        "{\"workspaceResourceId\":\""
            + ws
            + "\",\"step\":\"BIND_METASTORE\",\"correlationId\":\"c1\",\"generation\":0,"
            + "\"workspace\":{\"location\":\"westeurope\"}}";

    StepMessage older = StepMessage.fromJson(olderBody);
    StepOutcome bound = bind(policy).reconcile(older);

    assertThat(older.carried().complete()).isFalse();
    assertThat(bound).isInstanceOf(StepOutcome.Advance.class);
    assertThat(cloud.metastoreAssignments()).containsKey(ws.toLowerCase(java.util.Locale.ROOT));
  }

  @Test
  void aNewConnectorIsFirstLookedAtWhenItsPrincipalIsExpectedToBeAssignable() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");

    StepOutcome created = createConnector().reconcile(first);

    assertThat(((StepOutcome.Advance) created).after())
        .isEqualTo(
            ExpectedDelays.CONNECTOR_PROVISIONING.plus(ExpectedDelays.PRINCIPAL_REPLICATION));
    assertThat(((StepOutcome.Advance) created).carried().connectorCreatedAt()).isNotNull();
  }

  @Test
  void aNewConnectorsFreshPrincipalIsGivenTimeToReplicateBeforeAnyRoleAssignmentPut() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    StepOutcome.Advance created = (StepOutcome.Advance) createConnector().reconcile(first);
    StepMessage second =
        StepMessage.fromJson(
            first.advanceTo(Step.ASSIGN_STORAGE_ROLES).carrying(created.carried()).toJson());

    StepOutcome firstSight = assignRoles().reconcile(second);

    assertThat(firstSight).isInstanceOf(StepOutcome.RecheckAfter.class);
    StepOutcome.RecheckAfter wait = (StepOutcome.RecheckAfter) firstSight;
    assertThat(wait.delay()).isEqualTo(AssignStorageRoles.PRINCIPAL_RECHECK);
    assertThat(wait.carried().principalId()).isNotNull();
    assertThat(cloud.roleAssignments()).isEmpty();

    StepMessage later = StepMessage.fromJson(second.recheck().carrying(wait.carried()).toJson());
    assertThat(assignRoles().reconcile(later)).isInstanceOf(StepOutcome.Advance.class);
    assertThat(workspaceRoles()).hasSize(2);
  }

  @Test
  void grantWritesHeldBackByArmsQuotaAreReservedBeforeTheConnectorIsReadSoTheRecheckReadsItOnce() {
    // a connector that exists (and is assignable) when step 1 looks: step 2 grants at once
    StepOutcome.Advance created = connectorThatAlreadyExisted();
    List<String> connectorReads = new java.util.ArrayList<>();
    AccessConnectors counted =
        new AccessConnectors() {
          @Override
          public Optional<AccessConnector> find(String id) {
            connectorReads.add(id);
            return cloud.accessConnectors().find(id);
          }

          @Override
          public AccessConnector create(AccessConnectorSpec spec) {
            return cloud.accessConnectors().create(spec);
          }
        };
    List<List<String>> reserved = new java.util.ArrayList<>();
    dev.lakewire.ports.RoleAssignments quota =
        new dev.lakewire.ports.RoleAssignments() {
          @Override
          public Optional<RoleAssignmentSpec> fetch(RoleAssignmentSpec spec) {
            return cloud.roleAssignmentsPort().fetch(spec);
          }

          @Override
          public RoleAssignmentSpec create(RoleAssignmentSpec spec) {
            return cloud.roleAssignmentsPort().create(spec);
          }

          @Override
          public void reserveWrites(List<String> scopes) {
            reserved.add(scopes);
            if (reserved.size() == 1) { // ARM's write bucket is empty the first time
              throw new dev.lakewire.ports.CloudFailure.Throttled(
                  "held back", Duration.ofSeconds(7), null);
            }
          }
        };
    AssignStorageRoles step =
        new AssignStorageRoles(counted, cloud.storageAccounts(), quota, policy, clock);
    StepMessage second = first.advanceTo(Step.ASSIGN_STORAGE_ROLES).carrying(created.carried());

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> step.reconcile(second))
        .isInstanceOf(dev.lakewire.ports.CloudFailure.Throttled.class);
    assertThat(connectorReads).isEmpty();
    assertThat(cloud.roleAssignments()).isEmpty();

    StepOutcome granted = step.reconcile(second.recheckThrottled());

    assertThat(granted).isInstanceOf(StepOutcome.Advance.class);
    // the workspace's connector once (the shared connector is read once per process)
    assertThat(connectorReads).filteredOn(id -> !id.equals(TestWorld.SHARED_CONNECTOR)).hasSize(1);
    // one write per role on each container, reserved for the scopes they are made at
    assertThat(reserved.get(1))
        .containsExactlyElementsOf(
            workspaceRoles().stream().map(RoleAssignmentSpec::scope).toList());
  }

  @Test
  void theFirstStepTwoGrantsTheSharedConnectorsDataRolesSoTheyPropagateBeforeAnyValidation() {
    StepOutcome.Advance existed = connectorThatAlreadyExisted();
    String shared =
        cloud.accessConnectors().find(TestWorld.SHARED_CONNECTOR).orElseThrow().principalId();

    assignRoles().reconcile(first.advanceTo(Step.ASSIGN_STORAGE_ROLES).carrying(existed.carried()));

    // one role on each of the two containers, to the shared connector as to the workspace's
    assertThat(cloud.roleAssignments()).filteredOn(r -> r.principalId().equals(shared)).hasSize(2);
    assertThat(workspaceRoles()).hasSize(2);
  }

  @Test
  void aConnectorThatExistedBeforeThisRunIsGrantedAtOnce() {
    StepOutcome.Advance existed = connectorThatAlreadyExisted();
    StepOutcome granted =
        assignRoles()
            .reconcile(first.advanceTo(Step.ASSIGN_STORAGE_ROLES).carrying(existed.carried()));

    assertThat(existed.carried().newConnector()).isFalse();
    assertThat(granted).isInstanceOf(StepOutcome.Advance.class);
  }

  @Test
  void rechecksWhileTheWorkspaceIsStillProvisioning() {
    cloud.addWorkspace(ws, "westeurope", "Accepted");

    StepOutcome outcome = createConnector().reconcile(first);

    assertThat(outcome).isInstanceOf(StepOutcome.RecheckAfter.class);
    assertThat(((StepOutcome.RecheckAfter) outcome).delay()).isEqualTo(Duration.ofSeconds(15));
    assertThat(((StepOutcome.RecheckAfter) outcome).reason()).contains("Accepted");
    assertThat(cloud.writes).isEmpty();
  }

  @Test
  void backsOffOnLaterRechecksUpToACap() {
    cloud.addWorkspace(ws, "westeurope", "Updating");
    StepMessage later = first;
    for (int i = 0; i < 10; i++) {
      later = later.recheck();
    }

    StepOutcome outcome = createConnector().reconcile(later);

    assertThat(((StepOutcome.RecheckAfter) outcome).delay()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void failsForAWorkspaceThatFailedOrVanished() {
    assertThat(createConnector().reconcile(first))
        .isInstanceOf(StepOutcome.Fail.class)
        .extracting(o -> ((StepOutcome.Fail) o).reason())
        .asString()
        .contains("does not exist");
    cloud.addWorkspace(ws, "westeurope", "Failed");
    assertThat(createConnector().reconcile(first)).isInstanceOf(StepOutcome.Fail.class);
  }

  @Test
  void createsTheConnectorOnceAndSkipsCreateWhenConnectorAlreadyExists() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");

    StepOutcome firstRun = createConnector().reconcile(first);
    StepOutcome secondRun = createConnector().reconcile(first);

    assertThat(firstRun).isInstanceOf(StepOutcome.Advance.class);
    assertThat(secondRun).isInstanceOf(StepOutcome.Advance.class);
    assertThat(cloud.writes)
        .containsExactly(
            "PUT connector /subscriptions/"
                + TestWorld.SUBSCRIPTION
                + "/resourceGroups/rg-data/providers/Microsoft.Databricks/accessConnectors/analytics-uc");
    assertThat(cloud.connectors().get(0).tags())
        .containsEntry("lakewire:workspace", ws)
        .containsEntry("lakewire:managed", "true");
  }

  @Test
  void passesTheUserAssignedIdentityFromThePolicy() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    String uami =
        "/subscriptions/"
            + TestWorld.SUBSCRIPTION
            + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uc";
    Map<String, String> settings = new java.util.HashMap<>(TestWorld.defaultSettings());
    settings.put(OnboardingPolicy.CONNECTOR_IDENTITY, uami);
    AccessConnectorSpec[] seen = new AccessConnectorSpec[1];
    AccessConnectors recording =
        new AccessConnectors() {
          @Override
          public Optional<AccessConnector> find(String id) {
            return Optional.empty();
          }

          @Override
          public AccessConnector create(AccessConnectorSpec spec) {
            seen[0] = spec;
            return cloud.accessConnectors().create(spec);
          }
        };

    new CreateAccessConnector(
            cloud.workspaces(), recording, OnboardingPolicy.fromSettings(settings))
        .reconcile(first);

    assertThat(seen[0].userAssignedIdentityId()).isEqualTo(uami);
    assertThat(seen[0].location()).isEqualTo("westeurope");
  }

  @Test
  void rechecksWhileTheConnectorIsProvisioning() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    cloud.connectorProvisioning = Duration.ofSeconds(30);
    createConnector().reconcile(first);

    StepOutcome outcome = assignRoles().reconcile(first.advanceTo(Step.ASSIGN_STORAGE_ROLES));

    assertThat(outcome).isInstanceOf(StepOutcome.RecheckAfter.class);
    assertThat(((StepOutcome.RecheckAfter) outcome).reason()).contains("Creating");
    assertThat(cloud.roleAssignments()).isEmpty();
  }

  @Test
  void aPrincipalArmCannotSeeYetIsReCheckedAfterThirtySecondsNotTenSoEarlyPutsSpendNoWrites() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    cloud.principalReplication = Duration.ofSeconds(60);
    createConnector().reconcile(first);

    StepOutcome early = assignRoles().reconcile(first.advanceTo(Step.ASSIGN_STORAGE_ROLES));

    assertThat(early).isInstanceOf(StepOutcome.RecheckAfter.class);
    assertThat(((StepOutcome.RecheckAfter) early).delay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(((StepOutcome.RecheckAfter) early).reason()).contains("PrincipalNotFound");
    clock.advance(Duration.ofSeconds(61));
    assertThat(assignRoles().reconcile(first.advanceTo(Step.ASSIGN_STORAGE_ROLES)))
        .isInstanceOf(StepOutcome.Advance.class);
  }

  @Test
  void grantsEachRoleOnEachContainerWithDeterministicNamesAndIsHarmlessTwice() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    createConnector().reconcile(first);
    StepMessage m = first.advanceTo(Step.ASSIGN_STORAGE_ROLES);

    assignRoles().reconcile(m);
    var afterFirst = workspaceRoles();
    StepOutcome again = assignRoles().reconcile(m);

    assertThat(afterFirst).hasSize(2);
    assertThat(workspaceRoles()).isEqualTo(afterFirst);
    assertThat(((StepOutcome.Advance) again).summary()).contains("0 created");
    String principal = cloud.connectors().get(0).principalId();
    assertThat(afterFirst.get(0).name())
        .isEqualTo(
            Names.roleAssignment(
                TestWorld.STORAGE + "/blobServices/default/containers/raw",
                principal,
                BuiltInRole.STORAGE_BLOB_DATA_CONTRIBUTOR.guid()));
  }

  @Test
  void refusesAStorageAccountWithoutHierarchicalNamespace() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    cloud.addStorageAccount(TestWorld.STORAGE, false);
    createConnector().reconcile(first);

    StepOutcome outcome = assignRoles().reconcile(first.advanceTo(Step.ASSIGN_STORAGE_ROLES));

    assertThat(outcome).isInstanceOf(StepOutcome.Fail.class);
    assertThat(((StepOutcome.Fail) outcome).reason())
        .contains("lake")
        .contains("hierarchical namespace");
    assertThat(cloud.roleAssignments()).isEmpty();
  }

  @Test
  void bindsTheRegionsMetastoreAndCreatesCredentialAndLocations() {
    workspaceWithConnector("West Europe");

    StepOutcome outcome = bind(policy).reconcile(first.advanceTo(Step.BIND_METASTORE));

    assertThat(outcome).isInstanceOf(StepOutcome.Advance.class);
    assertThat(cloud.metastoreAssignments()).containsValue(TestWorld.METASTORE);
    assertThat(cloud.storageCredentials())
        .containsEntry(
            Names.storageCredential(WorkspaceRef.parse("id", ws)),
            Names.accessConnectorId(WorkspaceRef.parse("id", ws), "-uc"));
    assertThat(cloud.externalLocations()).hasSize(2);
  }

  @Test
  void aUserAssignedConnectorIdentityGoesIntoTheStorageCredential() {
    workspaceWithConnector("westeurope");
    String uami =
        "/subscriptions/"
            + TestWorld.SUBSCRIPTION
            + "/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uc";
    Map<String, String> settings = new java.util.HashMap<>(TestWorld.defaultSettings());
    settings.put(OnboardingPolicy.CONNECTOR_IDENTITY, uami);

    bind(OnboardingPolicy.fromSettings(settings)).reconcile(first.advanceTo(Step.BIND_METASTORE));

    assertThat(
            cloud.storageCredentials().get(Names.storageCredential(WorkspaceRef.parse("id", ws))))
        .endsWith(" via " + uami);
  }

  @Test
  void leavesTheSameMetastoreAloneAndReplacesAnotherOnlyWhenThePolicySaysSo() {
    workspaceWithConnector("westeurope");
    cloud.assignMetastore(ws, TestWorld.METASTORE);
    bind(policy).reconcile(first.advanceTo(Step.BIND_METASTORE));
    assertThat(cloud.writes).noneMatch(w -> w.startsWith("PUT metastore"));

    cloud.assignMetastore(ws, "99999999-0000-0000-0000-000000000000");
    assertThat(bind(policy).reconcile(first.advanceTo(Step.BIND_METASTORE)))
        .isInstanceOf(StepOutcome.Fail.class);

    Map<String, String> settings = new java.util.HashMap<>(TestWorld.defaultSettings());
    settings.put(OnboardingPolicy.EXISTING_METASTORE, "replace");
    StepOutcome replaced =
        bind(OnboardingPolicy.fromSettings(settings))
            .reconcile(first.advanceTo(Step.BIND_METASTORE));
    assertThat(((StepOutcome.Advance) replaced).summary()).contains("replaced metastore 99999999");
    assertThat(cloud.metastoreAssignments()).containsValue(TestWorld.METASTORE);
    assertThat(cloud.writes)
        .containsSubsequence(
            "DELETE metastore 1000000 99999999-0000-0000-0000-000000000000",
            "PUT metastore 1000000 " + TestWorld.METASTORE);
  }

  @Test
  void assignsThroughTheAccountThenJoinsTheWorkspaceBeforeAnyWorkspaceLevelCall() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");

    StepOutcome outcome = bind(policy).reconcile(first.advanceTo(Step.BIND_METASTORE));

    assertThat(((StepOutcome.Advance) outcome).summary())
        .contains("assigned metastore " + TestWorld.METASTORE)
        .contains("joined the workspace");
    assertThat(cloud.isMember(ws)).isTrue();
    // identity federation comes with the metastore; workspace-level calls need the membership
    assertThat(cloud.writes.stream().filter(w -> !w.startsWith("PUT roleAssignment")).toList())
        .startsWith(
            "PUT metastore 1000000 " + TestWorld.METASTORE, "PUT workspace-assignment 1000000");
    assertThat(cloud.writes)
        .contains(
            "POST storage-credential " + Names.storageCredential(WorkspaceRef.parse("id", ws)));
  }

  @Test
  void aPreAssignedWorkspaceIsOnlyJoinedAndWired() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    cloud.assignMetastore(ws, TestWorld.METASTORE);

    StepOutcome outcome = bind(policy).reconcile(first.advanceTo(Step.BIND_METASTORE));

    assertThat(((StepOutcome.Advance) outcome).summary())
        .startsWith("metastore " + TestWorld.METASTORE + " already assigned");
    assertThat(cloud.writes).noneMatch(w -> w.contains("metastore"));
  }

  @Test
  void waitsForANewAssignmentToTakeEffectInTheWorkspaceBeforeWiringStorage() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    cloud.assignmentLag = Duration.ofSeconds(60);

    StepOutcome waiting = bind(policy).reconcile(first.advanceTo(Step.BIND_METASTORE));

    assertThat(waiting).isInstanceOf(StepOutcome.RecheckAfter.class);
    assertThat(((StepOutcome.RecheckAfter) waiting).reason())
        .startsWith("assigned metastore " + TestWorld.METASTORE)
        .contains("waiting for the assignment to take effect in the workspace")
        .contains("it reports none");
    assertThat(cloud.storageCredentials()).isEmpty();
    assertThat(cloud.externalLocations()).isEmpty();

    clock.advance(Duration.ofSeconds(30));
    assertThat(bind(policy).reconcile(first.advanceTo(Step.BIND_METASTORE)))
        .isInstanceOf(StepOutcome.RecheckAfter.class);

    clock.advance(Duration.ofSeconds(30));
    StepOutcome done = bind(policy).reconcile(first.advanceTo(Step.BIND_METASTORE));
    assertThat(((StepOutcome.Advance) done).summary())
        .startsWith("metastore " + TestWorld.METASTORE + " already assigned");
    assertThat(cloud.writes).filteredOn(w -> w.startsWith("PUT metastore")).hasSize(1);
    // the workspace's credential and the shared one
    assertThat(cloud.storageCredentials()).hasSize(2);
  }

  @Test
  void aFreshAssignmentIsLookedForInTheWorkspaceOnlyAfterItsLagWhenThisRunsGrantsPropagateLater() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    cloud.assignmentLag = ExpectedDelays.METASTORE_ASSIGNMENT_LAG;
    List<String> looks = new java.util.ArrayList<>();
    dev.lakewire.ports.WorkspaceMetastores counted =
        w -> {
          looks.add(w.id());
          return cloud.workspaceMetastoresPort().current(w);
        };
    BindMetastore step = bindOnTheClock(counted);
    // step 2 granted just now: its grants reach the data plane minutes after the lag is over
    StepMessage third =
        first
            .advanceTo(Step.BIND_METASTORE)
            .carrying(StepMessage.Carried.NONE.withRolesGrantedAt(clock.instant()));

    StepOutcome.RecheckAfter waiting = (StepOutcome.RecheckAfter) step.reconcile(third);

    assertThat(looks).isEmpty();
    assertThat(waiting.delay()).isEqualTo(ExpectedDelays.METASTORE_ASSIGNMENT_LAG);
    assertThat(waiting.carried().metastoreAssigned()).isTrue();
    assertThat(cloud.isMember(ws)).isTrue();
    assertThat(cloud.storageCredentials()).isEmpty();

    clock.advance(waiting.delay());
    StepOutcome wired = step.reconcile(third.recheck().carrying(waiting.carried()));

    assertThat(looks).hasSize(1);
    assertThat(wired).isNotInstanceOf(StepOutcome.Fail.class);
    assertThat(cloud.storageCredentials()).hasSize(2);
    assertThat(cloud.writes).filteredOn(w -> w.startsWith("PUT metastore")).hasSize(1);
  }

  @Test
  void failsWhenTheRegionHasNoMetastore() {
    cloud.addWorkspace(ws, "eastus", "Succeeded");

    StepOutcome outcome = bind(policy).reconcile(first.advanceTo(Step.BIND_METASTORE));

    assertThat(((StepOutcome.Fail) outcome).reason())
        .isEqualTo(
            "no metastore configured for region eastus; add <region>=<metastore id> to"
                + " LAKEWIRE_METASTORES");
    assertThat(cloud.writes).isEmpty();
  }

  @Test
  void aFailingValidationIsARecheckAndOnlyAPassingOneAdvancesWithAccessVerified() {
    workspaceWithConnector("westeurope");
    cloud.validationFailures.add("WRITE: AuthorizationPermissionMismatch");
    StepMessage m = first.advanceTo(Step.BIND_METASTORE);

    StepOutcome waiting = bind(policy).reconcile(m);
    StepOutcome done = bind(policy).reconcile(m.recheck());

    assertThat(waiting).isInstanceOf(StepOutcome.RecheckAfter.class);
    assertThat(((StepOutcome.RecheckAfter) waiting).reason())
        .contains("storage access not verified yet")
        .contains("AuthorizationPermissionMismatch");
    assertThat(done).isInstanceOf(StepOutcome.Advance.class);
    assertThat(((StepOutcome.Advance) done).accessVerified()).isTrue();
  }

  private BindMetastore bindOnTheClock() {
    return bindOnTheClock(cloud.workspaceMetastoresPort());
  }

  private BindMetastore bindOnTheClock(dev.lakewire.ports.WorkspaceMetastores workspaceMetastores) {
    return new BindMetastore(
        cloud.workspaces(),
        cloud.metastoreAssignmentsPort(),
        cloud.workspaceMembershipsPort(),
        workspaceMetastores,
        cloud.storageCredentialsPort(),
        cloud.externalLocationsPort(),
        cloud.accessConnectors(),
        cloud.storageAccounts(),
        cloud.roleAssignmentsPort(),
        policy,
        clock);
  }

  @Test
  void validationWaitsForTheGrantsExpectedPropagationThenReChecksOnlyValidatingEvery20Seconds() {
    workspaceWithConnector("westeurope");
    // assigned before: the step wires at once (a fresh assignment is looked for after its lag)
    cloud.assignMetastore(ws, TestWorld.METASTORE);
    Instant granted = clock.instant();
    StepMessage m =
        first
            .advanceTo(Step.BIND_METASTORE)
            .carrying(StepMessage.Carried.NONE.withRolesGrantedAt(granted));
    BindMetastore step = bindOnTheClock();
    cloud.validationFailures.add("a validation now would fail: it must not run");

    StepOutcome.RecheckAfter wired = (StepOutcome.RecheckAfter) step.reconcile(m);

    // everything created, no validation yet: the first look is when the grants are expected
    assertThat(cloud.storageCredentials()).isNotEmpty();
    assertThat(cloud.validationFailures).hasSize(1);
    assertThat(wired.exact()).isTrue();
    assertThat(wired.delay()).isEqualTo(ExpectedDelays.RBAC_DATA_PLANE);
    assertThat(wired.carried().storageWired()).isTrue();

    // at that time, still propagating: a short re-check, validating only
    clock.advance(wired.delay());
    cloud.validationFailures.clear();
    cloud.validationFailures.add("WRITE: AuthorizationPermissionMismatch");
    int writes = cloud.writes.size();
    StepMessage second = StepMessage.fromJson(m.recheck().carrying(wired.carried()).toJson());
    StepOutcome.RecheckAfter propagating = (StepOutcome.RecheckAfter) step.reconcile(second);

    assertThat(propagating.delay()).isEqualTo(ExpectedDelays.PROPAGATION_RECHECK);
    assertThat(propagating.exact()).isTrue();
    assertThat(cloud.writes).hasSize(writes);

    // then it passes: done, with accessVerified
    clock.advance(propagating.delay());
    StepOutcome done =
        step.reconcile(
            StepMessage.fromJson(second.recheck().carrying(propagating.carried()).toJson()));
    assertThat(((StepOutcome.Advance) done).accessVerified()).isTrue();
  }

  @Test
  void aFailureOtherThanPropagationOnAValidatingReCheckRunsTheWholeStepAgain() {
    workspaceWithConnector("westeurope");
    StepMessage m =
        first
            .advanceTo(Step.BIND_METASTORE)
            .carrying(StepMessage.Carried.NONE.withRolesGrantedAt(clock.instant()));
    BindMetastore step = bindOnTheClock();
    StepOutcome.RecheckAfter wired = (StepOutcome.RecheckAfter) step.reconcile(m);
    clock.advance(wired.delay());
    // someone raised the firewall meanwhile: not propagation, so ARM is looked at again
    cloud.denyStorageNetworks(TestWorld.STORAGE);
    for (int i = 0; i < 8; i++) { // every check of the re-check, then of the whole step
      cloud.validationFailures.add("READ: AuthorizationFailure");
    }

    StepOutcome outcome = step.reconcile(m.recheck().carrying(wired.carried()));

    assertThat(outcome).isInstanceOf(StepOutcome.Fail.class);
    assertThat(((StepOutcome.Fail) outcome).reason()).contains("resourceAccessRules");
  }

  @Test
  void aStorageFirewallFailsNamingTheRuleUnlessThePolicyAddsIt() {
    workspaceWithConnector("westeurope");
    cloud.denyStorageNetworks(TestWorld.STORAGE);
    String connector = Names.accessConnectorId(WorkspaceRef.parse("id", ws), "-uc");

    StepOutcome refused = bind(policy).reconcile(first.advanceTo(Step.BIND_METASTORE));

    assertThat(((StepOutcome.Fail) refused).reason())
        .contains("resourceAccessRules")
        .contains(connector)
        .contains("LAKEWIRE_STORAGE_FIREWALL=add-rule");
    assertThat(cloud.storageCredentials()).isEmpty();

    Map<String, String> settings = new java.util.HashMap<>(TestWorld.defaultSettings());
    settings.put(OnboardingPolicy.STORAGE_FIREWALL, "add-rule");
    StepOutcome added =
        bind(OnboardingPolicy.fromSettings(settings))
            .reconcile(first.advanceTo(Step.BIND_METASTORE));

    assertThat(added).isInstanceOf(StepOutcome.Advance.class);
    assertThat(cloud.storageAccounts().find(TestWorld.STORAGE).orElseThrow().resourceAccessRules())
        .containsExactly(connector, TestWorld.SHARED_CONNECTOR);
  }

  @Test
  void thePerWorkspaceLayoutMakesIsolatedLocationsInTheWorkspacesFolder() {
    workspaceWithConnector("westeurope");
    Map<String, String> settings = new java.util.HashMap<>(TestWorld.defaultSettings());
    settings.put(OnboardingPolicy.LOCATION_LAYOUT, "per-workspace");

    bind(OnboardingPolicy.fromSettings(settings)).reconcile(first.advanceTo(Step.BIND_METASTORE));

    WorkspaceRef ref = WorkspaceRef.parse("id", ws);
    assertThat(cloud.storageCredentials()).containsOnlyKeys(Names.storageCredential(ref));
    assertThat(cloud.externalLocations())
        .containsEntry(
            Names.externalLocation("lake", "raw", ref),
            "abfss://raw@lake.dfs.core.windows.net/" + Names.workspacePath(ref));
    assertThat(cloud.isolatedLocations).hasSize(2);
  }

  /**
   * Step 1 run twice on a provisioned workspace: the second run finds the connector the first
   * created, as a later run does.
   */
  private StepOutcome.Advance connectorThatAlreadyExisted() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    createConnector().reconcile(first);
    return (StepOutcome.Advance) createConnector().reconcile(first);
  }
}

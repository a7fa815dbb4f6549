package dev.lakewire.onboarding.step;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.ManualClock;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.BuiltInRole;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.policy.StoragePolicy;
import dev.lakewire.ports.AccessConnector;
import dev.lakewire.ports.AccessConnectorSpec;
import dev.lakewire.ports.RoleAssignmentSpec;
import dev.lakewire.ports.Step;
import dev.lakewire.testing.FakeCloud;
import dev.lakewire.testing.TestWorld;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each offboarding step as a reconciler over port fakes: observe, compare, delete or do nothing.
 */
class OffboardingStepsTest {

  private static final String BLOB_CONTRIBUTOR = BuiltInRole.STORAGE_BLOB_DATA_CONTRIBUTOR.guid();
  private static final String BLOB_READER = BuiltInRole.STORAGE_BLOB_DATA_READER.guid();
  private static final String RAW = TestWorld.STORAGE + "/blobServices/default/containers/raw";

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final FakeCloud cloud = new FakeCloud(clock);
  private final OnboardingPolicy policy = policy(Map.of());
  private final String ws = TestWorld.workspaceId("analytics");
  private final WorkspaceRef ref = WorkspaceRef.parse("id", ws);
  private final String connectorId = Names.accessConnectorId(ref, "-uc");
  private final StepMessage onboard =
      StepMessage.first(ref, Step.CREATE_ACCESS_CONNECTOR, "c1", "test", 1);
  private final StepMessage offboard =
      StepMessage.first(ref, Step.REMOVE_STORAGE_ROLES, "c2", "test", 2);

  OffboardingStepsTest() {
    cloud.addStorageAccount(TestWorld.STORAGE, true);
    cloud.addReadyConnector(TestWorld.SHARED_CONNECTOR, "westeurope");
  }

  private static OnboardingPolicy policy(Map<String, String> overrides) {
    Map<String, String> s = new HashMap<>(TestWorld.defaultSettings());
    s.putAll(overrides);
    return OnboardingPolicy.fromSettings(s);
  }

  /** Steps 1 and 2 of onboarding: the connector and its roles; returns its principal. */
  private String onboarded(OnboardingPolicy p) {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    new CreateAccessConnector(cloud.workspaces(), cloud.accessConnectors(), p).reconcile(onboard);
    new AssignStorageRoles(
            cloud.accessConnectors(), cloud.storageAccounts(), cloud.roleAssignmentsPort(), p)
        .reconcile(onboard.advanceTo(Step.ASSIGN_STORAGE_ROLES));
    return cloud.accessConnectors().find(connectorId).orElseThrow().principalId();
  }

  private RemoveStorageRoles removeRoles(OnboardingPolicy p) {
    return new RemoveStorageRoles(cloud.accessConnectors(), cloud.roleAssignmentDeletionsPort(), p);
  }

  private RemoveAccessConnector removeConnector(OnboardingPolicy p) {
    return new RemoveAccessConnector(
        cloud.accessConnectors(),
        cloud.accessConnectorDeletionsPort(),
        cloud.roleAssignmentDeletionsPort(),
        p);
  }

  private RemoveCatalogObjects removeCatalog(OnboardingPolicy p) {
    return new RemoveCatalogObjects(cloud.workspaces(), cloud.catalogDeletionsPort(), p);
  }

  private List<RoleAssignmentSpec> rolesOf(String principal) {
    return cloud.roleAssignments().stream()
        .filter(r -> r.principalId().equalsIgnoreCase(principal))
        .toList();
  }

  private static RoleAssignmentSpec assignment(String scope, String principal, String role) {
    return new RoleAssignmentSpec(
        Names.roleAssignment(scope, principal, role), scope, principal, role);
  }

  @Test
  void removeStorageRolesDeletesTheConnectorPrincipalsAssignmentsOnEveryTargetScope() {
    String principal = onboarded(policy);
    assertThat(rolesOf(principal)).hasSize(2);
    // a role lakewire granted under an earlier policy goes too (its name is lakewire's)
    cloud.addRoleAssignment(assignment(RAW, principal, BLOB_READER));

    StepOutcome outcome = removeRoles(policy).reconcile(offboard);

    assertThat(outcome).isInstanceOf(StepOutcome.Advance.class);
    assertThat(((StepOutcome.Advance) outcome).summary()).startsWith("removed 3 storage role");
    assertThat(((StepOutcome.Advance) outcome).carried().principalId()).isEqualTo(principal);
    assertThat(rolesOf(principal)).isEmpty();
  }

  @Test
  void removeStorageRolesAlsoLooksAtTheStorageATagMayHaveChosen() {
    String finance =
        "/subscriptions/"
            + TestWorld.SUBSCRIPTION
            + "/resourceGroups/rg-lake/providers/Microsoft.Storage/storageAccounts/lakefinance";
    String gold = finance + "/blobServices/default/containers/gold";
    OnboardingPolicy tagged = policy(Map.of(OnboardingPolicy.TAG_STORAGE, finance + "=gold,*"));
    String principal = onboarded(tagged);
    // what steps 2 and 3 grant when the workspace's lakewire:storage tag chose lakefinance/gold
    cloud.addRoleAssignment(assignment(gold, principal, BLOB_CONTRIBUTOR));
    cloud.addRoleAssignment(assignment(finance, principal, BLOB_READER));

    removeRoles(tagged).reconcile(offboard);

    assertThat(RemoveStorageRoles.scopes(tagged)).contains(RAW, gold, finance);
    assertThat(rolesOf(principal)).isEmpty();
  }

  @Test
  void removeStorageRolesLeavesUnrelatedAssignmentsAndANameReusedForAnotherPrincipal() {
    String principal = onboarded(policy);
    String someone = UUID.randomUUID().toString();
    cloud.addRoleAssignment(assignment(TestWorld.STORAGE, someone, BLOB_READER));
    // someone reused lakewire's name for the reader role of this principal with another principal
    String reused = Names.roleAssignment(RAW, principal, BLOB_READER);
    cloud.addRoleAssignment(new RoleAssignmentSpec(reused, RAW, someone, BLOB_READER));

    removeRoles(policy).reconcile(offboard);

    assertThat(rolesOf(principal)).isEmpty();
    assertThat(rolesOf(someone)).hasSize(2);
  }

  @Test
  void removeStorageRolesRemovesNothingFromAConnectorThatIsNotLakewiresForThisWorkspace() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    // a connector under this workspace's name, tagged for another workspace
    cloud
        .accessConnectors()
        .create(
            new AccessConnectorSpec(
                connectorId,
                "westeurope",
                null,
                ConnectorOwnership.tagsFor(
                    WorkspaceRef.parse("id", TestWorld.workspaceId("other")))));
    String principal = cloud.accessConnectors().find(connectorId).orElseThrow().principalId();
    cloud.addRoleAssignment(assignment(RAW, principal, BLOB_CONTRIBUTOR));
    cloud.writes.clear();

    StepOutcome roles = removeRoles(policy).reconcile(offboard);
    StepOutcome connector =
        removeConnector(policy).reconcile(offboard.advanceTo(Step.REMOVE_ACCESS_CONNECTOR));

    assertThat(((StepOutcome.Advance) roles).summary()).startsWith("removed nothing");
    assertThat(((StepOutcome.Advance) connector).summary()).startsWith("removed nothing");
    assertThat(cloud.writes).isEmpty();
    assertThat(rolesOf(principal)).hasSize(1);
    assertThat(cloud.accessConnectors().find(connectorId)).isPresent();
  }

  @Test
  void removeStorageRolesKeepsTheRolesOfASharedUserAssignedIdentity() {
    String uami =
        "/subscriptions/"
            + TestWorld.SUBSCRIPTION
            + "/resourceGroups/rg-lakewire/providers/Microsoft.ManagedIdentity/"
            + "userAssignedIdentities/lakewire-connectors";
    OnboardingPolicy shared = policy(Map.of(OnboardingPolicy.CONNECTOR_IDENTITY, uami));
    onboarded(shared);
    int roles = cloud.roleAssignments().size();
    cloud.writes.clear();

    StepOutcome outcome = removeRoles(shared).reconcile(offboard);

    assertThat(((StepOutcome.Advance) outcome).summary()).contains("every workspace");
    assertThat(cloud.roleAssignments()).hasSize(roles);
    assertThat(cloud.writes).isEmpty();
  }

  @Test
  void removeStorageRolesUsesThePrincipalAnEarlierPassCarriedOnceTheConnectorIsGone() {
    String principal = onboarded(policy);
    AccessConnector connector = cloud.accessConnectors().find(connectorId).orElseThrow();
    cloud
        .accessConnectorDeletionsPort()
        .connectors()
        .delete(new AccessConnectorSpec(connectorId, "westeurope", null, Map.of()), connector);

    StepOutcome withoutPrincipal = removeRoles(policy).reconcile(offboard);
    assertThat(rolesOf(principal)).hasSize(2);
    StepOutcome withPrincipal =
        removeRoles(policy)
            .reconcile(offboard.carrying(StepMessage.Carried.NONE.withPrincipal(principal)));

    assertThat(((StepOutcome.Advance) withoutPrincipal).summary()).contains("does not exist");
    assertThat(((StepOutcome.Advance) withPrincipal).summary()).startsWith("removed 2");
    assertThat(rolesOf(principal)).isEmpty();
  }

  @Test
  void removeAccessConnectorDeletesLakewiresContributorOnItBeforeTheConnector() {
    onboarded(policy);
    cloud.addRoleAssignment(assignment(connectorId, TestWorld.SELF, BindMetastore.CONTRIBUTOR));
    cloud.writes.clear();

    StepOutcome outcome =
        removeConnector(policy).reconcile(offboard.advanceTo(Step.REMOVE_ACCESS_CONNECTOR));

    assertThat(outcome).isInstanceOf(StepOutcome.Advance.class);
    assertThat(cloud.accessConnectors().find(connectorId)).isEmpty();
    assertThat(rolesOf(TestWorld.SELF)).isEmpty();
    // the data roles were still there (step 1 skipped here): swept before the connector went
    assertThat(cloud.writes).last().asString().isEqualTo("DELETE connector " + connectorId);
    assertThat(cloud.writes)
        .contains("DELETE roleAssignment " + connectorId + " " + BindMetastore.CONTRIBUTOR);
    // (the shared connector's data roles, granted once per process by step 2, stay)
    String shared =
        cloud.accessConnectors().find(TestWorld.SHARED_CONNECTOR).orElseThrow().principalId();
    assertThat(cloud.roleAssignments())
        .noneMatch(
            r ->
                r.scope().equalsIgnoreCase(RAW)
                    && !r.principalId().equals(TestWorld.SELF)
                    && !r.principalId().equals(shared));
  }

  @Test
  void removeAccessConnectorTwiceIsHarmlessAndAMissingConnectorIsDone() {
    onboarded(policy);
    StepMessage third = offboard.advanceTo(Step.REMOVE_ACCESS_CONNECTOR);
    removeConnector(policy).reconcile(third);
    cloud.writes.clear();

    StepOutcome again = removeConnector(policy).reconcile(third);

    assertThat(((StepOutcome.Advance) again).summary()).endsWith("is gone");
    assertThat(cloud.writes).isEmpty();
  }

  @Test
  void removeCatalogObjectsKeepsThemInTheSharedLayoutAndByDefault() {
    StepMessage second = offboard.advanceTo(Step.REMOVE_CATALOG_OBJECTS);
    OnboardingPolicy perWorkspace =
        policy(Map.of(OnboardingPolicy.LOCATION_LAYOUT, "per-workspace"));

    StepOutcome shared = removeCatalog(policy).reconcile(second);
    StepOutcome keep = removeCatalog(perWorkspace).reconcile(second);

    assertThat(((StepOutcome.Advance) shared).summary()).contains("serve every workspace");
    assertThat(((StepOutcome.Advance) keep).summary())
        .contains(StoragePolicy.OFFBOARD_CATALOG_OBJECTS + "=keep");
    assertThat(cloud.writes).isEmpty();
  }

  @Test
  void removeCatalogObjectsDeletesTheLocationsBeforeTheCredentialWhileTheWorkspaceExists() {
    OnboardingPolicy remove =
        policy(
            Map.of(
                OnboardingPolicy.LOCATION_LAYOUT,
                "per-workspace",
                StoragePolicy.OFFBOARD_CATALOG_OBJECTS,
                "remove"));
    onboarded(remove);
    new BindMetastore(
            cloud.workspaces(),
            cloud.metastoreAssignmentsPort(),
            cloud.workspaceMembershipsPort(),
            cloud.workspaceMetastoresPort(),
            cloud.storageCredentialsPort(),
            cloud.externalLocationsPort(),
            cloud.accessConnectors(),
            cloud.storageAccounts(),
            cloud.roleAssignmentsPort(),
            remove,
            java.time.Clock.systemUTC())
        .reconcile(onboard.advanceTo(Step.BIND_METASTORE));
    assertThat(cloud.storageCredentials()).containsKey(Names.storageCredential(ref));
    assertThat(cloud.externalLocations()).hasSize(2);
    cloud.writes.clear();
    StepMessage second = offboard.advanceTo(Step.REMOVE_CATALOG_OBJECTS);

    StepOutcome outcome = removeCatalog(remove).reconcile(second);
    StepOutcome again = removeCatalog(remove).reconcile(second);

    assertThat(((StepOutcome.Advance) outcome).summary())
        .startsWith("removed 2 external locations and 1 storage credential");
    assertThat(((StepOutcome.Advance) again).summary())
        .startsWith("removed 0 external locations and 0 storage credential");
    assertThat(cloud.writes)
        .extracting(w -> w.substring(0, w.lastIndexOf(' ')))
        .containsExactly(
            "DELETE external-location", "DELETE external-location", "DELETE storage-credential");
    assertThat(cloud.storageCredentials()).isEmpty();
    assertThat(cloud.externalLocations()).isEmpty();
  }

  @Test
  void removeCatalogObjectsKeepsThemWhenTheWorkspaceIsAlreadyDeleted() {
    OnboardingPolicy remove =
        policy(
            Map.of(
                OnboardingPolicy.LOCATION_LAYOUT,
                "per-workspace",
                StoragePolicy.OFFBOARD_CATALOG_OBJECTS,
                "remove"));

    StepOutcome outcome =
        removeCatalog(remove).reconcile(offboard.advanceTo(Step.REMOVE_CATALOG_OBJECTS));

    assertThat(((StepOutcome.Advance) outcome).summary())
        .contains("the workspace is deleted")
        .contains("offboard by HTTP before deleting");
    assertThat(cloud.writes).isEmpty();
  }

  @Test
  void anInvalidOffboardCatalogSettingIsAnErrorNamingIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> policy(Map.of(StoragePolicy.OFFBOARD_CATALOG_OBJECTS, "purge")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("LAKEWIRE_OFFBOARD_CATALOG_OBJECTS: 'purge' is neither keep nor remove");
  }
}

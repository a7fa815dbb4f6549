package dev.lakewire.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import dev.lakewire.azure.ArmClients;
import dev.lakewire.azure.ArmStorageAccounts;
import dev.lakewire.azure.ArmWorkspaces;
import dev.lakewire.databricks.UnityCatalogExternalLocations;
import dev.lakewire.databricks.UnityCatalogStorageCredentials;
import dev.lakewire.databricks.WorkspaceClients;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.worker.Onboarding;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.ExternalLocation;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.OnboardingRecord.Status;
import dev.lakewire.ports.Reconciler;
import dev.lakewire.ports.StorageCredential;
import dev.lakewire.ports.Workspace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The storage rules of Azure and Databricks that the local cloud enforces by default, each shown
 * against what lakewire did before (which the rule now breaks) and what it does now (which
 * completes). The whole chain runs through the production adapters against the local cloud.
 *
 * <p>Sources of the rules: Contributor on the connector — databricks/cli#1486 ("perform permission
 * check ... instead of role ID lookup") and terraform-provider-databricks#5768 ("requires
 * contributor role over access connector"); metastore-wide, case-insensitive names and
 * non-overlapping location URLs — Unity Catalog's {@code RESOURCE_ALREADY_EXISTS} and "overlaps
 * with an existing external location" errors; validation and RBAC propagation — Azure RBAC
 * troubleshooting ("role assignment changes can take up to 10 minutes", learn.microsoft.com
 * /azure/role-based-access-control/troubleshooting) and the {@code validate-storage-credentials}
 * API; storage firewall — Azure Storage "Grant access from Azure resource instances" ({@code
 * networkAcls.resourceAccessRules}).
 */
class StorageRulesTest {

  private static final String SUB = "33333333-3333-3333-3333-333333333333";
  private static final String WEU = "33333333-aaaa-4aaa-8aaa-000000000001";
  private static final String CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c";

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final LocalCloud cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock));
  private final TokenCredential credential = new ManagedIdentityCredentialBuilder().build();
  private final ArmClients arm = new ArmClients(credential, cloud.armEndpoint(), clock);
  private final WorkspaceClients databricks =
      WorkspaceClients.create(
          credential,
          clock,
          3,
          Duration.ZERO,
          LocalCloud.DATABRICKS_DOMAIN,
          cloud.databricksTransport());
  private final String storage =
      cloud.addStorageAccount(SUB, "rg-lake", "stlake", "westeurope", true);
  private final Map<String, String> infra = LakewireInfra.seed(cloud, SUB, "westeurope");
  private final InMemoryLedger ledger = new InMemoryLedger();
  private InMemoryServiceBus bus;
  private Onboarding onboarding;

  StorageRulesTest() {
    // lakewire is an account admin of the Databricks account (docs/deploy.md 3.1)
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
    LocalChain chain = LocalChain.wire(cloud, clock, ledger, settings).deliveringSteps();
    bus = chain.bus();
    onboarding = chain.onboarding();
  }

  /** Starts onboarding for workspaces ({@code rg/name}) and returns their ids. */
  private List<String> start(String... workspaces) {
    List<String> ids = new ArrayList<>();
    for (String w : workspaces) {
      String[] at = w.split("/");
      String id = cloud.addWorkspace(SUB, at[0], at[1], "westeurope", "Succeeded");
      ids.add(id);
      onboarding.kickoff().start("application/json", "{\"workspaceResourceId\":\"" + id + "\"}");
    }
    return ids;
  }

  private List<String> onboard(String... workspaces) {
    List<String> ids = start(workspaces);
    bus.runUntilIdle(clock, Duration.ofHours(3));
    return ids;
  }

  private OnboardingRecord record(String id) {
    return ledger.find(id).orElseThrow();
  }

  private Workspace workspace(String id) {
    return new ArmWorkspaces(arm).find(id).orElseThrow();
  }

  private static String connectorOf(String workspaceId) {
    return Names.accessConnectorId(WorkspaceRef.parse("id", workspaceId), "-uc");
  }

  /** The storage credential name lakewire derived before: from the connector name alone. */
  private static String oldCredentialName(String workspaceId) {
    String connector = connectorOf(workspaceId);
    return connector
        .substring(connector.lastIndexOf('/') + 1)
        .toLowerCase(Locale.ROOT)
        .replace('-', '_');
  }

  // ------------------------------------------------------------------------------ names

  @Test
  void sameNamesInOtherResourceGroupsOrDifferingByCaseOrDashEachGetTheirOwnCredential() {
    wire(Map.of());
    List<String> ids =
        onboard(
            "rg-a/analytics",
            "rg-b/analytics",
            "rg-c/Analytics",
            "rg-a/data-lake",
            "rg-a/data_lake");

    assertThat(ids).allSatisfy(id -> assertThat(record(id).status()).isEqualTo(Status.COMPLETED));
    assertThat(ids).allSatisfy(id -> assertThat(record(id).accessVerified()).isTrue());
    assertThat(cloud.storageCredentials(WEU))
        .hasSize(ids.size() + 1)
        .containsAll(
            ids.stream().map(id -> Names.storageCredential(WorkspaceRef.parse("id", id))).toList());
  }

  @Test
  void theOldNamesCollideInTheMetastoreCaseInsensitively() {
    wire(Map.of());
    List<String> ids = onboard("rg-a/analytics", "rg-c/Analytics");
    assertThat(oldCredentialName(ids.get(0))).isEqualTo("analytics_uc");
    assertThat(oldCredentialName(ids.get(1))).isEqualTo("analytics_uc");
    assertThat(oldCredentialName(ids.get(0)))
        .isEqualTo(oldCredentialName(ids.get(0).replace("analytics", "Analytics")));
    UnityCatalogStorageCredentials credentials = new UnityCatalogStorageCredentials(databricks);
    Reconciler.reconcile(
        credentials,
        StorageCredential.desired(
            workspace(ids.get(0)), "Analytics_UC", connectorOf(ids.get(0)), null));

    // the second workspace's credential under the old name: the name is taken (any case)
    assertThatThrownBy(
            () ->
                Reconciler.reconcile(
                    credentials,
                    StorageCredential.desired(
                        workspace(ids.get(1)), "analytics_uc", connectorOf(ids.get(1)), null)))
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining(connectorOf(ids.get(0)));
  }

  // ------------------------------------------------------------------------------ Contributor

  @Test
  void registeringAConnectorAsACredentialNeedsContributorOnIt() {
    wire(Map.of());
    String ws = onboard("rg-data/sales").get(0);
    String other = cloud.addAccessConnector(SUB, "rg-data", "other-uc", "westeurope");

    // before: lakewire created the credential without holding any role on the connector
    assertThatThrownBy(
            () ->
                Reconciler.reconcile(
                    new UnityCatalogStorageCredentials(databricks),
                    StorageCredential.desired(workspace(ws), "other_cred", other, null)))
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("requires the contributor role over the corresponding access");
    // now: lakewire assigns itself Contributor on exactly the connector it registers
    assertThat(record(ws).status()).isEqualTo(Status.COMPLETED);
    assertThat(
            cloud.hasRoleAssignment(
                connectorOf(ws), infra.get(OnboardingPolicy.IDENTITY_PRINCIPAL_ID), CONTRIBUTOR))
        .isTrue();
  }

  // ------------------------------------------------------------------------------ propagation

  @Test
  void completesOnlyOnceTheGrantsReachTheStorageDataPlane() {
    wire(Map.of());
    String ws = start("rg-data/sales").get(0);

    bus.runUntilIdle(clock, Duration.ofMinutes(3));

    // what lakewire used to report COMPLETED at this point: locations that cannot reach storage
    assertThat(cloud.externalLocations(WEU)).containsKey("lakewire_stlake_raw");
    assertThat(cloud.externalLocationAccessFailure(WEU, "lakewire_stlake_raw"))
        .hasValueSatisfying(f -> assertThat(f).contains("AuthorizationPermissionMismatch"));
    assertThat(record(ws).status()).isEqualTo(Status.WAITING);
    // validation waits for the grants' expected propagation (5 minutes) instead of failing early
    assertThat(record(ws).lastError()).contains("validating storage access at");

    bus.runUntilIdle(clock, Duration.ofHours(3));

    assertThat(record(ws).status()).isEqualTo(Status.COMPLETED);
    assertThat(record(ws).accessVerified()).isTrue();
    assertThat(cloud.externalLocationAccessFailure(WEU, "lakewire_stlake_raw")).isEmpty();
    Instant lastGrant =
        cloud.requests().stream()
            .filter(r -> r.method().equals("PUT") && r.path().contains("roleAssignments"))
            // the data roles on the storage (lakewire's Contributor on the connector is a
            // control-plane role Databricks looks up at once)
            .filter(r -> r.path().contains("Microsoft.Storage/storageAccounts"))
            .filter(r -> r.status() == 201)
            .map(r -> r.at())
            .max(Instant::compareTo)
            .orElseThrow();
    assertThat(record(ws).lastUpdated()).isAfterOrEqualTo(lastGrant.plus(Duration.ofMinutes(5)));
  }

  // ------------------------------------------------------------------------------ firewall

  @Test
  void aStorageFirewallWithoutARuleForTheConnectorFailsNamingTheRuleToAdd() {
    cloud.setStorageFirewall(storage, true);
    wire(Map.of());

    String ws = onboard("rg-data/sales").get(0);

    assertThat(record(ws).status()).isEqualTo(Status.FAILED);
    assertThat(record(ws).lastError())
        .contains("networkAcls.resourceAccessRules")
        .contains("Microsoft.Databricks/accessConnectors")
        .contains(connectorOf(ws))
        .contains(OnboardingPolicy.STORAGE_FIREWALL + "=add-rule");
    assertThat(record(ws).accessVerified()).isNull();
  }

  @Test
  void withAddRuleLakewireAddsAResourceAccessRuleForEachConnectorAndCompletes() {
    cloud.setStorageFirewall(storage, true);
    wire(Map.of(OnboardingPolicy.STORAGE_FIREWALL, "add-rule"));

    String ws = onboard("rg-data/sales").get(0);

    assertThat(record(ws).status()).isEqualTo(Status.COMPLETED);
    assertThat(record(ws).accessVerified()).isTrue();
    assertThat(new ArmStorageAccounts(arm).find(storage).orElseThrow().resourceAccessRules())
        .containsExactlyInAnyOrder(
            connectorOf(ws), infra.get(OnboardingPolicy.SHARED_ACCESS_CONNECTOR));
  }

  @Test
  void behindAFirewallTheOldUnvalidatedLocationCannotReachTheStorage() {
    wire(Map.of());
    String ws = onboard("rg-data/sales").get(0);

    cloud.setStorageFirewall(storage, true);

    // a location created with skip_validation and never validated, as lakewire used to do
    assertThat(cloud.externalLocationAccessFailure(WEU, "lakewire_stlake_raw"))
        .hasValueSatisfying(f -> assertThat(f).contains("AuthorizationFailure"));
    assertThat(
            new UnityCatalogStorageCredentials(databricks)
                .validate(
                    workspace(ws),
                    Names.sharedStorageCredential(
                        infra.get(OnboardingPolicy.SHARED_ACCESS_CONNECTOR)),
                    "lakewire_stlake_raw",
                    null))
        .isNotEmpty();
  }

  @Test
  void aFirewallRaisedAfterOnboardingIsFoundWhenTheWorkspaceIsRunAgain() {
    wire(Map.of());
    String ws = onboard("rg-data/sales").get(0);
    cloud.setStorageFirewall(storage, true);

    onboarding
        .reprocessor()
        .reprocess("{\"workspaceResourceId\":\"" + ws + "\",\"step\":\"BIND_METASTORE\"}");
    bus.runUntilIdle(clock, Duration.ofHours(3));

    // the credential and locations exist: validation fails with the firewall's error, and the
    // step looks at ARM for why instead of waiting for a propagation that will never come
    assertThat(record(ws).status()).isEqualTo(Status.FAILED);
    assertThat(record(ws).lastError())
        .contains("networkAcls.resourceAccessRules")
        .contains(connectorOf(ws));
  }

  // ------------------------------------------------------------------------------ layouts

  @Test
  void deletingTheFirstWorkspacesConnectorLeavesEveryOtherWorkspacesAccessUnderTheSharedLayout() {
    wire(Map.of());
    List<String> ids = onboard("rg-data/first", "rg-data/second", "rg-data/third");
    assertThat(ids).allSatisfy(id -> assertThat(record(id).status()).isEqualTo(Status.COMPLETED));

    cloud.deleteAccessConnector(connectorOf(ids.get(0)));

    UnityCatalogStorageCredentials credentials = new UnityCatalogStorageCredentials(databricks);
    String shared =
        Names.sharedStorageCredential(infra.get(OnboardingPolicy.SHARED_ACCESS_CONNECTOR));
    for (String id : ids.subList(1, ids.size())) {
      for (String location : List.of("lakewire_stlake_raw", "lakewire_stlake_curated")) {
        assertThat(credentials.validate(workspace(id), shared, location, null)).isEmpty();
      }
      assertThat(
              credentials.validate(
                  workspace(id),
                  Names.storageCredential(WorkspaceRef.parse("id", id)),
                  null,
                  "abfss://raw@stlake.dfs.core.windows.net/"))
          .isEmpty();
    }
    // what every location was bound to before: the first workspace's credential, now dead
    assertThat(
            credentials.validate(
                workspace(ids.get(1)),
                Names.storageCredential(WorkspaceRef.parse("id", ids.get(0))),
                null,
                "abfss://raw@stlake.dfs.core.windows.net/"))
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f).contains("does not exist"));
  }

  @Test
  void perWorkspaceLocationsAreIsolatedAndBoundToTheirOwnWorkspaceOnly() {
    wire(Map.of(OnboardingPolicy.LOCATION_LAYOUT, "per-workspace"));
    List<String> ids = onboard("rg-data/first", "rg-data/second");

    assertThat(ids).allSatisfy(id -> assertThat(record(id).status()).isEqualTo(Status.COMPLETED));
    assertThat(ids).allSatisfy(id -> assertThat(record(id).accessVerified()).isTrue());
    assertThat(cloud.externalLocations(WEU)).hasSize(2 * 2);
    String firstRaw = Names.externalLocation("stlake", "raw", WorkspaceRef.parse("id", ids.get(0)));
    assertThat(cloud.externalLocations(WEU).get(firstRaw))
        .startsWith("abfss://raw@stlake.dfs.core.windows.net/workspaces/first-");
    assertThat(cloud.externalLocationBindings(WEU, firstRaw))
        .containsExactly(Long.parseLong(workspace(ids.get(0)).workspaceId()));
    String firstCredential = Names.storageCredential(WorkspaceRef.parse("id", ids.get(0)));
    assertThatThrownBy(
            () ->
                new UnityCatalogStorageCredentials(databricks)
                    .validate(workspace(ids.get(1)), firstCredential, firstRaw, null))
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("not accessible in the current workspace");
  }

  // ------------------------------------------------------------------------------ ownership

  @Test
  void aLocationOfTheSameNameWithAnotherOwnerIsAPermanentErrorNamingBothNeverAdopted() {
    wire(Map.of());
    String first = onboard("rg-data/first").get(0);
    // someone else's location on lakewire's shared-location name, with the same URL
    String foreignConnector = cloud.addAccessConnector(SUB, "rg-x", "foreign-uc", "westeurope");
    cloud.addRoleAssignment(
        foreignConnector, infra.get(OnboardingPolicy.IDENTITY_PRINCIPAL_ID), CONTRIBUTOR);
    Workspace ws = workspace(first);
    databricks
        .client(ws)
        .storageCredentials()
        .create(
            new com.databricks.sdk.service.catalog.CreateStorageCredential()
                .setName("foreign")
                .setAzureManagedIdentity(
                    new com.databricks.sdk.service.catalog.AzureManagedIdentityRequest()
                        .setAccessConnectorId(foreignConnector)));
    databricks.client(ws).externalLocations().delete("lakewire_stlake_curated");
    databricks
        .client(ws)
        .externalLocations()
        .create(
            new com.databricks.sdk.service.catalog.CreateExternalLocation()
                .setName("lakewire_stlake_curated")
                .setUrl("abfss://curated@stlake.dfs.core.windows.net/")
                .setCredentialName("foreign")
                .setSkipValidation(true));

    String second = onboard("rg-data/second").get(0);

    assertThat(record(second).status()).isEqualTo(Status.FAILED);
    assertThat(record(second).lastError())
        .contains("lakewire_stlake_curated")
        .contains("credential foreign")
        .contains(
            Names.sharedStorageCredential(infra.get(OnboardingPolicy.SHARED_ACCESS_CONNECTOR)))
        .contains("never adopts");
    // the adapter refuses to take over a location that is on another credential
    assertThatThrownBy(
            () ->
                Reconciler.reconcile(
                    new UnityCatalogExternalLocations(databricks),
                    ExternalLocation.desired(
                        ws,
                        "lakewire_stlake_curated",
                        "abfss://curated@stlake.dfs.core.windows.net/",
                        Names.sharedStorageCredential(
                            infra.get(OnboardingPolicy.SHARED_ACCESS_CONNECTOR)),
                        false)))
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("foreign");
  }
}

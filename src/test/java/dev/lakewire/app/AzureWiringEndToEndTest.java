package dev.lakewire.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.identity.ManagedIdentityCredentialBuilder;
import dev.lakewire.azure.ArmAccessConnectors;
import dev.lakewire.azure.ArmClients;
import dev.lakewire.local.InMemoryLedger;
import dev.lakewire.local.LakewireInfra;
import dev.lakewire.local.LocalChain;
import dev.lakewire.local.ManualClock;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.Faults;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.local.cloud.LoggedRequest;
import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.worker.Onboarding;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.OnboardingRecord.Status;
import dev.lakewire.ports.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole chain on the production adapters (ARM, Databricks SDK, managed identity) against the
 * local cloud over HTTPS, with the in-memory Service Bus and ledger on one manual clock.
 */
class AzureWiringEndToEndTest {

  private static final String SUB = "11111111-1111-1111-1111-111111111111";
  private static final String WEU = "11111111-aaaa-4aaa-8aaa-000000000001";
  private static final String BLOB_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
  private static final String QUEUE_CONTRIBUTOR = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";

  /**
   * 2 containers x 2 roles for the workspace's connector and for the shared connector, lakewire's
   * Contributor on the workspace's connector, and the one infra gave it on the shared connector.
   */
  private static final int ROLE_ASSIGNMENTS = 2 * 2 + 2 * 2 + 1 + 1;

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final Instant start = clock.instant();
  private LocalCloud cloud = start(Faults.none());
  private String workspace;
  private String storage;
  private final InMemoryLedger ledger = new InMemoryLedger();
  private InMemoryServiceBus bus;
  private Onboarding onboarding;

  @AfterEach
  void stop() {
    cloud.close();
  }

  /** A cloud with 20 s connector provisioning and 30 s principal replication, ARM throttling on. */
  private LocalCloud start(Faults faults) {
    LocalCloud c =
        LocalCloud.start(
            CloudOptions.defaults()
                .withClock(clock)
                .withConnectorProvisioning(Duration.ofSeconds(20))
                .withPrincipalReplication(Duration.ofSeconds(30))
                .withFaults(faults));
    // lakewire is an account admin of the Databricks account, and nothing more
    c.addAccountServicePrincipal(LocalCloud.applicationIdFor(null), true);
    workspace = c.addWorkspace(SUB, "rg-data", "ws-sales", "westeurope", "Succeeded");
    storage = c.addStorageAccount(SUB, "rg-lake", "stlake", "westeurope", true);
    return c;
  }

  private void wire(Map<String, String> overrides) {
    Map<String, String> roles = new HashMap<>();
    roles.put(
        OnboardingPolicy.STORAGE_ROLES,
        "Storage Blob Data Contributor,Storage Queue Data Contributor");
    roles.putAll(overrides);
    Map<String, String> settings =
        LocalChain.settings(
            LakewireInfra.seed(cloud, SUB, "westeurope"),
            storage + "=raw,curated",
            "westeurope=" + WEU,
            roles);
    LocalChain chain = LocalChain.wire(cloud, clock, ledger, settings).deliveringSteps();
    bus = chain.bus();
    onboarding = chain.onboarding();
  }

  private void kickOff() {
    onboarding
        .kickoff()
        .start("application/json", "{\"workspaceResourceId\":\"" + workspace + "\"}");
    bus.runUntilIdle(clock, Duration.ofHours(1));
  }

  private List<LoggedRequest> writes() {
    return cloud.requests().stream()
        .filter(r -> !r.method().equals("GET") && !r.path().startsWith("/msi"))
        // validation reads the storage, it changes nothing
        .filter(r -> !r.path().endsWith("/validate-storage-credentials"))
        .toList();
  }

  @Test
  void aNewWorkspaceIsWiredToItsStorageAndMetastoreThroughTheRealAdapters() {
    cloud.addMetastore(WEU, "westeurope");
    wire(Map.of());

    kickOff();

    OnboardingRecord record = ledger.find(workspace).orElseThrow();
    assertThat(record.status()).isEqualTo(Status.COMPLETED);
    // the workspace's connector and the shared one infra provisioned
    assertThat(cloud.counts().accessConnectors()).isEqualTo(1 + 1);
    assertThat(cloud.counts().roleAssignments()).isEqualTo(ROLE_ASSIGNMENTS);
    assertThat(cloud.counts().metastoreAssignments()).isEqualTo(1);
    assertThat(cloud.counts().storageCredentials()).isEqualTo(2);
    assertThat(cloud.counts().externalLocations()).isEqualTo(2);
    assertThat(cloud.assignedMetastore(workspace)).contains(WEU);
    // lakewire joined the workspace through the account, as a user
    assertThat(cloud.workspaceMembership(workspace, LocalCloud.applicationIdFor(null)))
        .contains(List.of("USER"));
    // and waited (re-checks, no errors) until the workspace reported the new assignment
    assertThat(record.stepAttempts().get("BIND_METASTORE")).isGreaterThan(1);
    assertThat(cloud.storageCredentials(WEU))
        .containsExactlyInAnyOrder(
            Names.storageCredential(WorkspaceRef.parse("id", workspace)),
            Names.sharedStorageCredential(LakewireInfra.sharedConnectorId(SUB)));
    assertThat(cloud.externalLocations(WEU))
        .containsEntry("lakewire_stlake_raw", "abfss://raw@stlake.dfs.core.windows.net/")
        .containsEntry("lakewire_stlake_curated", "abfss://curated@stlake.dfs.core.windows.net/");
    assertThat(record.accessVerified()).isTrue();
    String connector =
        "/subscriptions/"
            + SUB
            + "/resourceGroups/rg-data/providers/"
            + "Microsoft.Databricks/accessConnectors/ws-sales-uc";
    String principal =
        new ArmAccessConnectors(
                new ArmClients(
                    new ManagedIdentityCredentialBuilder().build(), cloud.armEndpoint(), clock))
            .find(connector)
            .orElseThrow()
            .principalId();
    for (String container : List.of("raw", "curated")) {
      String scope = storage + "/blobServices/default/containers/" + container;
      assertThat(cloud.hasRoleAssignment(scope, principal, BLOB_CONTRIBUTOR)).isTrue();
      assertThat(cloud.hasRoleAssignment(scope, principal, QUEUE_CONTRIBUTOR)).isTrue();
    }
    // the connector took 20 s to provision and its principal 30 s more to replicate: the roles
    // step first looked when its principal was expected to be assignable, and granted at once
    assertThat(record.stepAttempts().get("ASSIGN_STORAGE_ROLES")).isEqualTo(1);
    assertThat(Duration.between(start, clock.instant())).isGreaterThan(Duration.ofSeconds(50));
    assertThat(bus.deadLetters()).isEmpty();
    assertThat(cloud.retryAfterViolations()).isEmpty();
    // Workspace-level Databricks calls went to the workspace's own host (adb-<id>.<n>.<local
    // domain>), account calls to the accounts host; the local run alone resolves both to the cloud
    assertThat(
            cloud.requests().stream()
                .filter(r -> r.path().startsWith("/api/2.0/accounts/"))
                .map(r -> r.headers().get("host")))
        .isNotEmpty()
        .containsOnly("accounts." + LocalCloud.DATABRICKS_DOMAIN);
    assertThat(
            cloud.requests().stream()
                .filter(
                    r ->
                        r.path().startsWith("/api/") && !r.path().startsWith("/api/2.0/accounts/")))
        .isNotEmpty()
        .allSatisfy(
            r ->
                assertThat(r.headers().get("host"))
                    .matches(
                        "adb-\\d+\\.\\d\\."
                            + LocalCloud.DATABRICKS_DOMAIN.replace(".", "\\.")
                            + "(:\\d+)?"));
  }

  @Test
  void underThrottleStormsTheChainCompletesWithoutAnyRequestBeforeItsRetryAfter() {
    cloud.close();
    // throttle storms only; with this seed they strike ARM and Databricks calls of the run
    cloud = start(new Faults(0, 0, true, Duration.ZERO, 1));
    cloud.addMetastore(WEU, "westeurope");
    wire(Map.of());

    kickOff();

    assertThat(ledger.find(workspace).orElseThrow().status()).isEqualTo(Status.COMPLETED);
    assertThat(cloud.stats().throttled()).isPositive();
    assertThat(cloud.retryAfterViolations()).isEmpty();
    assertThat(cloud.counts().roleAssignments()).isEqualTo(ROLE_ASSIGNMENTS);
    assertThat(cloud.counts().externalLocations()).isEqualTo(2);
  }

  @Test
  void runningTheChainAgainCreatesNothingOnlyRePutsTheRoleAssignmentsIdempotently() {
    cloud.addMetastore(WEU, "westeurope");
    wire(Map.of());
    kickOff();
    int writesAfterFirstRun = writes().size();

    kickOff();

    assertThat(ledger.find(workspace).orElseThrow().status()).isEqualTo(Status.COMPLETED);
    // the workspace connector's 4 storage roles are PUT again without a GET first (issue 11): ARM
    // answers 200, same object; lakewire's own Contributor and the shared roles are not re-sent
    List<LoggedRequest> again = writes().subList(writesAfterFirstRun, writes().size());
    assertThat(again)
        .hasSize(4)
        .allSatisfy(
            r -> {
              assertThat(r.method()).isEqualTo("PUT");
              assertThat(r.path()).contains("/providers/Microsoft.Authorization/roleAssignments/");
              assertThat(r.status()).isEqualTo(200);
            });
    assertThat(cloud.counts().roleAssignments()).isEqualTo(ROLE_ASSIGNMENTS);
    assertThat(cloud.counts().externalLocations()).isEqualTo(2);
  }

  @Test
  void aMetastoreAlreadyAssignedByAzureIsKeptWhenItIsTheConfiguredOne() {
    cloud.addMetastore(WEU, "westeurope");
    cloud.assignMetastoreDirectly(workspace, WEU);
    wire(Map.of());

    kickOff();

    assertThat(ledger.find(workspace).orElseThrow().status()).isEqualTo(Status.COMPLETED);
    assertThat(
            cloud.requests().stream()
                .filter(r -> !r.method().equals("GET") && r.path().contains("/metastore")))
        .isEmpty();
  }

  @Test
  void aDeniedRoleAssignmentStopsTheRunNamingTheMissingPermission() {
    cloud.addMetastore(WEU, "westeurope");
    cloud.denyRoleAssignmentWrites(storage, true);
    wire(Map.of());

    kickOff();

    OnboardingRecord record = ledger.find(workspace).orElseThrow();
    assertThat(record.status()).isEqualTo(Status.FAILED);
    assertThat(record.step()).isEqualTo(Step.ASSIGN_STORAGE_ROLES);
    assertThat(record.lastError()).contains("Microsoft.Authorization/roleAssignments/write");
    assertThat(bus.deadLetters()).hasSize(1);
    assertThat(cloud.counts().metastoreAssignments()).isZero();
  }
}

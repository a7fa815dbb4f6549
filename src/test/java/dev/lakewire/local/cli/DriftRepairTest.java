package dev.lakewire.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.Context;
import dev.lakewire.azure.ArmClients;
import dev.lakewire.function.DriftRepairFunction;
import dev.lakewire.function.LakewireFunction;
import dev.lakewire.local.LocalExecutionContext;
import dev.lakewire.local.cloud.Counts;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.local.cloud.LoggedRequest;
import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.policy.BuiltInRole;
import dev.lakewire.onboarding.worker.Sweep;
import dev.lakewire.ports.OnboardingRecord;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The {@code repairDrift} timer function and the sweep it runs, on the local cloud. */
class DriftRepairTest {

  /**
   * Deletes the Storage Blob Data Contributor assignment of a wired workspace's connector on a
   * container, through ARM (as someone would by hand), and returns its scope.
   */
  static String deleteDataRole(LocalWorld world, String workspace, String container) {
    LocalCloud cloud = world.cloud();
    String principal =
        cloud.accessConnectorPrincipal(CliCommandsTest.connectorOf(workspace)).orElseThrow();
    String scope =
        "/subscriptions/"
            + LocalWorld.SUBSCRIPTION
            + "/resourceGroups/rg-lake/providers/Microsoft.Storage/storageAccounts/lakedemo"
            + "/blobServices/default/containers/"
            + container;
    String role = BuiltInRole.parse("role", "Storage Blob Data Contributor").guid();
    assertThat(cloud.hasRoleAssignment(scope, principal, role)).isTrue();
    new ArmClients(LocalCloud.tokenCredential(null), cloud.armEndpoint(), world.clock())
        .authorization(LocalWorld.SUBSCRIPTION)
        .roleServiceClient()
        .getRoleAssignments()
        .deleteWithResponse(
            ArmClients.relative(scope),
            Names.roleAssignment(scope, principal, role),
            null,
            Context.NONE);
    assertThat(cloud.hasRoleAssignment(scope, principal, role)).isFalse();
    return scope;
  }

  @Test
  void theTimerSweepRepairsARemovedRoleAssignmentAndWritesNothingElse() {
    try (LocalWorld world = LocalWorld.start()) {
      Target target = Target.local(world);
      for (String ws : world.workspaces()) {
        Onboard.wireQuietly(target, ws);
      }
      String ws = world.workspaces().get(1);
      Counts wired = world.cloud().counts();
      String scope = deleteDataRole(world, ws, "raw");
      int from = world.cloud().requests().size();

      Onboard.Run run =
          new Onboard.Run(target, new PrintStream(OutputStream.nullOutputStream()), false);
      LakewireFunction.using(run.onboarding, DriftRepairFunction::new)
          .run("{}", new LocalExecutionContext("repairDrift", Logger.getLogger("test")));
      run.drain();

      String principal =
          world.cloud().accessConnectorPrincipal(CliCommandsTest.connectorOf(ws)).orElseThrow();
      assertThat(
              world
                  .cloud()
                  .hasRoleAssignment(
                      scope,
                      principal,
                      BuiltInRole.parse("role", "Storage Blob Data Contributor").guid()))
          .isTrue();
      assertThat(world.cloud().counts()).isEqualTo(wired);
      for (String w : world.workspaces()) {
        OnboardingRecord r = world.ledger().find(w).orElseThrow();
        assertThat(r.status()).isEqualTo(OnboardingRecord.Status.COMPLETED);
        assertThat(r.run()).as("each workspace got a new run").isEqualTo(2);
      }
      // Every write of the sweep left things as they were (200: the role assignment PUTs of the
      // reconcilers, which ARM answers 200 when the assignment is there) except one: the 201 of
      // the removed assignment, put back. Unity Catalog's validation POSTs only read.
      List<LoggedRequest> all = world.cloud().requests();
      List<LoggedRequest> writes =
          all.subList(from, all.size()).stream()
              .filter(r -> !r.method().equals("GET") && !r.path().contains("validate"))
              .toList();
      assertThat(writes).filteredOn(r -> r.status() != 200).hasSize(1);
      LoggedRequest created = writes.stream().filter(r -> r.status() != 200).findFirst().get();
      assertThat(created.status()).isEqualTo(201);
      assertThat(created.method()).isEqualTo("PUT");
      assertThat(created.path())
          .startsWith(scope + "/providers/Microsoft.Authorization/roleAssignments/");
      assertThat(writes)
          .allSatisfy(
              r ->
                  assertThat(r.path())
                      .contains("/providers/Microsoft.Authorization/roleAssignments/"));
    }
  }

  @Test
  void theSweepSpreadsItsKickoffsAsScheduledMessages() {
    try (LocalWorld world = LocalWorld.start()) {
      Target target = Target.local(world);
      Onboard.Run run =
          new Onboard.Run(target, new PrintStream(OutputStream.nullOutputStream()), false);
      Instant now = world.clock().instant();

      Sweep.Result result =
          run.onboarding
              .sweep()
              .run(
                  List.of(LocalWorld.SUBSCRIPTION),
                  Sweep.Mode.UNWIRED,
                  Duration.ofSeconds(2),
                  "sweep");

      assertThat(result.items())
          .extracting(Sweep.Item::startsAt)
          .containsExactly(now, now.plusSeconds(2), now.plusSeconds(4));
      // three messages on the bus: one visible now, the others scheduled for later
      assertThat(run.bus.pendingCount()).isEqualTo(3);
      assertThat(run.bus.receive()).isPresent();
      assertThat(run.bus.receive()).isEmpty();
    }
  }
}

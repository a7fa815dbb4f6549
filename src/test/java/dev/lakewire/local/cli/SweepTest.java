package dev.lakewire.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.worker.Sweep;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.OnboardingRecord.Status;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Which workspaces the sweep starts a run for ({@link Sweep}), on the local cloud's ARM list. */
class SweepTest {

  private static void record(LocalWorld world, String ws, Status status, Instant updated) {
    world
        .ledger()
        .save(
            OnboardingRecord.builder(ws)
                .step("BIND_METASTORE")
                .status(status)
                .attempts(1)
                .firstSeen(updated)
                .lastUpdated(updated)
                .correlationId("c")
                .run(1)
                .build());
  }

  @Test
  void startsTheUnwiredTheFailedAndTheStalledAndLeavesTheRest() {
    try (LocalWorld world = LocalWorld.start()) {
      String rg = "rg-analytics";
      String completed = world.workspaces().get(0);
      String waiting = world.workspaces().get(1);
      String failed = world.workspaces().get(2);
      String broken =
          world.cloud().addWorkspace(LocalWorld.SUBSCRIPTION, rg, "ws-004", "westeurope", "Failed");
      String stalled =
          world
              .cloud()
              .addWorkspace(LocalWorld.SUBSCRIPTION, rg, "ws-005", "westeurope", "Succeeded");
      String fresh =
          world
              .cloud()
              .addWorkspace(LocalWorld.SUBSCRIPTION, rg, "ws-006", "westeurope", "Updating");
      String tagged =
          world
              .cloud()
              .addWorkspace(LocalWorld.SUBSCRIPTION, rg, "ws-007", "westeurope", "Succeeded");
      Instant now = world.clock().instant();
      record(world, completed, Status.COMPLETED, now);
      record(world, tagged, Status.SKIPPED, now);
      record(world, waiting, Status.WAITING, now.minus(Duration.ofHours(1)));
      record(world, failed, Status.FAILED, now);
      record(world, stalled, Status.WAITING, now.minus(Sweep.STALLED).minusSeconds(1));
      Onboard.Run run =
          new Onboard.Run(
              Target.local(world), new PrintStream(OutputStream.nullOutputStream()), false);

      Sweep.Result unwired =
          run.onboarding
              .sweep()
              .run(List.of(LocalWorld.SUBSCRIPTION), Sweep.Mode.UNWIRED, Duration.ZERO, "t");

      assertThat(unwired.items())
          .extracting(Sweep.Item::workspaceResourceId, Sweep.Item::decision)
          .containsExactly(
              Assertions.tuple(completed, Sweep.Decision.WIRED),
              Assertions.tuple(waiting, Sweep.Decision.IN_PROGRESS),
              Assertions.tuple(failed, Sweep.Decision.STARTED),
              Assertions.tuple(broken, Sweep.Decision.UNUSABLE),
              Assertions.tuple(stalled, Sweep.Decision.STARTED),
              Assertions.tuple(fresh, Sweep.Decision.STARTED),
              Assertions.tuple(tagged, Sweep.Decision.WIRED));
      // each started one has a new run queued; the others' records are untouched
      assertThat(world.ledger().find(failed).map(OnboardingRecord::run)).contains(2);
      assertThat(world.ledger().find(stalled).map(OnboardingRecord::run)).contains(2);
      assertThat(world.ledger().find(fresh).map(OnboardingRecord::status)).contains(Status.PENDING);
      assertThat(world.ledger().find(completed).map(OnboardingRecord::run)).contains(1);
      assertThat(world.ledger().find(waiting).map(OnboardingRecord::run)).contains(1);
      assertThat(run.bus.pendingCount()).isEqualTo(3);

      Sweep.Result all =
          run.onboarding
              .sweep()
              .run(List.of(LocalWorld.SUBSCRIPTION), Sweep.Mode.ALL, Duration.ZERO, "t");
      // the completed and the skipped ones too now; the three just started are runs in progress
      assertThat(all.items())
          .filteredOn(i -> i.decision() == Sweep.Decision.STARTED)
          .extracting(Sweep.Item::workspaceResourceId)
          .containsExactly(completed, tagged);
    }
  }

  @Test
  void aSubscriptionOutsideTheAllowListOrNotAnIdIsRefusedBeforeAnythingIsListed() {
    try (LocalWorld world = LocalWorld.start()) {
      Onboard.Run run =
          new Onboard.Run(
              Target.local(world), new PrintStream(OutputStream.nullOutputStream()), false);
      int before = world.cloud().requests().size();

      for (String sub : List.of("00000000-0000-0000-0000-000000000001", "not-a-subscription")) {
        Assertions.assertThatThrownBy(
                () ->
                    run.onboarding
                        .sweep()
                        .run(
                            List.of(LocalWorld.SUBSCRIPTION, sub),
                            Sweep.Mode.ALL,
                            Duration.ZERO,
                            "t"))
            .isInstanceOf(InvalidInputException.class)
            .hasMessageStartingWith("subscription: ");
      }
      assertThat(world.cloud().requests()).hasSize(before);
      assertThat(world.ledger().list()).isEmpty();
    }
  }

  @Test
  void theProgressBarIsRedrawnInPlaceOnATerminal() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BackfillCommand.Progress bar =
        new BackfillCommand.Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
    String a = "/subscriptions/s/resourcegroups/rg/providers/microsoft.databricks/workspaces/a";
    String b = "/subscriptions/s/resourcegroups/rg/providers/microsoft.databricks/workspaces/b";
    bar.start(Set.of(a, b));
    Instant t = Instant.EPOCH;
    bar.written(record(a, Status.WAITING, t));
    bar.written(record(a, Status.COMPLETED, t));
    bar.written(record(a, Status.COMPLETED, t));
    bar.finish();

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .startsWith("\r[" + " ".repeat(30) + "] 0/2 onboarded")
        .contains("\r[" + "#".repeat(15) + " ".repeat(15) + "] 1/2 onboarded")
        .endsWith(System.lineSeparator())
        .doesNotContain("2/2");
    assertThat(out.split("\r")).hasSize(3);
  }

  private static OnboardingRecord record(String ws, Status status, Instant t) {
    return OnboardingRecord.builder(ws)
        .step("X")
        .status(status)
        .attempts(1)
        .firstSeen(t)
        .lastUpdated(t)
        .correlationId("c")
        .build();
  }
}

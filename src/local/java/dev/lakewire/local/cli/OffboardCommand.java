package dev.lakewire.local.cli;

import dev.lakewire.onboarding.WorkspaceRef;
import dev.lakewire.ports.OnboardingRecord;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lakewire offboard --workspace ID}: the offboarding chain for one workspace, in this
 * process (the CLI equivalent of {@code POST /api/offboard}).
 */
@Command(
    name = "offboard",
    mixinStandardHelpOptions = true,
    description =
        "Runs the offboarding chain for one workspace in this process: removes what lakewire"
            + " created for it (its role assignments, its access connector, and, where the layout"
            + " and LAKEWIRE_OFFBOARD_CATALOG_OBJECTS allow, its catalog objects), and only that;"
            + " against Azure (or --local), on an in-memory Service Bus, with the app's ledger;"
            + " prints a timeline. Exit code: 0 when the workspace is OFFBOARDED, 1 otherwise, 2 on"
            + " usage errors.")
final class OffboardCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin TargetOptions target = new TargetOptions();

  @Option(names = "--workspace", paramLabel = "ID", description = "the workspace's ARM id")
  String workspace;

  @Option(names = "--quiet", description = "no timeline, only the outcome")
  boolean quiet;

  PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  @Override
  public Integer call() {
    WorkspaceRef ws = TargetOptions.workspace(spec, "--workspace", workspace);
    return target.run(
        spec,
        t ->
            OnboardCommand.report(
                out, Onboard.offboard(t, ws, out, !quiet), ws, OnboardingRecord.Status.OFFBOARDED));
  }
}

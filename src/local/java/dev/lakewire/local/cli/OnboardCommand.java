package dev.lakewire.local.cli;

import dev.lakewire.onboarding.WorkspaceRef;
import dev.lakewire.ports.OnboardingRecord;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lakewire onboard --workspace ID} (and {@code lakewire offboard --workspace ID}, {@link
 * OffboardCommand}): a chain for one workspace, in this process.
 */
@Command(
    name = "onboard",
    mixinStandardHelpOptions = true,
    description =
        "Runs the onboarding chain for one workspace in this process: the production steps and"
            + " SDK adapters against Azure (or --local), step messages on an in-memory Service"
            + " Bus, re-checks on the wall clock (the local cloud's virtual clock with --local),"
            + " the app's ledger (LAKEWIRE_LEDGER_*); prints a timeline. Exit code: 0 when the"
            + " workspace is COMPLETED, 1 otherwise, 2 on usage errors.")
final class OnboardCommand implements Callable<Integer> {

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
        t -> report(out, Onboard.one(t, ws, out, !quiet), ws, OnboardingRecord.Status.COMPLETED));
  }

  static int report(
      PrintStream out,
      Optional<OnboardingRecord> record,
      WorkspaceRef ws,
      OnboardingRecord.Status wanted) {
    if (record.isEmpty()) {
      out.println(ws.id() + ": no ledger record (nothing was started)");
      return 1;
    }
    OnboardingRecord r = record.get();
    out.println(
        Onboard.shortName(r.workspaceResourceId())
            + " "
            + r.status()
            + " at "
            + r.step()
            + (r.lastError() == null ? "" : ": " + r.lastError()));
    return r.status() == wanted ? 0 : 1;
  }
}

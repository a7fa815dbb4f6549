package dev.lakewire.local.cli;

import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.ports.OnboardingRecord;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A chain for one workspace, in this process ({@link OnboardCommand}, {@link OffboardCommand}): the
 * options, the run and the one-line outcome they share.
 */
abstract class ChainCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin TargetOptions target = new TargetOptions();

  @Option(names = "--workspace", paramLabel = "ID", description = "the workspace's ARM id")
  String workspace;

  @Option(names = "--quiet", description = "no timeline, only the outcome")
  boolean quiet;

  PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  /** Runs the chain for {@code ws} on {@code t}; its ledger record afterwards. */
  abstract Optional<OnboardingRecord> runChain(Target t, WorkspaceRef ws);

  /** The status the chain ends in when it succeeds (exit code 0). */
  abstract OnboardingRecord.Status success();

  @Override
  public Integer call() {
    WorkspaceRef ws = TargetOptions.workspace(spec, "--workspace", workspace);
    return target.run(spec, t -> report(runChain(t, ws), ws));
  }

  private int report(Optional<OnboardingRecord> record, WorkspaceRef ws) {
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
    return r.status() == success() ? 0 : 1;
  }
}

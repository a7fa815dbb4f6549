package dev.lakewire.local.cli;

import dev.lakewire.onboarding.message.WorkspaceRef;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lakewire plan --workspace ID}: what each step would create or change; writes nothing. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Runs the onboarding steps for one workspace against Azure (or --local) with every write"
            + " captured instead of sent, and prints what each step would create or change. It"
            + " only reads: nothing is written to the cloud or the ledger, and storage validation"
            + " is not sent. Exit code: 0 when the plan gets through every step, 1 when a step"
            + " would fail or wait, 2 on usage errors.")
final class PlanCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin TargetOptions target = new TargetOptions();

  @Option(names = "--workspace", paramLabel = "ID", description = "the workspace's ARM id")
  String workspace;

  PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  @Override
  public Integer call() {
    WorkspaceRef ws = TargetOptions.workspace(spec, "--workspace", workspace);
    return target.run(spec, t -> print(Planner.plan(t, ws), ws));
  }

  private int print(Planner.Plan plan, WorkspaceRef ws) {
    out.println("lakewire plan: " + ws.id());
    String step = null;
    for (PlanningPorts.Change c : plan.changes()) {
      if (!c.step().equals(step)) {
        step = c.step();
        out.println(step);
      }
      out.println("  + " + c.what());
    }
    plan.stoppedAt()
        .ifPresent(
            s ->
                out.println(
                    (plan.failed() ? "would FAIL at " : "stops at ")
                        + s
                        + ": "
                        + plan.reason().orElse("")));
    if (plan.stoppedAt().isEmpty()) {
      plan.reason().ifPresent(out::println);
    }
    if (plan.changes().isEmpty()) {
      out.println(
          plan.stoppedAt().isEmpty()
              ? "no changes: every step's desired state holds"
              : "no changes before that");
    } else {
      out.println(plan.changes().size() + " change(s) planned; nothing was written");
    }
    return plan.stoppedAt().isEmpty() ? 0 : 1;
  }
}

package dev.lakewire.local.cli;

import dev.lakewire.onboarding.worker.Sweep;
import dev.lakewire.ports.OnboardingRecord;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lakewire backfill}: the sweep ({@link Sweep}, the same use case as the {@code repairDrift}
 * timer function) over the workspaces of the subscriptions, then their chains in this process.
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    description =
        "Lists the Databricks workspaces of the subscriptions (ARM, every page) and onboards"
            + " those not wired (no ledger record, or FAILED; --all: every one not in a run) in"
            + " this process, the same sweep as the repairDrift timer function. Kickoffs are"
            + " --spacing apart (scheduled messages), so that ARM's buckets are not burst."
            + " Progress bar on a terminal, plain lines otherwise. Exit code: 0 when every"
            + " started workspace COMPLETED, 1 otherwise, 2 on usage errors.")
final class BackfillCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin TargetOptions target = new TargetOptions();

  @Option(
      names = "--subscription",
      paramLabel = "S",
      description =
          "a subscription to sweep (repeatable; default: every one in"
              + " LAKEWIRE_ALLOWED_SUBSCRIPTIONS)")
  List<String> subscriptions = new ArrayList<>();

  @Option(names = "--all", description = "re-reconcile completed workspaces too")
  boolean all;

  @Option(
      names = "--spacing",
      paramLabel = "DURATION",
      description = "time between two kickoffs (ISO-8601, default PT2S)")
  Duration spacing = Sweep.DEFAULT_SPACING;

  @Option(names = "--plain", description = "plain progress lines even on a terminal")
  boolean plain;

  PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  /** Whether to draw a progress bar (a terminal); tests and pipes get plain lines. */
  boolean terminal = System.console() != null;

  @Override
  public Integer call() {
    if (spacing.isNegative()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--spacing must not be negative: " + spacing);
    }
    return target.run(spec, this::backfill);
  }

  private int backfill(Target t) {
    Progress progress = new Progress(out, terminal && !plain);
    Onboard.Run run = new Onboard.Run(t, out, false, progress::written);
    Sweep sweep = run.onboarding.sweep();
    List<String> subs = subscriptions.isEmpty() ? sweep.defaultSubscriptions() : subscriptions;
    Sweep.Result result =
        sweep.run(
            subs,
            all ? Sweep.Mode.ALL : Sweep.Mode.UNWIRED,
            spacing,
            "backfill",
            item -> {
              if (item.decision() != Sweep.Decision.STARTED) {
                progress.line(
                    Onboard.shortName(item.workspaceResourceId())
                        + " skipped: "
                        + item.decision().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + " ("
                        + item.reason()
                        + ")");
              }
            });
    Set<String> started = new LinkedHashSet<>();
    result.items().stream()
        .filter(i -> i.decision() == Sweep.Decision.STARTED)
        .forEach(i -> started.add(i.workspaceResourceId().toLowerCase(Locale.ROOT)));
    out.printf(
        "backfill: %d workspace(s) in %d subscription(s); %d to onboard, %d wired, %d in"
            + " progress, %d unusable%n",
        result.items().size(),
        result.subscriptions().size(),
        started.size(),
        result.count(Sweep.Decision.WIRED),
        result.count(Sweep.Decision.IN_PROGRESS),
        result.count(Sweep.Decision.UNUSABLE));
    progress.start(started);
    run.drain();
    progress.finish();
    int completed = 0;
    for (String id : started) {
      Optional<OnboardingRecord> r = t.ledger().find(id);
      if (r.isPresent() && r.get().status() == OnboardingRecord.Status.COMPLETED) {
        completed++;
      } else {
        out.println(
            Onboard.shortName(id)
                + " "
                + r.map(x -> x.status() + " at " + x.step() + ": " + x.lastError())
                    .orElse("no record"));
      }
    }
    out.printf("backfill: %d of %d onboarded%n", completed, started.size());
    return completed == started.size() ? 0 : 1;
  }

  /**
   * Progress of the started workspaces: a bar redrawn in place on a terminal, a line per finished
   * workspace otherwise; told of each ledger write (no extra reads of the ledger).
   */
  static final class Progress {
    private final PrintStream out;
    private final boolean bar;
    private Set<String> started;
    private final Set<String> done = new LinkedHashSet<>();

    Progress(PrintStream out, boolean bar) {
      this.out = out;
      this.bar = bar;
    }

    void line(String s) {
      out.println(s);
    }

    synchronized void start(Set<String> started) {
      this.started = started;
      draw();
    }

    /** A ledger record was written. */
    synchronized void written(OnboardingRecord r) {
      String id = r.workspaceResourceId().toLowerCase(Locale.ROOT);
      boolean finished =
          r.status() == OnboardingRecord.Status.COMPLETED
              || r.status() == OnboardingRecord.Status.FAILED;
      if (started == null || !started.contains(id) || !finished || !done.add(id)) {
        return;
      }
      if (bar) {
        draw();
      } else {
        out.println(
            "["
                + done.size()
                + "/"
                + started.size()
                + "] "
                + Onboard.shortName(id)
                + " "
                + r.status());
      }
    }

    private void draw() {
      if (!bar) {
        return;
      }
      int width = 30;
      int total = Math.max(1, started.size());
      int filled = done.size() * width / total;
      out.print(
          "\r["
              + "#".repeat(filled)
              + " ".repeat(width - filled)
              + "] "
              + done.size()
              + "/"
              + started.size()
              + " onboarded");
      out.flush();
    }

    synchronized void finish() {
      if (bar) {
        out.println();
      }
    }
  }
}

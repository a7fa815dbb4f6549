package dev.lakewire.local.cli;

import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.demo.TimelineLedger;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.worker.Onboarding;
import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.OnboardingRecord;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs onboarding chains in this process: the production use cases and adapters against the target,
 * step messages on an in-memory Service Bus (re-checks on the target's clock), the target's ledger
 * behind a timeline printer.
 */
final class Onboard {

  /** How long a chain may take before the command gives up (re-checks included). */
  static final Duration MAX_TIME = Duration.ofHours(2);

  /** Held so that java.util.logging keeps the levels (it holds loggers weakly). */
  private static final List<Logger> QUIET =
      List.of(
          Logger.getLogger("com.azure"),
          Logger.getLogger("com.microsoft.aad"),
          Logger.getLogger("com.databricks"),
          Logger.getLogger("dev.lakewire"),
          Logger.getLogger("lakewire"));

  private Onboard() {}

  /**
   * The timeline prints; the SDKs' and the production classes' logs would drown it. JVM-wide, so
   * only a command's own process calls it ({@link TargetOptions#open}), never a test's.
   */
  static void quietLogs() {
    for (Logger l : QUIET) {
      // failures reach the command, which prints them in one line
      l.setLevel(Level.OFF);
    }
  }

  /** A run of one or more workspaces on one bus. */
  static final class Run {
    final InMemoryServiceBus bus;
    final Onboarding onboarding;
    final OnboardingLedger ledger;
    private final Target target;

    Run(Target target, PrintStream out, boolean timeline) {
      this(target, out, timeline, record -> {});
    }

    /**
     * @param written told of every ledger record written (after the write)
     */
    Run(
        Target target,
        PrintStream out,
        boolean timeline,
        java.util.function.Consumer<OnboardingRecord> written) {
      this.target = target;
      this.bus = target.newBus();
      this.ledger =
          new TimelineLedger(
              new Observed(target.ledger(), written),
              out,
              target.clock(),
              System.nanoTime(),
              Onboard::shortName,
              timeline);
      this.onboarding = target.onboarding(bus, ledger);
      new dev.lakewire.local.LocalFunctionHost(
          onboarding, bus, target.reprocessQueue(), Logger.getLogger("lakewire.cli.functions"));
    }

    /** Delivers until the bus is empty (or the time limit). */
    boolean drain() {
      return target.drain(bus, MAX_TIME, 1);
    }
  }

  /**
   * Onboards one workspace to the end.
   *
   * @return its ledger record afterwards
   */
  static Optional<OnboardingRecord> one(
      Target target, WorkspaceRef ws, PrintStream out, boolean timeline) {
    Run run = new Run(target, out, timeline);
    run.onboarding
        .starter()
        .start(ws, Step.CREATE_ACCESS_CONNECTOR, "cli-" + UUID.randomUUID(), "cli");
    run.drain();
    return target.ledger().find(ws.id());
  }

  /**
   * Offboards one workspace to the end: the offboarding chain (a new run, as {@code POST
   * /api/offboard} starts it).
   *
   * @return its ledger record afterwards
   */
  static Optional<OnboardingRecord> offboard(
      Target target, WorkspaceRef ws, PrintStream out, boolean timeline) {
    Run run = new Run(target, out, timeline);
    run.onboarding
        .starter()
        .start(ws, Step.Chain.OFFBOARDING.first(), "cli-" + UUID.randomUUID(), "cli");
    run.drain();
    return target.ledger().find(ws.id());
  }

  /** A ledger that tells {@code written} of each record it writes. */
  private record Observed(
      OnboardingLedger delegate, java.util.function.Consumer<OnboardingRecord> written)
      implements OnboardingLedger {

    @Override
    public Optional<Versioned> read(String workspaceResourceId) {
      return delegate.read(workspaceResourceId);
    }

    @Override
    public boolean insert(OnboardingRecord record) {
      boolean done = delegate.insert(record);
      if (done) {
        written.accept(record);
      }
      return done;
    }

    @Override
    public boolean replace(OnboardingRecord record, String etag) {
      boolean done = delegate.replace(record, etag);
      if (done) {
        written.accept(record);
      }
      return done;
    }

    @Override
    public void save(OnboardingRecord record) {
      delegate.save(record);
      written.accept(record);
    }

    @Override
    public java.util.List<OnboardingRecord> list() {
      return delegate.list();
    }
  }

  /** Onboards a workspace printing nothing (the --local world's ws-001). */
  static void wireQuietly(Target target, String workspaceId) {
    one(
        target,
        WorkspaceRef.parse("workspaceResourceId", workspaceId),
        new PrintStream(OutputStream.nullOutputStream()),
        false);
  }

  /** {@code <resource group>/<workspace>}. */
  static String shortName(String workspaceId) {
    String[] parts = workspaceId.split("/");
    String rg = parts.length > 4 ? parts[4] : "";
    return rg + "/" + parts[parts.length - 1];
  }
}

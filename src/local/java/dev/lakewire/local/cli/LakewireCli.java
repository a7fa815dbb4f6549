package dev.lakewire.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/lakewire}: the local command line. */
@Command(
    name = "lakewire",
    mixinStandardHelpOptions = true,
    versionProvider = LakewireVersion.class,
    description = "Wires new Azure Databricks workspaces into the lake; locally, on a local cloud.",
    subcommands = {
      DemoCommand.class,
      BenchCommand.class,
      PlanCommand.class,
      OnboardCommand.class,
      OffboardCommand.class,
      StatusCommand.class,
      BackfillCommand.class
    })
public final class LakewireCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "a command is required (demo, bench, plan, onboard, offboard, status, backfill)");
  }

  public static void main(String[] args) throws java.io.IOException {
    boolean demo = args.length > 0 && (args[0].equals("demo") || args[0].equals("bench"));
    if (demo && IdentityEnvironment.missing()) {
      System.exit(IdentityEnvironment.relaunch(args));
    }
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line as {@code bin/lakewire} runs it: a usage error is one line on stderr naming
   * what is wrong ({@code lakewire demo: --events x.json is empty}), exit code 2; no usage dump, no
   * stack trace ({@code --help} shows the usage).
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LakewireCli());
    cli.setParameterExceptionHandler(
        (e, args) -> {
          e.getCommandLine()
              .getErr()
              .println(e.getCommandLine().getCommandSpec().qualifiedName() + ": " + e.getMessage());
          return 2;
        });
    return cli;
  }
}

package dev.lakewire.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/lakewire}: the local command line. */
@Command(
    name = "lakewire",
    mixinStandardHelpOptions = true,
    version = "lakewire 0.1.0",
    description = "Wires new Azure Databricks workspaces into the lake; locally, on a local cloud.",
    subcommands = {
      DemoCommand.class,
      BenchCommand.class,
      PlanCommand.class,
      OnboardCommand.class,
      StatusCommand.class,
      BackfillCommand.class
    })
public final class LakewireCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a command is required (demo, bench)");
  }

  public static void main(String[] args) throws java.io.IOException {
    boolean demo = args.length > 0 && (args[0].equals("demo") || args[0].equals("bench"));
    if (demo && IdentityEnvironment.missing()) {
      System.exit(IdentityEnvironment.relaunch(args));
    }
    System.exit(new CommandLine(new LakewireCli()).execute(args));
  }
}

package dev.lakewire.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.azure.Credentials;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.WorkspaceRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every command that acts on a cloud shares: {@code --local} or real Azure with the
 * app's settings from the environment and {@code --settings local.settings.json}.
 */
final class TargetOptions {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--local",
      description =
          "act on an embedded local cloud (three workspaces ws-001..ws-003 in rg-analytics of"
              + " subscription "
              + LocalWorld.SUBSCRIPTION
              + ", ws-001 wired already) instead of Azure")
  boolean local;

  @Option(
      names = "--settings",
      paramLabel = "FILE",
      description =
          "read the app settings from FILE's Values object (local.settings.json); they override"
              + " the environment")
  Path settingsFile;

  /** Set by tests (and by {@link #open} for --local): the local world to act on. */
  LocalWorld world;

  /**
   * The target the options name.
   *
   * @throws CommandLine.ParameterException naming the option or setting that is wrong
   */
  Target open(CommandLine.Model.CommandSpec spec) {
    if (world != null) {
      return Target.local(world);
    }
    Onboard.quietLogs();
    if (local) {
      if (settingsFile != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--local and --settings cannot be used together");
      }
      world = LocalWorld.start();
      Onboard.wireQuietly(Target.local(world), world.workspaces().get(0));
      return Target.local(world);
    }
    Map<String, String> settings = new HashMap<>(System.getenv());
    if (settingsFile != null) {
      settings.putAll(readSettings(spec));
    }
    // a laptop has no managed identity: the CLI's default is DefaultAzureCredential
    settings.putIfAbsent(Credentials.CREDENTIAL, "default");
    try {
      return Target.azure(settings);
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Closes the local world this started. */
  void close() {
    if (local && world != null) {
      world.close();
    }
  }

  private Map<String, String> readSettings(CommandLine.Model.CommandSpec spec) {
    JsonNode root;
    String problem = null;
    try {
      root = JSON.readTree(Files.readString(settingsFile));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      root = null;
      problem = "is not JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")";
    } catch (java.nio.file.NoSuchFileException e) {
      root = null;
      problem = "does not exist";
    } catch (IOException e) {
      root = null;
      problem = "cannot be read (" + e.getMessage() + ")";
    }
    if (problem != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--settings " + settingsFile + " " + problem);
    }
    JsonNode values = root == null ? null : root.get("Values");
    if (values == null || !values.isObject()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--settings " + settingsFile + " has no \"Values\" object (local.settings.json's shape)");
    }
    Map<String, String> out = new HashMap<>();
    values
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getValue().isNull()) {
                out.put(e.getKey(), e.getValue().asText());
              }
            });
    return out;
  }

  /**
   * A workspace id option, checked.
   *
   * @throws CommandLine.ParameterException naming {@code option}
   */
  static WorkspaceRef workspace(CommandLine.Model.CommandSpec spec, String option, String value) {
    if (value == null || value.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " is required");
    }
    try {
      return WorkspaceRef.parse(option, value.trim());
    } catch (InvalidInputException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /**
   * Opens the target, runs {@code body} on it and closes it: configuration errors are usage errors
   * (exit 2, one line naming the setting or option); any other failure (no credential, a cloud
   * error) is one line on stderr and exit 1, without a stack trace.
   */
  int run(CommandLine.Model.CommandSpec spec, java.util.function.ToIntFunction<Target> body) {
    try {
      Target t = open(spec);
      return with(spec, () -> body.applyAsInt(t));
    } catch (CommandLine.ParameterException e) {
      throw e;
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("lakewire " + spec.name() + ": " + oneLine(e));
      spec.commandLine().getErr().flush();
      return 1;
    } finally {
      close();
    }
  }

  /** The exception's class and the first line of its message (and of its cause's). */
  static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    String line = e.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
    if (e instanceof com.azure.core.exception.ClientAuthenticationException) {
      line += " (the CLI signs in with DefaultAzureCredential: az login, or set AZURE_* env vars)";
    }
    return line.length() <= 400 ? line : line.substring(0, 399) + "…";
  }

  /**
   * Runs {@code body} on the target, turning configuration errors (a policy setting, {@link
   * InvalidInputException}; an adapter or ledger setting, {@link IllegalArgumentException} naming
   * it) into usage errors.
   */
  <T> T with(CommandLine.Model.CommandSpec spec, Supplier<T> body) {
    try {
      return body.get();
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}

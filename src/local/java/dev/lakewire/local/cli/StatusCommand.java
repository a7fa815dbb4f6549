package dev.lakewire.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakewire.onboarding.worker.StatusQuery;
import dev.lakewire.ports.OnboardingRecord;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lakewire status}: the ledger, as a table or JSON. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Prints the onboarding ledger (the app's Azure Table, LAKEWIRE_LEDGER_*; or --local's),"
            + " most recently updated first, as a table or as JSON (--json).")
final class StatusCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin TargetOptions target = new TargetOptions();

  @Option(names = "--json", description = "print the records as a JSON array")
  boolean json;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description =
          "only records with this status (PENDING, IN_PROGRESS, WAITING, COMPLETED, FAILED)")
  String status;

  PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  @Override
  public Integer call() {
    return target.run(
        spec,
        t -> {
          List<OnboardingRecord> records = new StatusQuery(t.ledger()).all(status);
          if (json) {
            out.println(toJson(records).toPrettyString());
          } else {
            print(records);
          }
          return 0;
        });
  }

  static ArrayNode toJson(List<OnboardingRecord> records) {
    ArrayNode array = JSON.createArrayNode();
    for (OnboardingRecord r : records) {
      ObjectNode n = array.addObject();
      n.put("workspaceResourceId", r.workspaceResourceId());
      n.put("status", r.status().name());
      n.put("step", r.step());
      n.put("run", r.run());
      n.put("generation", r.generation());
      n.put("attempts", r.attempts());
      n.put("firstSeen", String.valueOf(r.firstSeen()));
      n.put("lastUpdated", String.valueOf(r.lastUpdated()));
      n.put("lastError", r.lastError());
      n.put("correlationId", r.correlationId());
      if (r.accessVerified() == null) {
        n.putNull("accessVerified");
      } else {
        n.put("accessVerified", r.accessVerified());
      }
      ObjectNode steps = n.putObject("stepAttempts");
      r.stepAttempts().forEach(steps::put);
    }
    return array;
  }

  private void print(List<OnboardingRecord> records) {
    if (records.isEmpty()) {
      out.println("the ledger has no records");
      return;
    }
    String format = "%-32s %-11s %-23s %4s %8s  %-24s %s%n";
    out.printf(
        format, "workspace", "status", "step", "run", "attempts", "last updated", "last error");
    for (OnboardingRecord r : records) {
      out.printf(
          format,
          Onboard.shortName(r.workspaceResourceId()),
          r.status(),
          r.step(),
          r.run(),
          r.attempts(),
          r.lastUpdated(),
          r.lastError() == null ? "" : brief(r.lastError()));
    }
    out.println(records.size() + " record(s)");
  }

  private static String brief(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() <= 100 ? one : one.substring(0, 99) + "…";
  }
}

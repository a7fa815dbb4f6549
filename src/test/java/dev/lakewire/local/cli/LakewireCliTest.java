package dev.lakewire.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.local.EventSamples;
import dev.lakewire.local.EventSamples.Schema;
import dev.lakewire.local.demo.HostJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LakewireCliTest {

  @TempDir Path dir;

  private int run(String... args) {
    CommandLine cli = new CommandLine(new LakewireCli());
    cli.setErr(new PrintWriter(new StringWriter()));
    cli.setOut(new PrintWriter(new StringWriter()));
    return cli.execute(args);
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(run("demo", "--faults", "nasty")).isEqualTo(2);
    assertThat(run("demo", "--workspaces", "-1")).isEqualTo(2);
    assertThat(run("demo", "--duplicates", "0")).isEqualTo(2);
    assertThat(run("demo", "--existing-metastore", "KEEP")).isEqualTo(2);
    assertThat(run("demo", "--concurrency", "0")).isEqualTo(2);
    assertThat(run("demo", "--concurrency", "100000")).isEqualTo(2);
    assertThat(run("demo", "--events", dir.resolve("missing.json").toString())).isEqualTo(2);
    assertThat(run()).isEqualTo(2);
  }

  @Test
  void anEventsFileIsDeliveredAsIsAndItsWorkspacesExistInTheLocalCloud() throws Exception {
    String allowed =
        "/subscriptions/aaaaaaaa-0000-0000-0000-000000000001/resourceGroups/rg-x/providers/Microsoft.Databricks/workspaces/from-file";
    String elsewhere = allowed.replace("aaaaaaaa", "bbbbbbbb");
    Path events = dir.resolve("events.json");
    Files.writeString(
        events,
        EventSamples.delivery(
            List.of(
                EventSamples.workspaceWrite(Schema.CLOUD_EVENTS, allowed, "e1", "c1"),
                EventSamples.workspaceWrite(Schema.EVENT_GRID, elsewhere, "e2", "c2"))));
    Path report = dir.resolve("report.json");

    int exit =
        run(
            "demo",
            "--events",
            events.toString(),
            "--allowed-subscriptions",
            "aaaaaaaa-0000-0000-0000-000000000001",
            "--quiet",
            "--report",
            report.toString());

    JsonNode r = new ObjectMapper().readTree(report.toFile());
    assertThat(exit).isZero();
    assertThat(r.get("events"))
        .extracting(e -> e.get("decision").asText())
        .containsExactly("ACCEPTED", "IGNORED");
    assertThat(r.get("workspaces"))
        .extracting(w -> w.get("status").asText())
        .containsExactly("COMPLETED", "SKIPPED");
    assertThat(r.at("/cloud/accessConnectors").asInt()).isEqualTo(1);
    assertThat(r.get("concurrency").asInt())
        .as("host.json's maxConcurrentCalls by default")
        .isEqualTo(HostJson.maxConcurrentCalls());
    assertThat(r.at("/workspaces/0/ledger/status").asText()).isEqualTo("COMPLETED");
    assertThat(r.at("/workspaces/1/ledger").isNull()).isTrue();
  }

  @Test
  void aMalformedEventsFileIsAUsageError() throws Exception {
    Path events = dir.resolve("bad.json");
    Files.writeString(events, "[{\"id\":");

    assertThat(run("demo", "--events", events.toString(), "--quiet")).isEqualTo(2);
  }
}

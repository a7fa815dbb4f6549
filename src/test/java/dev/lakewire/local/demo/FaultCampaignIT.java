package dev.lakewire.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The fault campaign: many workspaces, every event delivered three times and shuffled, a hostile
 * cloud (5xx, resets, 429 storms, PrincipalNotFound windows up to 120 s) and crashes in the middle
 * of steps — through the production function classes, steps and SDK adapters against the local
 * cloud over HTTPS, delivered by 16 concurrent workers (host.json's maxConcurrentCalls), so stale
 * and fresh deliveries of one workspace race. Prints the figures.
 */
class FaultCampaignIT {

  private static ObjectNode run(DemoOptions options) throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Demo.Result result = Demo.run(options, new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String out = buffer.toString(StandardCharsets.UTF_8);
    System.out.println(out.substring(Math.max(0, out.lastIndexOf("\ncloud:"))));
    assertThat(result.exitCode()).as(out).isZero();
    return result.report();
  }

  @Test
  void twoHundredWorkspacesConvergeExactlyOnceUnderAHostileCloud() throws Exception {
    ObjectNode report =
        run(
            DemoOptions.builder()
                .workspaces(200)
                .duplicates(3)
                .faults("hostile")
                .crashes(25)
                .timeline(false)
                .concurrency(16)
                .build());

    assertThat(report.get("workspaces")).hasSize(200);
    for (JsonNode w : report.get("workspaces")) {
      assertThat(w.get("status").asText()).as(w.toString()).isEqualTo("COMPLETED");
      assertThat(w.get("accessVerified").asBoolean()).as(w.toString()).isTrue();
      assertThat(w.at("/ledger/status").asText()).as(w.toString()).isEqualTo("COMPLETED");
    }
    assertThat(report.get("concurrency").asInt()).isEqualTo(16);
    assertThat(report.at("/messages/maxConcurrent").asInt())
        .as("deliveries really ran at once")
        .isGreaterThan(1);
    JsonNode cloud = report.get("cloud");
    assertThat(cloud.get("accessConnectors").asInt()).isEqualTo(200);
    // per workspace 2 data roles and lakewire's Contributor on its connector; the shared
    // connector's 2 data roles and lakewire's Contributor on it (infra); lakewire's EventGrid Data
    // Sender on its events topic (infra)
    assertThat(cloud.get("roleAssignments").asInt()).isEqualTo(200 * 3 + 2 + 1 + 1);
    assertThat(cloud.get("metastoreAssignments").asInt()).isEqualTo(200);
    // every workspace's outcome published once, whatever the duplicates, faults and redeliveries
    assertThat(report.at("/publishedEvents/total").asInt()).isEqualTo(200);
    assertThat(report.at("/publishedEvents/Lakewire.WorkspaceOnboarded").asInt()).isEqualTo(200);
    assertThat(cloud.get("storageCredentials").asInt()).isEqualTo(200);
    assertThat(cloud.get("sharedStorageCredentials").asInt()).isEqualTo(2);
    assertThat(report.at("/messages/deadLettered").asInt()).isZero();
    assertThat(report.at("/messages/duplicatesDropped").asInt()).isPositive();
    assertThat(report.at("/messages/redelivered").asInt()).isGreaterThanOrEqualTo(25);
    assertThat(report.at("/cloud/requests/faultsInjected").asInt()).isPositive();
  }
}

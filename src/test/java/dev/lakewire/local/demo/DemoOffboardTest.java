package dev.lakewire.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code demo --workspaces 3 --offboard 1}: one workspace is deleted after onboarding. */
class DemoOffboardTest {

  private static DemoOptions options(int workspaces, int offboard) {
    return DemoOptions.builder()
        .workspaces(workspaces)
        .maxCloudTime(Duration.ofHours(1))
        .concurrency(1)
        .offboard(offboard)
        .build();
  }

  @Test
  void theFirstWorkspaceIsDeletedAndOffboardedAndTheReportCountsWhatWasRemoved() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    Demo.Result result =
        Demo.run(options(3, 1), new PrintStream(buffer, true, StandardCharsets.UTF_8));

    String out = buffer.toString(StandardCharsets.UTF_8);
    assertThat(result.exitCode()).as(out).isZero();
    assertThat(out)
        .contains("analytics/ws-001   workspace deleted (ARM DELETE)")
        .contains("analytics/ws-001   offboarding queued at REMOVE_STORAGE_ROLES")
        .contains("analytics/ws-001   REMOVE_STORAGE_ROLES done → REMOVE_CATALOG_OBJECTS")
        .contains("analytics/ws-001   REMOVE_CATALOG_OBJECTS done → REMOVE_ACCESS_CONNECTOR")
        .contains("analytics/ws-001   OFFBOARDED")
        .contains(
            "offboarded: 1 workspace(s) deleted; lakewire removed 1 access connectors, 3 role");
    JsonNode report = result.report();
    // the workspace's two data roles (raw, curated) and lakewire's Contributor on its connector
    assertThat(report.at("/offboarding/removed/accessConnectors").asInt()).isEqualTo(1);
    assertThat(report.at("/offboarding/removed/roleAssignments").asInt()).isEqualTo(3);
    assertThat(report.at("/offboarding/removed/storageCredentials").asInt()).isZero();
    assertThat(report.at("/offboarding/metastoreAssignmentsGoneWithTheWorkspaces").asInt())
        .isEqualTo(1);
    assertThat(report.at("/workspaces/0/status").asText()).isEqualTo("OFFBOARDED");
    assertThat(report.at("/workspaces/1/status").asText()).isEqualTo("COMPLETED");
    assertThat(report.at("/cloud/accessConnectors").asInt()).isEqualTo(2);
    assertThat(report.at("/messages/deadLettered").asInt()).isZero();
  }

  @Test
  void offboardingMoreWorkspacesThanTheDemoCreatesIsAUsageError() {
    assertThatThrownBy(() -> options(2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--offboard 3 is more than --workspaces 2");
  }
}

package dev.lakewire.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bin/lakewire demo --policy-tags}: one tagged workspace skipped, one overriding. */
class DemoPolicyTagsTest {

  @Test
  void theTimelineShowsTheSkippedAndTheOverridingWorkspaceAndTheRunSucceeds() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Demo.Result result =
        Demo.run(
            DemoOptions.builder()
                .maxCloudTime(Duration.ofHours(1))
                .concurrency(4)
                .policyTags(true)
                .build(),
            new PrintStream(buffer, true, StandardCharsets.UTF_8));
    String out = buffer.toString(StandardCharsets.UTF_8);

    assertThat(result.exitCode()).as("a skipped workspace is no failure: " + out).isZero();
    assertThat(out)
        .contains("sandbox/ws-sandbox SKIPPED: the workspace is tagged lakewire:skip=true")
        .contains(
            "finance/ws-ledger  BIND_METASTORE done: by tags storage lakefinance/gold, metastore "
                + Demo.METASTORE_WESTEUROPE_OTHER);
    Map<String, String> status = new HashMap<>();
    for (JsonNode w : result.report().get("workspaces")) {
      status.put(w.get("workspace").asText().replaceAll(".*/", ""), w.get("status").asText());
    }
    assertThat(status)
        .containsEntry("ws-sandbox", "SKIPPED")
        .containsEntry("ws-ledger", "COMPLETED")
        .containsEntry("ws-001", "COMPLETED");
  }
}

package dev.lakewire.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The final table says what it counts, and what step 3 bound. */
class DemoTableTest {

  @Test
  void theTableCountsAttemptsApartFromObjectsAndShowsTheBoundMetastoreAndCredential()
      throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    ObjectNode report =
        Demo.run(
                DemoOptions.builder()
                    .workspaces(2)
                    .timeline(false)
                    .maxCloudTime(Duration.ofHours(1))
                    .concurrency(1)
                    .build(),
                new PrintStream(buffer, true, StandardCharsets.UTF_8))
            .report();
    String out = buffer.toString(StandardCharsets.UTF_8);

    assertThat(report.at("/workspaces/0/bound/metastoreId").asText())
        .isEqualTo(Demo.METASTORE_WESTEUROPE);
    assertThat(report.at("/workspaces/0/bound/storageCredential").asText()).startsWith("ws_001_");
    assertThat(report.at("/workspaces/1/bound/metastoreId").asText())
        .isEqualTo(Demo.METASTORE_NORTHEUROPE);
    assertThat(out)
        .contains("(attempts)")
        .contains("bound metastore")
        .contains("storage credential")
        .contains("cloud (objects): 2 connectors")
        .containsPattern("analytics/ws-001 +COMPLETED +ok 1 try +ok \\d+ tr(y|ies) +ok \\d+ tries")
        .contains(
            Demo.METASTORE_WESTEUROPE
                + "   "
                + report.at("/workspaces/0/bound/storageCredential").asText());
  }
}

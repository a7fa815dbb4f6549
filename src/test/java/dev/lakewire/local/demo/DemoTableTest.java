package dev.lakewire.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The final table says what it counts, and what step 3 bound. */
class DemoTableTest {

  @Test
  void theTableCountsAttemptsApartFromObjectsAndShowsTheBoundMetastoreAndCredential()
      throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    ObjectNode report =
        Demo.run(
                new DemoOptions(
                    2,
                    null,
                    List.of(),
                    1,
                    "none",
                    1.0,
                    0,
                    null,
                    false,
                    42,
                    Duration.ofHours(1),
                    "REPLACE",
                    1),
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
        .containsPattern("analytics/ws-001 +COMPLETED +ok 1 try +ok \\d+ tries")
        .contains(
            Demo.METASTORE_WESTEUROPE
                + "   "
                + report.at("/workspaces/0/bound/storageCredential").asText());
  }
}

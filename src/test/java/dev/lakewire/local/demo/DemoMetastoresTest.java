package dev.lakewire.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The demo's workspaces arrive as auto-enabled Unity Catalog leaves them: the second
 * (finance/ws-001) and the third (sales/WS-001) with a metastore already, the third's another
 * westeurope one; the timeline tells what lakewire did with each, and {@code --existing-metastore}
 * decides the third's fate.
 */
class DemoMetastoresTest {

  private record Run(int exitCode, String out) {}

  private static Run demo(String existingMetastore) throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Demo.Result result =
        Demo.run(
            DemoOptions.builder()
                .workspaces(4)
                .maxCloudTime(Duration.ofHours(1))
                .existingMetastore(existingMetastore)
                .concurrency(1)
                .build(),
            new PrintStream(buffer, true, StandardCharsets.UTF_8));
    return new Run(result.exitCode(), buffer.toString(StandardCharsets.UTF_8));
  }

  @Test
  void byDefaultTheForeignMetastoreIsReplacedAndEveryWorkspaceCompletes() throws Exception {
    Run run = demo("REPLACE");

    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(run.out())
        .contains(
            "analytics/ws-001   BIND_METASTORE waiting: assigned metastore "
                + Demo.METASTORE_WESTEUROPE
                + ", joined the workspace; waiting for the assignment to take effect")
        .contains(
            "finance/ws-001     BIND_METASTORE done: metastore "
                + Demo.METASTORE_NORTHEUROPE
                + " already assigned")
        .contains(
            "sales/WS-001       BIND_METASTORE waiting: replaced metastore "
                + Demo.METASTORE_WESTEUROPE_OTHER
                + " with "
                + Demo.METASTORE_WESTEUROPE);
  }

  @Test
  void withFailTheWorkspaceOnAnotherMetastoreFailsNamingBoth() throws Exception {
    Run run = demo("fail");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains(
            "sales/WS-001       BIND_METASTORE FAILED: workspace WS-001 is assigned metastore "
                + Demo.METASTORE_WESTEUROPE_OTHER
                + " but the policy wants "
                + Demo.METASTORE_WESTEUROPE);
    assertThat(run.out().lines().filter(l -> l.endsWith("COMPLETED")).count()).isEqualTo(3);
  }
}

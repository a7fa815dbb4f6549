package dev.lakewire.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo's workspaces arrive as auto-enabled Unity Catalog leaves them: ws-002 and ws-003 with a
 * metastore already, ws-003's another westeurope one; the timeline tells what lakewire did with
 * each, and {@code --existing-metastore} decides ws-003's fate.
 */
class DemoMetastoresTest {

  private record Run(int exitCode, String out) {}

  private static Run demo(String existingMetastore) throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Demo.Result result =
        Demo.run(
            new DemoOptions(
                4,
                null,
                List.of(),
                1,
                "none",
                1.0,
                0,
                null,
                true,
                42,
                Duration.ofHours(1),
                existingMetastore,
                1),
            new PrintStream(buffer, true, StandardCharsets.UTF_8));
    return new Run(result.exitCode(), buffer.toString(StandardCharsets.UTF_8));
  }

  @Test
  void byDefaultTheForeignMetastoreIsReplacedAndEveryWorkspaceCompletes() throws Exception {
    Run run = demo("REPLACE");

    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(run.out())
        .contains(
            "ws-001             BIND_METASTORE waiting: assigned metastore "
                + Demo.METASTORE_WESTEUROPE
                + ", joined the workspace; waiting for the assignment to take effect")
        .contains(
            "ws-002             BIND_METASTORE done: metastore "
                + Demo.METASTORE_NORTHEUROPE
                + " already assigned")
        .contains(
            "ws-003             BIND_METASTORE waiting: replaced metastore "
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
            "ws-003             BIND_METASTORE FAILED: workspace ws-003 is assigned metastore "
                + Demo.METASTORE_WESTEUROPE_OTHER
                + " but the policy wants "
                + Demo.METASTORE_WESTEUROPE);
    assertThat(run.out().lines().filter(l -> l.endsWith("COMPLETED")).count()).isEqualTo(3);
  }
}

package dev.lakewire.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code --seed}: the same seed gives the same run with one delivery at a time ({@code
 * --concurrency 1}); with concurrent deliveries the threads' interleaving is the OS's.
 */
class DemoSeedTest {

  private static ObjectNode run(long seed) throws Exception {
    return run(seed, 1);
  }

  private static ObjectNode run(long seed, int concurrency) throws Exception {
    ObjectNode report =
        Demo.run(
                DemoOptions.builder()
                    .workspaces(4)
                    .duplicates(2)
                    .faults("hostile")
                    .crashes(2)
                    .timeline(false)
                    .seed(seed)
                    .maxCloudTime(Duration.ofHours(2))
                    .concurrency(concurrency)
                    .build(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .report();
    report.remove("wallMillis");
    return report;
  }

  @Test
  void theSameSeedGivesTheSameReportApartFromWallTime() throws Exception {
    ObjectNode first = run(7);
    ObjectNode second = run(7);

    assertThat(second.toPrettyString()).isEqualTo(first.toPrettyString());
  }

  @Test
  void anotherSeedGivesAnotherRun() throws Exception {
    assertThat(run(8).toPrettyString()).isNotEqualTo(run(7).toPrettyString());
  }
}

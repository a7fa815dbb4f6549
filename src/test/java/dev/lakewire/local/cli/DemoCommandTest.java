package dev.lakewire.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bin/lakewire demo} as a user meets it: usage errors, {@code -V}, {@code --quiet}. */
class DemoCommandTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = LakewireCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static void assertUsageError(Run run, String option, String says) {
    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    assertThat(run.err()).startsWith("lakewire demo: " + option).contains(says);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void anEmptyEventsFileIsAUsageErrorOfOneLineNamingTheOption() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.json"), "  \n");

    assertUsageError(run("demo", "--events", empty.toString()), "--events", "is empty");
  }

  @Test
  void aFileThatHoldsNoEventIsAUsageError() throws Exception {
    for (String content : List.of("{\"a\": 1}", "[]", "42", "[{\"eventType\": \"x\"}, 7]", "{")) {
      Path file = Files.writeString(dir.resolve("not-events.json"), content);

      Run run = run("demo", "--events", file.toString());

      assertUsageError(run, "--events", file.toString());
    }
  }

  @Test
  void aDirectoryAsTheEventsFileIsAUsageError() {
    assertUsageError(run("demo", "--events", dir.toString()), "--events", "is a directory");
  }

  @Test
  void aReportThatCannotBeWrittenIsAUsageErrorBeforeTheRun() {
    assertUsageError(
        run("demo", "--report", dir.resolve("no/such/dir/report.json").toString()),
        "--report",
        "cannot be created");
    assertUsageError(run("demo", "--report", dir.toString()), "--report", "is a directory");
  }

  @Test
  void otherUsageErrorsAreOneLineToo() {
    assertUsageError(run("demo", "--faults", "nasty"), "--faults", "none");
    Run unknown = run("demo", "--wrokspaces", "3");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err().strip().lines()).hasSize(1);
  }

  @Test
  void dashVPrintsTheMavenProjectVersion() throws Exception {
    Matcher m =
        Pattern.compile("<artifactId>lakewire</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(
                Files.readString(Path.of(System.getProperty("basedir", ".")).resolve("pom.xml")));
    assertThat(m.find()).isTrue();
    String version = m.group(1);

    assertThat(run("-V").out().strip()).isEqualTo("lakewire " + version);
    assertThat(run("--version").out().strip()).isEqualTo("lakewire " + version);
    assertThat(run("demo", "-V").out().strip()).isEqualTo("lakewire " + version);
    assertThat(LakewireVersion.version()).isEqualTo(version);
  }

  /**
   * In a JVM of its own, as {@code bin/lakewire} starts it: with {@code --quiet} nothing but the
   * final table reaches stdout and nothing at all reaches stderr (no SDK, Netty or JUL warnings),
   * even with faults injected.
   */
  @Test
  void quietPrintsTheTableAndNothingElse() throws Exception {
    Path report = dir.resolve("report.json");
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            LakewireCli.class.getName(),
            "demo",
            "--workspaces",
            "2",
            "--faults",
            "flaky",
            "--quiet",
            "--report",
            report.toString());
    // the test JVM's token endpoint is taken: the child picks its own, as bin/lakewire does
    pb.environment().remove("IDENTITY_ENDPOINT");
    pb.environment().remove("IDENTITY_HEADER");
    Process p = pb.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread drainErr = new Thread(() -> copy(p.getErrorStream(), err));
    drainErr.start();
    p.getInputStream().transferTo(out);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    drainErr.join();
    String stdout = out.toString(StandardCharsets.UTF_8);

    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(p.exitValue()).as(stdout).isZero();
    assertThat(stdout.strip().lines().findFirst().orElse("")).startsWith("workspace ");
    assertThat(stdout).doesNotContain(" running (try").contains("report: " + report);
  }

  private static void copy(java.io.InputStream in, ByteArrayOutputStream to) {
    try {
      in.transferTo(to);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

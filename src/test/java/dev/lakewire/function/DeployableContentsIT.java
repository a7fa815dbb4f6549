package dev.lakewire.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code package} put into {@code target/azure-functions/lakewire} (this runs in {@code
 * verify}, after it): production code and its runtime dependencies only, at most 30 MB (issue 11).
 */
class DeployableContentsIT {

  /** 30 MB, counted in decimal megabytes (the stricter reading). */
  static final long MAX_BYTES = 30_000_000L;

  /** Jars that only the tests and the local run need (their file names start so). */
  static final List<String> TEST_ONLY_JARS =
      List.of(
          "junit-",
          "opentest4j-",
          "apiguardian-",
          "assertj-",
          "mockito-",
          "byte-buddy",
          "objenesis-",
          "archunit",
          "picocli-",
          "bcpkix-",
          "bcprov-",
          "bcutil-",
          "hamcrest");

  private static Path app;
  private static List<Path> files;

  @BeforeAll
  static void listTheDeployable() throws IOException {
    app = Path.of(System.getProperty("functionAppDir", "target/azure-functions/lakewire"));
    assertThat(app).as("run `./mvnw verify`: package generates %s", app).isDirectory();
    try (Stream<Path> all = Files.walk(app)) {
      files = all.filter(Files::isRegularFile).toList();
    }
  }

  private static List<Path> jars() {
    return files.stream().filter(f -> f.toString().endsWith(".jar")).toList();
  }

  @Test
  void weighsAtMostThirtyMegabytes() throws IOException {
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    System.out.printf(
        Locale.ROOT,
        "deployable %s: %.1f MB (%d bytes) in %d files, %d jars%n",
        app,
        bytes / 1e6,
        bytes,
        files.size(),
        jars().size());
    assertThat(bytes).as("bytes in %s", app).isLessThanOrEqualTo(MAX_BYTES);
  }

  @Test
  void holdsNoClassOfTheLocalRunOrTheTestHelpers() {
    List<String> found = new ArrayList<>();
    for (Path jar : jars()) {
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        zip.stream()
            .map(e -> e.getName())
            .filter(
                n -> n.startsWith("dev/lakewire/local/") || n.startsWith("dev/lakewire/testing/"))
            .forEach(n -> found.add(jar.getFileName() + "!" + n));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertThat(found).as("local-run or test classes in the deployable").isEmpty();
  }

  @Test
  void holdsNoTestOnlyJar() {
    List<String> names = jars().stream().map(j -> j.getFileName().toString()).toList();
    assertThat(names)
        .as("test-only jars in the deployable")
        .noneMatch(n -> TEST_ONLY_JARS.stream().anyMatch(n::startsWith));
  }

  @Test
  void carriesTheJdkHttpClientAndNeitherNettyNorJna() {
    List<String> names = jars().stream().map(j -> j.getFileName().toString()).toList();
    assertThat(names).anyMatch(n -> n.startsWith("azure-core-http-jdk-httpclient-"));
    assertThat(names)
        .as("Netty (native TLS for five platforms) and JNA are excluded for size")
        .noneMatch(n -> n.startsWith("netty-") || n.startsWith("reactor-netty"))
        .noneMatch(n -> n.startsWith("jna"));
  }
}

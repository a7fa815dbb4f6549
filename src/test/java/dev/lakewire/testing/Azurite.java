package dev.lakewire.testing;

import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableClientBuilder;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Azurite's Table service for tests, started once per JVM on a free loopback port and stopped at
 * JVM exit, so that {@code ./mvnw verify} needs nothing but Node.js and npm on the PATH.
 *
 * <p>The Azurite version is pinned by {@code src/test/azurite/package.json} and its committed
 * {@code package-lock.json}. On first use (or when the lock changed) they are copied to {@code
 * target/azurite/} and installed there with {@code npm ci --ignore-scripts --no-audit --no-fund}
 * (from the npm registry). The service is then started as {@code node
 * target/azurite/node_modules/azurite/dist/src/table/main.js --tableHost 127.0.0.1 --tablePort
 * <free port> --inMemoryPersistence --skipApiVersionCheck --loose --silent --disableTelemetry}; the
 * harness waits, with a hard deadline, until the port accepts connections. Without Node.js {@value
 * #MIN_NODE_MAJOR}+ and npm on the PATH every test that needs Azurite fails, saying what to
 * install.
 *
 * <p>Clients authenticate with Azurite's well-known development account ({@code devstoreaccount1}
 * and its publicly documented key). That key is accepted by the emulator only and belongs in tests
 * only — never in production code or settings.
 */
public final class Azurite {

  /** The oldest Node.js major the pinned Azurite (and its dependencies) declare support for. */
  static final int MIN_NODE_MAJOR = 20;

  /** Azurite's well-known development account. */
  public static final String ACCOUNT = "devstoreaccount1";

  // The publicly documented Azurite/Storage Emulator development key (not a secret; emulator only).
  private static final String WELL_KNOWN_KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private static final Duration INSTALL_DEADLINE = Duration.ofMinutes(8);
  private static final Duration START_DEADLINE = Duration.ofSeconds(60);
  private static final int START_TRIES = 3;
  private static final String NEED_NODE =
      "The ledger tests run Azure Table Storage in Azurite, which needs Node.js "
          + MIN_NODE_MAJOR
          + "+ with npm on the PATH (from nodejs.org or a distribution package of Node.js "
          + MIN_NODE_MAJOR
          + " or later). ";

  private static Azurite tables;
  private static RuntimeException failed;

  private final int port;
  private final String version;

  private Azurite(int port, String version) {
    this.port = port;
    this.version = version;
  }

  /** The Table service of this JVM, started (and installed) on first use. */
  public static synchronized Azurite tables() {
    if (failed != null) {
      throw new IllegalStateException("Azurite did not start earlier: " + failed.getMessage());
    }
    if (tables == null) {
      try {
        tables = start();
      } catch (RuntimeException e) {
        failed = e;
        throw e;
      }
    }
    return tables;
  }

  /** The Table endpoint, path-style: {@code http://127.0.0.1:<port>/devstoreaccount1}. */
  public String tableEndpoint() {
    return "http://127.0.0.1:" + port + "/" + ACCOUNT;
  }

  /** A connection string for the development account. */
  public String connectionString() {
    return "DefaultEndpointsProtocol=http;AccountName="
        + ACCOUNT
        + ";AccountKey="
        + WELL_KNOWN_KEY
        + ";TableEndpoint="
        + tableEndpoint()
        + ";";
  }

  /** The Azurite version that runs. */
  public String version() {
    return version;
  }

  /** A client of the service. */
  public TableServiceClient serviceClient() {
    return new TableServiceClientBuilder()
        .connectionString(connectionString())
        .retryOptions(noRetries())
        .buildClient();
  }

  /** A client of a table of this name (which may or may not exist). */
  public TableClient table(String name) {
    return new TableClientBuilder()
        .connectionString(connectionString())
        .tableName(name)
        .retryOptions(noRetries())
        .buildClient();
  }

  /** A client of a table with a fresh, unique name, not created. */
  public TableClient newTable() {
    return table("t" + UUID.randomUUID().toString().replace("-", ""));
  }

  // Azurite answers at once: retrying with back-off would only slow down a failing test.
  private static RetryOptions noRetries() {
    return new RetryOptions(new FixedDelayOptions(0, Duration.ZERO));
  }

  private static Azurite start() {
    Path project = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    Path pinned = project.resolve("src/test/azurite");
    Path home = project.resolve("target/azurite");
    String node = executable("node");
    requireNode(node);
    long installStart = System.nanoTime();
    boolean installed = install(pinned, home);
    if (installed) {
      System.out.printf(
          "[azurite] npm ci of the pinned Azurite took %d ms%n", millisSince(installStart));
    }
    Path main = home.resolve("node_modules/azurite/dist/src/table/main.js");
    String version = installedVersion(home);
    RuntimeException last = null;
    for (int attempt = 1; attempt <= START_TRIES; attempt++) {
      long startedAt = System.nanoTime();
      int port = freePort();
      Process process = launch(node, pinned.resolve("exit-with-parent.js"), main, home, port);
      try {
        awaitPort(process, port, home);
      } catch (RuntimeException e) {
        stop(process);
        last = e;
        continue;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process), "azurite-stop"));
      System.out.printf(
          "[azurite] Azurite %s table service on http://127.0.0.1:%d started in %d ms%n",
          version, port, millisSince(startedAt));
      return new Azurite(port, version);
    }
    throw last;
  }

  private static void requireNode(String node) {
    String out;
    try {
      out = run(List.of(node, "--version"), null, Duration.ofSeconds(30), null).trim();
    } catch (IOException e) {
      throw new IllegalStateException(
          NEED_NODE + "`node` is not on the PATH: " + e.getMessage(), e);
    }
    int major;
    try {
      major = Integer.parseInt(out.replaceFirst("^v", "").split("\\.")[0]);
    } catch (RuntimeException e) {
      throw new IllegalStateException(NEED_NODE + "`node --version` printed: " + out, e);
    }
    if (major < MIN_NODE_MAJOR) {
      throw new IllegalStateException(NEED_NODE + "Found Node.js " + out + ".");
    }
  }

  /**
   * Installs the pinned lock into {@code home} unless that exact lock is installed already.
   *
   * @return whether it ran npm
   */
  private static boolean install(Path pinned, Path home) {
    Path lock = pinned.resolve("package-lock.json");
    Path marker = home.resolve("installed-package-lock.json");
    try {
      Files.createDirectories(home);
      // Another JVM of the same build (surefire, then failsafe) may get here at the same time.
      try (FileChannel ch =
              FileChannel.open(
                  home.resolve(".install.lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        if (Files.exists(marker)
            && Arrays.equals(Files.readAllBytes(marker), Files.readAllBytes(lock))
            && Files.exists(home.resolve("node_modules/azurite/package.json"))) {
          return false;
        }
        Files.deleteIfExists(marker);
        Files.copy(
            pinned.resolve("package.json"),
            home.resolve("package.json"),
            StandardCopyOption.REPLACE_EXISTING);
        Files.copy(lock, home.resolve("package-lock.json"), StandardCopyOption.REPLACE_EXISTING);
        String npm = executable("npm");
        Path log = home.resolve("npm-ci.log");
        List<String> cmd =
            List.of(npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=warn");
        System.out.printf("[azurite] installing the pinned Azurite: (cd %s && %s)%n", home, cmd);
        try {
          run(cmd, home, INSTALL_DEADLINE, log);
        } catch (IOException e) {
          throw new IllegalStateException(NEED_NODE + "Running npm failed: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
          throw new IllegalStateException(
              "npm ci of the pinned Azurite in "
                  + home
                  + " failed (the npm registry must be reachable): "
                  + e.getMessage()
                  + "\n"
                  + tail(log),
              e);
        }
        Files.copy(lock, marker, StandardCopyOption.REPLACE_EXISTING);
        return true;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install Azurite into " + home, e);
    }
  }

  private static Process launch(String node, Path exitWithParent, Path main, Path home, int port) {
    List<String> cmd =
        List.of(
            node,
            "--require",
            exitWithParent.toString(),
            main.toString(),
            "--tableHost",
            "127.0.0.1",
            "--tablePort",
            Integer.toString(port),
            "--inMemoryPersistence",
            "--skipApiVersionCheck",
            "--loose",
            "--silent",
            "--disableTelemetry");
    try {
      Path run = Files.createDirectories(home.resolve("run"));
      Path log = home.resolve("azurite-table.log");
      return new ProcessBuilder(cmd)
          .directory(run.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new IllegalStateException(NEED_NODE + "Starting " + cmd + " failed: " + e, e);
    }
  }

  /** Waits, in short steps up to a hard deadline, until Azurite accepts connections. */
  private static void awaitPort(Process process, int port, Path home) {
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Azurite exited with "
                + process.exitValue()
                + " before listening on port "
                + port
                + "\n"
                + tail(home.resolve("azurite-table.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(address, 250);
        return;
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Azurite did not listen on port "
                + port
                + " within "
                + START_DEADLINE
                + "\n"
                + tail(home.resolve("azurite-table.log")));
      }
      try {
        process.waitFor(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while Azurite started", e);
      }
    }
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Runs a command to its end (or its deadline) and returns what it printed. */
  private static String run(List<String> cmd, Path dir, Duration deadline, Path log)
      throws IOException {
    Path out = log != null ? log : Files.createTempFile("azurite-cmd", ".out");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(out.toFile());
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    Process p = pb.start();
    try {
      if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(cmd + " did not finish within " + deadline);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + cmd, e);
    }
    String printed = Files.readString(out, StandardCharsets.UTF_8);
    if (log == null) {
      Files.deleteIfExists(out);
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(cmd + " exited with " + p.exitValue());
    }
    return printed;
  }

  /** The command, resolved on the PATH (npm is {@code npm.cmd} on Windows). */
  private static String executable(String name) {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    List<String> candidates = new ArrayList<>();
    if (windows) {
      candidates.add(name + ".exe");
      candidates.add(name + ".cmd");
    } else {
      candidates.add(name);
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        for (String c : candidates) {
          Path p = Path.of(dir).resolve(c);
          if (Files.isRegularFile(p) && Files.isExecutable(p)) {
            return p.toString();
          }
        }
      }
    }
    throw new IllegalStateException(
        NEED_NODE + "`" + name + "` is not on the PATH (" + path + ").");
  }

  private static String installedVersion(Path home) {
    try {
      return new ObjectMapper()
          .readTree(home.resolve("node_modules/azurite/package.json").toFile())
          .path("version")
          .asText("?");
    } catch (IOException e) {
      throw new UncheckedIOException("Azurite is not installed in " + home, e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException | RuntimeException e) {
      return "(no output in " + log + ")";
    }
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}

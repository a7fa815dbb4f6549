package dev.lakewire.local.cli;

import dev.lakewire.local.EventSamples;
import dev.lakewire.local.bench.Bench;
import dev.lakewire.local.bench.Overhead;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.LocalCloud;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lakewire bench}: lakewire against a naive baseline on the local cloud (issue 11). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Bursts of workspaces on the local cloud (ARM's published throttling buckets, no faults),",
      "run by lakewire and by a naive baseline (SDK pollers at their default interval, the SDK's",
      "default retry policy), each against its lower bound; then calls per workspace, added",
      "latency, per-message overhead, deployable size and JVM start to first step."
    })
final class BenchCommand implements Callable<Integer> {

  /** ARM's buckets per principal and subscription (Throttle, learn.microsoft.com). */
  static final int READ_BURST = 250;

  static final double READ_RATE = 25;
  static final int WRITE_BURST = 200;
  static final double WRITE_RATE = 10;

  /**
   * The minimum calls per workspace (docs/benchmarks.md, with the why of each): ARM reads GET
   * workspace, GET connector before creating it, GET connector once its principal is assignable
   * (ownership checked again before granting); ARM writes PUT connector and lakewire's Contributor
   * on it (the workspace's subscription), one PUT per data role assignment (2 containers × 1 role,
   * the storage account's subscription); Databricks see {@link #MIN_DATABRICKS}. Once per process
   * (not per workspace): the storage account, the shared connector and its roles, lakewire's
   * account-level principal.
   */
  static final int MIN_READS = 3;

  static final int MIN_CONNECTOR_WRITES = 2;
  static final int MIN_ROLE_WRITES = 2;

  /**
   * Account: GET the metastore assignment, POST it, GET the workspace's permission assignments, PUT
   * lakewire's; workspace: the SDK's config discovery, GET the metastore in effect, GET the storage
   * credential (absent), POST it, GET the shared credential, GET each of the 2 shared external
   * locations, and validate: the workspace's credential on each of the 2 containers and each shared
   * location.
   */
  static final int MIN_DATABRICKS = 15;

  /**
   * How long the local cloud takes a new role assignment to reach the storage data plane ({@code
   * Arm.rbacPropagation}, 5 minutes by default).
   */
  static final Duration RBAC_PROPAGATION = Duration.ofMinutes(5);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "100,1000",
      description = "bursts in one subscription (default ${DEFAULT-VALUE})")
  List<Integer> sizes;

  @Option(
      names = "--spread",
      defaultValue = "1000x4",
      description = "a burst across subscriptions, NxS (default ${DEFAULT-VALUE}; 'none' to skip)")
  String spread;

  @Option(
      names = "--messages",
      defaultValue = "4000",
      description =
          "step messages timed for the overhead, after as many warm-up (default ${DEFAULT-VALUE})")
  int messages;

  @Option(names = "--no-baseline", description = "run lakewire only")
  boolean noBaseline;

  /**
   * The options the Azure Functions Java worker starts its JVM with on every plan
   * (azure-functions-java-worker {@code worker.config.json}, "arguments"; "Customize JVM" in the
   * Java developer guide, learn.microsoft.com/azure/azure-functions/functions-reference-java): what
   * lakewire's first step runs under in Azure, with nothing set by infra.
   */
  static final String WORKER_JVM_ARGS =
      "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -noverify -Djava.net.preferIPv4Stack=true";

  @Option(
      names = "--probe-jvm-args",
      defaultValue = WORKER_JVM_ARGS,
      description =
          "JVM options for the cold-start probe (default: the Functions Java worker's own,"
              + " ${DEFAULT-VALUE}; ' ' for none)")
  String probeJvmArgs;

  @Option(
      names = "--probes",
      defaultValue = "5",
      description =
          "cold-start probes, each a fresh JVM; the min and median are reported (default"
              + " ${DEFAULT-VALUE}): JVM start is noisy on a shared machine")
  int probes;

  @Option(
      names = "--cold-start-only",
      description = "only (5): the deployable's size and the cold-start probes")
  boolean coldStartOnly;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    CloudOptions cloud = CloudOptions.defaults();
    // the chain's own critical path: the connector provisions, its principal replicates, its data
    // roles reach the storage data plane (the metastore assignment's lag runs alongside)
    Duration critical =
        cloud.connectorProvisioning().plus(cloud.principalReplication()).plus(RBAC_PROPAGATION);
    out.printf(
        Locale.ROOT,
        "lakewire bench: %s, %d cores, Java %s, max heap %d MB; cloud: ARM buckets reads %d+%.0f/s,"
            + " writes %d+%.0f/s; critical path: provisioning %ds + replication %ds + RBAC"
            + " propagation %ds (metastore assignment lag %ds alongside)%n",
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20,
        READ_BURST,
        READ_RATE,
        WRITE_BURST,
        WRITE_RATE,
        cloud.connectorProvisioning().toSeconds(),
        cloud.principalReplication().toSeconds(),
        RBAC_PROPAGATION.toSeconds(),
        cloud.metastoreAssignmentLag().toSeconds());
    out.printf(
        Locale.ROOT,
        "minimum per workspace: %d ARM reads, %d ARM writes, %d Databricks calls%n%n",
        MIN_READS,
        MIN_CONNECTOR_WRITES + MIN_ROLE_WRITES,
        MIN_DATABRICKS);

    if (coldStartOnly) {
      return coldStart(out);
    }
    List<int[]> bursts = new ArrayList<>();
    for (int n : sizes) {
      bursts.add(new int[] {n, 1});
    }
    if (!spread.equalsIgnoreCase("none")) {
      String[] p = spread.toLowerCase(Locale.ROOT).split("x");
      if (p.length != 2) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--spread: expected NxS (e.g. 1000x4) or none: " + spread);
      }
      bursts.add(new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())});
    }
    out.println(
        "(1)(2)(6) bursts: cloud time to all COMPLETED vs the throttle bound; calls per workspace");
    out.printf(
        Locale.ROOT,
        "%-16s %-9s %9s %5s %9s %8s %6s %7s %7s %7s %6s %6s %7s %8s%n",
        "burst",
        "system",
        "completed",
        "dead",
        "cloud",
        "bound",
        "ratio",
        "reads",
        "writes",
        "dbx",
        "429s",
        "calls",
        "wall",
        "peakheap");
    double perWsMin = MIN_READS + MIN_CONNECTOR_WRITES + MIN_ROLE_WRITES + MIN_DATABRICKS;
    for (int[] b : bursts) {
      Duration bound = bound(b[0], b[1], critical);
      Bench.Run lw = Bench.lakewire(b[0], b[1], cloud);
      row(out, b, "lakewire", lw, bound, perWsMin);
      if (!noBaseline) {
        Bench.Run base = Bench.baseline(b[0], b[1], cloud);
        row(out, b, "baseline", base, bound, perWsMin);
        out.printf(
            Locale.ROOT,
            "%-16s lakewire is %.1fx faster than the baseline%n",
            "",
            base.cloudTime().toMillis() / (double) Math.max(1, lw.cloudTime().toMillis()));
      }
    }
    out.println(
        "    (reads/writes/dbx: per workspace, 429s included; calls: all per workspace ÷ the minimum)");

    out.println();
    out.println("(3) one workspace, no throttling: added latency over the cloud's critical path");
    CloudOptions unthrottled = cloud.withThrottling(false);
    Bench.Run one = Bench.lakewire(1, 1, unthrottled);
    out.printf(
        Locale.ROOT,
        "    lakewire %.1f s - critical path %.1f s = %+.1f s",
        seconds(one.cloudTime()),
        seconds(critical),
        seconds(one.cloudTime().minus(critical)));
    if (!noBaseline) {
      Bench.Run oneBase = Bench.baseline(1, 1, unthrottled);
      out.printf(
          Locale.ROOT,
          "; baseline %.1f s - %.1f s = %+.1f s",
          seconds(oneBase.cloudTime()),
          seconds(critical),
          seconds(oneBase.cloudTime().minus(critical)));
    }
    out.println();

    out.println();
    out.println("(4) in-process overhead per step message (in-memory ports: a zero-latency cloud)");
    Overhead.Result o = Overhead.measure(messages);
    out.printf(
        Locale.ROOT,
        "    %d messages after %d warm-up: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
        o.measured(),
        o.warmup(),
        o.p50Nanos() / 1e6,
        o.p99Nanos() / 1e6,
        o.maxNanos() / 1e6);

    out.println();
    return coldStart(out);
  }

  /** (5): the deployable's size, then {@link #probes} cold starts, each in a fresh JVM. */
  private int coldStart(PrintStream out) throws IOException, InterruptedException {
    out.println("(5) deployable and cold start");
    Path app = Path.of("target/azure-functions/lakewire");
    if (!Files.isDirectory(app.resolve("lib"))) {
      out.println("    " + app + " is missing: run ./mvnw -q -B -DskipTests package first");
      return 0;
    }
    long bytes;
    try (Stream<Path> files = Files.walk(app)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(BenchCommand::size).sum();
    }
    out.printf(Locale.ROOT, "    deployable %s: %.1f MB%n", app, bytes / 1e6);
    out.println(
        "    JVM start → first step handled"
            + (probeJvmArgs.isBlank() ? "" : " (JVM options " + probeJvmArgs + ")")
            + ", "
            + probes
            + " probes:");
    List<Long> firsts = new ArrayList<>();
    for (int i = 0; i < probes; i++) {
      Probe p = firstStep(app, probeJvmArgs);
      out.println("      " + p);
      if (p.firstMs() >= 0) {
        firsts.add(p.firstMs());
      }
    }
    if (!firsts.isEmpty()) {
      firsts.sort(null);
      out.printf(
          Locale.ROOT,
          "    min %.2f s, median %.2f s (inside the JVM; load average %.1f)%n",
          firsts.get(0) / 1000.0,
          firsts.get(firsts.size() / 2) / 1000.0,
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
    return 0;
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The throttle bound: per subscription's buckets, the minimum calls beyond the burst allowance at
   * the refill rate, the slowest bucket, plus one workspace's critical path. Workspaces spread over
   * the subscriptions round-robin; the role assignments all land in the storage account's.
   */
  static Duration bound(int workspaces, int subscriptions, Duration critical) {
    double worst = 0;
    for (int s = 0; s < subscriptions; s++) {
      int here = workspaces / subscriptions + (s < workspaces % subscriptions ? 1 : 0);
      double reads = (double) here * MIN_READS;
      double writes =
          (double) here * MIN_CONNECTOR_WRITES + (s == 0 ? workspaces * MIN_ROLE_WRITES : 0);
      worst =
          Math.max(
              worst,
              Math.max(
                  Math.max(0, reads - READ_BURST) / READ_RATE,
                  Math.max(0, writes - WRITE_BURST) / WRITE_RATE));
    }
    return critical.plusMillis((long) (worst * 1000));
  }

  private static void row(
      PrintStream out, int[] b, String system, Bench.Run r, Duration bound, double perWsMin) {
    double n = r.workspaces();
    double calls =
        (r.requests().armReads() + r.requests().armWrites() + r.requests().databricks()) / n;
    out.printf(
        Locale.ROOT,
        "%-16s %-9s %9s %5d %8.0fs %7.0fs %5.2fx %7.2f %7.2f %7.2f %6d %5.2fx %6.1fs %6dMB%n",
        b[0] + " ws, " + b[1] + " sub" + (b[1] > 1 ? "s" : ""),
        system,
        r.completed() + "/" + r.workspaces(),
        r.deadLettered(),
        seconds(r.cloudTime()),
        seconds(bound),
        r.cloudTime().toMillis() / (double) bound.toMillis(),
        r.requests().armReads() / n,
        r.requests().armWrites() / n,
        r.requests().databricks() / n,
        r.requests().throttled(),
        calls / perWsMin,
        r.wallMillis() / 1000.0,
        r.peakHeapBytes() >> 20);
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }

  /**
   * One cold start: JVM start to the first step handled and to the wiring built (its own measure,
   * -1 when it did not get there), spawn to exit, and what else it printed.
   */
  record Probe(long firstMs, long wiredMs, long wallMs, String counts, String output) {
    @Override
    public String toString() {
      return firstMs < 0
          ? "no first step: " + output
          : String.format(
                  Locale.ROOT,
                  "%.2f s (wiring built at %.2f s; %.2f s from spawning it to its exit; %s)",
                  firstMs / 1000.0,
                  wiredMs / 1000.0,
                  wallMs / 1000.0,
                  counts)
              + output;
    }
  }

  /** A copy of the {@code dev/lakewire/local} classes under {@code classes}, nothing else. */
  private static Path localClassesOnly(Path classes) throws IOException {
    Path out = Files.createTempDirectory("lakewire-probe-classes");
    Path local = classes.resolve("dev/lakewire/local");
    try (Stream<Path> files = Files.walk(local)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
        Path target = out.resolve(classes.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    }
    return out;
  }

  /** Starts a JVM on the deployable's class path plus the probe; its own measure. */
  private static Probe firstStep(Path app, String jvmArgs)
      throws IOException, InterruptedException {
    try (LocalCloud cloud = LocalCloud.start(CloudOptions.defaults())) {
      String storage =
          cloud.addStorageAccount(
              Bench.STORAGE_SUBSCRIPTION, "rg-lake", "lakeprobe", "westeurope", true);
      String ws =
          cloud.addWorkspace(
              Bench.STORAGE_SUBSCRIPTION, "rg-analytics", "ws-probe", "westeurope", "Succeeded");
      List<String> cp = new ArrayList<>();
      try (Stream<Path> jars = Files.list(app.resolve("lib"))) {
        jars.forEach(j -> cp.add(j.toString()));
      }
      try (Stream<Path> jars = Files.list(app)) {
        jars.filter(j -> j.toString().endsWith(".jar")).forEach(j -> cp.add(j.toString()));
      }
      // the Functions host provides the annotations library; the probe takes it from this JVM
      for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
        if (entry.contains("azure-functions-java-")) {
          cp.add(entry);
        }
      }
      // the probe and the local stand-ins of the host (in-memory bus and ledger): their classes
      // only, not the test resources beside them (a logback-test.xml would configure Logback as
      // the deployable does not)
      cp.add(localClassesOnly(Path.of("target/test-classes")).toString());
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElse("java"));
      for (String a : jvmArgs.trim().split("\\s+")) {
        if (!a.isBlank()) {
          command.add(a);
        }
      }
      command.add("-Djavax.net.ssl.trustStore=" + System.getProperty("javax.net.ssl.trustStore"));
      command.add("-Djavax.net.ssl.trustStorePassword=changeit");
      command.add("-Djavax.net.ssl.trustStoreType=PKCS12");
      command.add("-cp");
      command.add(String.join(java.io.File.pathSeparator, cp));
      command.add("dev.lakewire.local.bench.FirstStepProbe");
      Path settings = Files.createTempFile("lakewire-probe", ".properties");
      Path delivery = Files.createTempFile("lakewire-probe", ".json");
      settings.toFile().deleteOnExit();
      delivery.toFile().deleteOnExit();
      java.util.Properties props = new java.util.Properties();
      props.putAll(Bench.probeSettings(storage));
      try (java.io.Writer w = Files.newBufferedWriter(settings)) {
        props.store(w, "lakewire bench: the cold-start probe's app settings");
      }
      Files.writeString(
          delivery,
          EventSamples.delivery(
              List.of(EventSamples.workspaceWrite(EventSamples.Schema.EVENT_GRID, ws, "e", "c"))));
      command.add(settings.toString());
      command.add(delivery.toString());
      command.add(cloud.armEndpoint());
      command.add(cloud.tenantId());
      command.add(cloud.endpoints().databricksAccountsHost());
      command.add(cloud.endpoints().databricksAccountId());
      command.add(cloud.endpoints().applicationId());
      long spawn = System.nanoTime();
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      long first = -1;
      long wired = -1;
      String counts = "";
      StringBuilder output = new StringBuilder();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.startsWith("first-step-ms=")) {
            first = Long.parseLong(line.substring(14));
          } else if (line.startsWith("wired-ms=")) {
            wired = Long.parseLong(line.substring(9));
          } else if (line.startsWith("classes=")) {
            counts = line;
          } else if (line.contains("-noverify were deprecated") || line.startsWith("INFO ")) {
            continue; // the worker's own -noverify (JDK 17 warns); the step's own log line
          } else if (output.length() < 2000) {
            output.append("\n        ").append(line);
          }
        }
      }
      p.waitFor();
      long wall = (System.nanoTime() - spawn) / 1_000_000;
      return new Probe(
          first,
          wired,
          wall,
          counts,
          first < 0 ? " (exit " + p.exitValue() + ")" + output : output.toString());
    }
  }
}

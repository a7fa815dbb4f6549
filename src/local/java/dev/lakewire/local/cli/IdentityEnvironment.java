package dev.lakewire.local.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The production credential (azure-identity's {@code ManagedIdentityCredential}) reads {@code
 * IDENTITY_ENDPOINT}/{@code IDENTITY_HEADER} from the process environment only, and would otherwise
 * call the VM metadata endpoint. So the demo runs in a JVM whose environment points at the local
 * cloud's token endpoint on a free loopback port, and which trusts the local cloud's certificate:
 * when this JVM lacks that environment, it starts itself again with it.
 */
final class IdentityEnvironment {

  static final String MARKER = "LAKEWIRE_LOCAL_IDENTITY";

  private IdentityEnvironment() {}

  /** Whether this JVM lacks the local identity environment. */
  static boolean missing() {
    String endpoint = System.getenv("IDENTITY_ENDPOINT");
    return endpoint == null || !endpoint.startsWith("https://127.0.0.1:");
  }

  /**
   * Runs {@code args} again in a child JVM (same java, JVM options and class path) whose
   * environment points azure-identity at a free loopback port for the local cloud's token endpoint
   * and whose trust store is the local cloud's.
   *
   * @return the child's exit code
   */
  static int relaunch(String[] args) throws IOException {
    if (System.getenv(MARKER) != null) {
      throw new IllegalStateException("relaunched without IDENTITY_ENDPOINT; refusing to loop");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("lakewire-demo");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-Djavax.net.ssl.trustStore=" + dir.resolve("truststore.p12"));
    command.add("-Djavax.net.ssl.trustStorePassword=changeit");
    command.add("-Djavax.net.ssl.trustStoreType=PKCS12");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LakewireCli.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    Map<String, String> env = pb.environment();
    env.put("IDENTITY_ENDPOINT", "https://127.0.0.1:" + port + "/msi/token");
    env.put("IDENTITY_HEADER", UUID.randomUUID().toString());
    env.put(MARKER, "1");
    Process p = pb.start();
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      return 130;
    }
  }
}

package dev.lakewire.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * What the local run takes from the Functions app's {@code host.json} (the file deployed with the
 * app; the build puts it on the local run's class path, so it is read, never copied).
 */
public final class HostJson {

  /** Where {@code host.json} is on the class path. */
  static final String RESOURCE = "/host.json";

  private HostJson() {}

  /**
   * {@code extensions.serviceBus.maxConcurrentCalls}: how many messages one host instance runs at
   * once per function.
   *
   * @throws IllegalStateException when host.json is missing or the setting is not a positive number
   */
  public static int maxConcurrentCalls() {
    return maxConcurrentCalls(read());
  }

  static int maxConcurrentCalls(JsonNode host) {
    JsonNode n = host.at("/extensions/serviceBus/maxConcurrentCalls");
    if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1) {
      throw new IllegalStateException(
          "host.json: extensions.serviceBus.maxConcurrentCalls must be a positive integer, was "
              + (n.isMissingNode() ? "missing" : n.toString()));
    }
    return n.asInt();
  }

  private static JsonNode read() {
    try (InputStream in = HostJson.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "host.json is not on the class path (the build copies it from the project root)");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read host.json", e);
    }
  }
}

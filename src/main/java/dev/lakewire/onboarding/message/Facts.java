package dev.lakewire.onboarding.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts the infrastructure and the code must agree on, read once from {@value #RESOURCE}: the
 * queues (setting → default queue name), the ledger table, the app settings infra must define, the
 * built-in role GUIDs (by Azure display name), the storage roles lakewire may grant, and the Event
 * Grid events that start onboarding and offboarding. The file is {@code infra/facts.json}; the
 * Bicep templates load the same file with {@code loadJsonContent}, and Maven packages it into the
 * deployable.
 *
 * @param queues setting name → default queue name, in file order
 * @param ledgerTable the default ledger table name
 * @param appSettings the app settings (besides the queue settings) the Function App must define
 * @param builtInRoles Azure built-in role display name → role definition GUID
 * @param grantableStorageRoles the display names of the storage data roles lakewire may grant
 * @param onboarding the event that starts onboarding
 * @param offboarding the event that starts offboarding
 */
public record Facts(
    Map<String, String> queues,
    String ledgerTable,
    List<String> appSettings,
    Map<String, String> builtInRoles,
    List<String> grantableStorageRoles,
    WorkspaceEvent onboarding,
    WorkspaceEvent offboarding) {

  /** The classpath resource (copied from {@code infra/facts.json} by the build). */
  public static final String RESOURCE = "/dev/lakewire/facts.json";

  /**
   * An Event Grid event lakewire acts on: its type and the ARM operation in its data.
   *
   * @param eventType e.g. {@code Microsoft.Resources.ResourceWriteSuccess}
   * @param operationName e.g. {@code Microsoft.Databricks/workspaces/write}
   */
  public record WorkspaceEvent(String eventType, String operationName) {}

  private static final class Holder {
    static final Facts FACTS = load();
  }

  /** The facts of {@value #RESOURCE}, read once. */
  public static Facts get() {
    return Holder.FACTS;
  }

  /** The default queue name of a queue setting; fails naming the key when the file has none. */
  public String queue(String setting) {
    return require(queues, "queues", setting);
  }

  /** The role definition GUID of a built-in role; fails naming the key when the file has none. */
  public String roleGuid(String displayName) {
    return require(builtInRoles, "builtInRoles", displayName);
  }

  private static String require(Map<String, String> map, String field, String key) {
    String v = map.get(key);
    if (v == null) {
      throw new IllegalStateException(RESOURCE + ": " + field + "." + key + " is missing");
    }
    return v;
  }

  private static Facts load() {
    try (InputStream in = Facts.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is not on the classpath (the build copies it from infra/facts.json)");
      }
      return parse(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(RESOURCE + " is not JSON", e);
    }
  }

  /**
   * Reads the facts from the file's JSON.
   *
   * @throws IllegalStateException naming the first missing or mistyped key
   */
  static Facts parse(JsonNode root) {
    JsonNode events = node(root, "workspaceEvents", "");
    return new Facts(
        strings(node(root, "queues", ""), "queues"),
        text(root, "ledgerTable", ""),
        list(node(root, "appSettings", ""), "appSettings"),
        strings(node(root, "builtInRoles", ""), "builtInRoles"),
        list(node(root, "grantableStorageRoles", ""), "grantableStorageRoles"),
        event(events, "onboarding"),
        event(events, "offboarding"));
  }

  private static WorkspaceEvent event(JsonNode events, String name) {
    JsonNode e = node(events, name, "workspaceEvents.");
    String path = "workspaceEvents." + name + ".";
    return new WorkspaceEvent(text(e, "eventType", path), text(e, "operationName", path));
  }

  private static JsonNode node(JsonNode parent, String key, String path) {
    JsonNode n = parent.get(key);
    if (n == null || n.isNull()) {
      throw new IllegalStateException(RESOURCE + ": " + path + key + " is missing");
    }
    return n;
  }

  private static String text(JsonNode parent, String key, String path) {
    JsonNode n = node(parent, key, path);
    if (!n.isTextual() || n.asText().isBlank()) {
      throw new IllegalStateException(RESOURCE + ": " + path + key + " must be a non-blank string");
    }
    return n.asText();
  }

  private static Map<String, String> strings(JsonNode object, String path) {
    if (!object.isObject()) {
      throw new IllegalStateException(RESOURCE + ": " + path + " must be an object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    object.fieldNames().forEachRemaining(k -> out.put(k, text(object, k, path + ".")));
    return Collections.unmodifiableMap(out);
  }

  private static List<String> list(JsonNode array, String path) {
    if (!array.isArray()) {
      throw new IllegalStateException(RESOURCE + ": " + path + " must be an array");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode n = array.get(i);
      if (!n.isTextual() || n.asText().isBlank()) {
        throw new IllegalStateException(
            RESOURCE + ": " + path + "[" + i + "] must be a non-blank string");
      }
      out.add(n.asText());
    }
    return List.copyOf(out);
  }
}

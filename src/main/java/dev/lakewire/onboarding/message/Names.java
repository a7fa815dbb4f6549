package dev.lakewire.onboarding.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/** The deterministic names lakewire gives things, so that doing a step twice finds its work. */
public final class Names {

  /** The namespace of role assignment GUIDs (the one ARM templates' {@code guid()} uses). */
  private static final UUID BICEP_GUID_NAMESPACE =
      UUID.fromString("11fb06fb-712d-4ddd-98c7-e71bbd588830");

  private static final int CONNECTOR_NAME_MAX = 64;

  private Names() {}

  /**
   * The Access Connector's name: {@code <workspace><suffix>}, trimmed to 64 characters with an
   * 8-character hash of the workspace id when too long.
   */
  public static String accessConnector(WorkspaceRef workspace, String suffix) {
    String name = workspace.name() + suffix;
    if (name.length() <= CONNECTOR_NAME_MAX) {
      return name;
    }
    String hash = sha256Hex(workspace.key()).substring(0, 8);
    int keep = CONNECTOR_NAME_MAX - suffix.length() - hash.length() - 1;
    return workspace.name().substring(0, keep) + "-" + hash + suffix;
  }

  /** The Access Connector's ARM id: same subscription and resource group as the workspace. */
  public static String accessConnectorId(WorkspaceRef workspace, String suffix) {
    return workspace.resourceGroupId()
        + "/providers/Microsoft.Databricks/accessConnectors/"
        + accessConnector(workspace, suffix);
  }

  /**
   * The role assignment GUID for (scope, principal, role): a name-based UUID (v5) over the
   * lower-cased scope, the principal id and the role GUID, like Bicep's {@code guid(scope,
   * principalId, roleId)}: the same inputs always give the same name, in any process.
   */
  public static String roleAssignment(String scope, String principalId, String roleGuid) {
    return uuidV5(
            BICEP_GUID_NAMESPACE,
            scope.toLowerCase(Locale.ROOT)
                + "-"
                + principalId.toLowerCase(Locale.ROOT)
                + "-"
                + roleGuid.toLowerCase(Locale.ROOT))
        .toString();
  }

  /** Longest readable part of a metastore-level name (the hash keeps it unique). */
  private static final int READABLE_MAX = 40;

  /**
   * The workspace's Unity Catalog storage credential: {@code <workspace>_<hash>}. Storage
   * credential names are unique per metastore and compared case-insensitively, and workspace names
   * repeat across resource groups ({@code rg-a/analytics}, {@code rg-b/analytics}) or differ only
   * in case or {@code -}/{@code _}: the readable part is the lower-cased workspace name with every
   * other character as {@code _}, the hash (10 hex digits of SHA-256) is of the lower-cased full
   * workspace resource id, so two workspaces never share a name.
   */
  public static String storageCredential(WorkspaceRef workspace) {
    return readable(workspace.name()) + "_" + hash(workspace.key());
  }

  /**
   * The shared storage credential on the lakewire-owned shared Access Connector: {@code
   * lakewire_shared_<hash of the connector id>}.
   */
  public static String sharedStorageCredential(String sharedConnectorId) {
    return "lakewire_shared_" + hash(sharedConnectorId.toLowerCase(Locale.ROOT));
  }

  /**
   * The shared external location of a container (one per container per metastore): {@code
   * lakewire_<account>_<container>}. Account names are {@code [a-z0-9]} and container names {@code
   * [a-z0-9-]}, so mapping {@code -} to {@code _} keeps the name unique.
   */
  public static String externalLocation(String accountName, String container) {
    return ("lakewire_" + accountName + "_" + container).toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * A workspace's own external location in a container (the {@code per-workspace} layout): {@code
   * <account>_<container>_<workspace>_<hash of the workspace id>}.
   */
  public static String externalLocation(
      String accountName, String container, WorkspaceRef workspace) {
    return (accountName + "_" + container).toLowerCase(Locale.ROOT).replace('-', '_')
        + "_"
        + storageCredential(workspace);
  }

  /** The folder of a workspace in a container (the {@code per-workspace} layout). */
  public static String workspacePath(WorkspaceRef workspace) {
    return "workspaces/"
        + readable(workspace.name()).replace('_', '-')
        + "-"
        + hash(workspace.key())
        + "/";
  }

  private static String readable(String name) {
    String r = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    return r.length() <= READABLE_MAX ? r : r.substring(0, READABLE_MAX);
  }

  private static String hash(String lowerCased) {
    return sha256Hex(lowerCased).substring(0, 10);
  }

  /**
   * The Service Bus MessageId of a step message: the same workspace, step, generation and
   * correlation id always give the same id, so duplicate deliveries of one event collapse in
   * duplicate detection.
   */
  public static String messageId(
      String workspaceResourceId, Step step, int generation, String correlationId) {
    return messageId(workspaceResourceId, step, generation, correlationId, 0);
  }

  /**
   * The MessageId of a step message of a numbered run: the run is part of it from run 2 on, so a
   * replayed run (same correlation id) is not taken for a duplicate of the run it replays.
   */
  public static String messageId(
      String workspaceResourceId, Step step, int generation, String correlationId, int run) {
    return UUID.nameUUIDFromBytes(
            (workspaceResourceId.toLowerCase(Locale.ROOT)
                    + "|"
                    + step
                    + "|"
                    + generation
                    + "|"
                    + (correlationId == null ? "" : correlationId.toLowerCase(Locale.ROOT))
                    + (run > 1 ? "|" + run : ""))
                .getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  static UUID uuidV5(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    ByteBuffer ns = ByteBuffer.allocate(16);
    ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
    sha1.update(ns.array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

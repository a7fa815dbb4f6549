package dev.lakewire.onboarding.step;

import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.ports.AccessConnector;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether an Access Connector found under the workspace's deterministic name is lakewire's
 * connector <em>for this workspace</em>, so that its identity may receive the storage roles.
 *
 * <p>The name alone proves nothing: anyone who may create resources in the workspace's resource
 * group (workspace creators can) can create {@code <workspace>-uc} first, with an identity of their
 * own, and would then receive Storage Blob Data Contributor on the lake. A connector is accepted
 * only when <b>both</b> hold:
 *
 * <ol>
 *   <li><b>Tags</b>: {@value #TAG_MANAGED} = {@code true}, and the workspace tags name this
 *       workspace: {@value #TAG_WORKSPACE_SHA256} = SHA-256 (hex) of the lower-cased workspace id,
 *       and {@value #TAG_WORKSPACE} = the workspace id compared case-insensitively as an ARM id
 *       (or, for an id longer than Azure's 256-character tag-value limit, its {@linkplain
 *       #readableWorkspaceTag truncated form}). A connector written before the hash tag existed (no
 *       hash tag) is accepted on the full id in {@value #TAG_WORKSPACE} alone.
 *   <li><b>Identity</b>: exactly the configured identity and nothing else — {@code SystemAssigned}
 *       with no user-assigned identity, or {@code UserAssigned} with exactly the configured
 *       user-assigned identity (ARM ids compared case-insensitively). The roles go to that
 *       identity's principal only (never "the first user-assigned identity").
 * </ol>
 *
 * <p><b>What the tags do not prove.</b> Tags are writable by anyone with write access to the
 * connector, so a hostile creator can copy them: the tag check only stops connectors that were not
 * meant to look like lakewire's (a name clash, a connector made by hand or by another tool) and
 * binds a connector to <em>one</em> workspace, so a connector of workspace A is never taken for
 * workspace B's. What binds a connector to lakewire beyond that is the identity:
 *
 * <ul>
 *   <li>With a <b>user-assigned</b> identity ({@code LAKEWIRE_CONNECTOR_IDENTITY}), attaching it to
 *       a connector needs {@code Microsoft.ManagedIdentity/userAssignedIdentities/assign/action} on
 *       that identity, which only lakewire (and the identity's owners) hold: a foreign connector
 *       cannot carry it, and one with an extra identity is refused. This is the strong binding.
 *   <li>With a <b>system-assigned</b> identity, the identity belongs to whoever controls the
 *       connector resource. A principal with write access to the resource group can forge the tags
 *       on a connector it created first — but the same principal can also use lakewire's own
 *       connector in that resource group (a system-assigned identity is controlled through its
 *       resource), so a forged connector gives it nothing it could not already reach. Operators who
 *       do not trust resource-group writers should configure a user-assigned identity.
 * </ul>
 *
 * <p>Anything else is a permanent failure naming the connector and what is wrong; nothing is
 * granted and the connector is never overwritten (lakewire does not adopt someone else's resource).
 */
public final class ConnectorOwnership {

  /** Tag naming the workspace a connector belongs to (at most 256 characters, see above). */
  public static final String TAG_WORKSPACE = "lakewire:workspace";

  /** Tag with the SHA-256 (hex) of the lower-cased workspace id the connector belongs to. */
  public static final String TAG_WORKSPACE_SHA256 = "lakewire:workspace-sha256";

  /** Tag marking resources lakewire manages. */
  public static final String TAG_MANAGED = "lakewire:managed";

  /** Azure's limit on a tag value. */
  public static final int TAG_VALUE_MAX = 256;

  private static final String TRUNCATED = "...";

  private ConnectorOwnership() {}

  /** The tags lakewire puts on the connector of a workspace. */
  public static Map<String, String> tagsFor(WorkspaceRef ws) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(TAG_WORKSPACE, readableWorkspaceTag(ws.id()));
    tags.put(TAG_WORKSPACE_SHA256, workspaceHash(ws));
    tags.put(TAG_MANAGED, "true");
    return tags;
  }

  /**
   * The workspace id when it fits a tag value; otherwise its first 253 characters and {@code ...}
   * (readable for people; the hash tag is what lakewire checks).
   */
  public static String readableWorkspaceTag(String workspaceId) {
    if (workspaceId.length() <= TAG_VALUE_MAX) {
      return workspaceId;
    }
    return workspaceId.substring(0, TAG_VALUE_MAX - TRUNCATED.length()) + TRUNCATED;
  }

  /** SHA-256 (lower-case hex) of the lower-cased workspace id. */
  public static String workspaceHash(WorkspaceRef ws) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(ws.key().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Why the connector is not lakewire's connector of {@code ws} with {@code identity} (null for
   * system-assigned), or empty when it is.
   */
  public static Optional<String> refusal(AccessConnector c, WorkspaceRef ws, String identity) {
    String managed = c.tag(TAG_MANAGED);
    if (!"true".equalsIgnoreCase(managed)) {
      return Optional.of(
          notOurs(c, "it lacks the tag " + TAG_MANAGED + "=true (found " + shown(managed) + ")"));
    }
    String hash = c.tag(TAG_WORKSPACE_SHA256);
    String readable = c.tag(TAG_WORKSPACE);
    boolean workspaceMatches =
        hash == null
            ? readable != null && readable.equalsIgnoreCase(ws.id())
            : hash.equalsIgnoreCase(workspaceHash(ws))
                && readable != null
                && readable.equalsIgnoreCase(readableWorkspaceTag(ws.id()));
    if (!workspaceMatches) {
      return Optional.of(
          notOurs(
              c,
              "its tags "
                  + TAG_WORKSPACE
                  + "="
                  + shown(readable)
                  + " / "
                  + TAG_WORKSPACE_SHA256
                  + "="
                  + shown(hash)
                  + " do not name workspace "
                  + ws.id()));
    }
    String type = c.identityType().replace(" ", "").toLowerCase(Locale.ROOT);
    if (identity == null) {
      if (!type.equals("systemassigned") || !c.userAssignedIdentities().isEmpty()) {
        return Optional.of(
            notOurs(
                c,
                "its identity is "
                    + c.identityType()
                    + attached(c)
                    + ", not exactly the configured SystemAssigned identity"));
      }
    } else {
      boolean exactly =
          type.equals("userassigned")
              && c.userAssignedIdentities().size() == 1
              && c.userAssignedIdentities().keySet().iterator().next().equalsIgnoreCase(identity);
      if (!exactly) {
        return Optional.of(
            notOurs(
                c,
                "its identity is "
                    + c.identityType()
                    + attached(c)
                    + ", not exactly the configured user-assigned identity "
                    + identity));
      }
    }
    return Optional.empty();
  }

  private static String notOurs(AccessConnector c, String why) {
    return "access connector "
        + c.id()
        + " is not lakewire's connector for this workspace: "
        + why
        + "; lakewire grants nothing to it and does not overwrite it. Delete or rename it (or fix"
        + " "
        + OnboardingPolicy.CONNECTOR_IDENTITY
        + ") and reprocess";
  }

  private static String attached(AccessConnector c) {
    return c.userAssignedIdentities().isEmpty()
        ? ""
        : " with user-assigned " + c.userAssignedIdentities().keySet();
  }

  private static String shown(String v) {
    return v == null ? "(none)" : WorkspaceRef.printable(v);
  }
}

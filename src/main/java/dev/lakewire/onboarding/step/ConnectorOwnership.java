package dev.lakewire.onboarding.step;

import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.ports.AccessConnector;
import dev.lakewire.ports.AccessConnectorSpec;
import dev.lakewire.ports.Match;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 *   <li><b>Tags</b>: the workspace tags name this workspace — {@value #TAG_WORKSPACE_SHA256} =
 *       SHA-256 (hex) of the lower-cased workspace id, {@value #TAG_WORKSPACE} = the workspace id
 *       compared case-insensitively (for an id longer than Azure's 256-character tag-value limit,
 *       only the hash names it) — where they are present, and at least one of them is present (with
 *       a user-assigned identity, the identity alone is enough: see below). A workspace tag naming
 *       another workspace makes the connector another's. lakewire's tags that were removed or
 *       changed otherwise (a missing hash tag, {@value #TAG_MANAGED} no longer {@code true}) are
 *       drift, which step 1 writes back with a PUT that keeps the other tags.
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
   * The connector lakewire wants for {@code ws}: its tags, of which the workspace tags name its
   * owner (only the hash tag for an id too long for a tag value: a truncated id names no workspace
   * for certain), and exactly the configured identity ({@code identity}, null for system-assigned).
   */
  public static AccessConnectorSpec desired(
      String connectorId, WorkspaceRef ws, String location, String identity) {
    Set<String> owners =
        ws.id().length() <= TAG_VALUE_MAX
            ? Set.of(TAG_WORKSPACE, TAG_WORKSPACE_SHA256)
            : Set.of(TAG_WORKSPACE_SHA256);
    return new AccessConnectorSpec(
        connectorId, location, identity, tagsFor(ws), owners, "workspace " + ws.id());
  }

  /**
   * Why the connector is not lakewire's connector of {@code ws} with {@code identity} (null for
   * system-assigned), or empty when it is ({@link AccessConnectorSpec#match}: lakewire's tags that
   * drifted do not make it another's; step 1 writes them back).
   */
  public static Optional<String> refusal(AccessConnector c, WorkspaceRef ws, String identity) {
    Match match = desired(c.id(), ws, c.location(), identity).match(c);
    return match instanceof Match.Foreign foreign
        ? Optional.of(notOurs(c, foreign.why()))
        : Optional.empty();
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
}

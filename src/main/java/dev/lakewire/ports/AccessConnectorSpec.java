package dev.lakewire.ports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The desired Access Connector.
 *
 * @param id the ARM resource id it must have
 * @param location the Azure region
 * @param userAssignedIdentityId null for a system-assigned identity, otherwise the ARM id of the
 *     user-assigned identity to attach
 * @param tags the tags it must carry (lakewire's; other tags on it are kept)
 * @param ownerTags which of {@code tags} name its owner: found with another value, the connector is
 *     another owner's ({@link Match.Foreign}); all absent, it is recognisably lakewire's only by a
 *     user-assigned identity (which only lakewire can attach)
 * @param owner the owner those tags name, for messages ({@code "workspace <id>"})
 */
public record AccessConnectorSpec(
    String id,
    String location,
    String userAssignedIdentityId,
    Map<String, String> tags,
    Set<String> ownerTags,
    String owner)
    implements Desired<AccessConnector> {

  public AccessConnectorSpec {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    ownerTags = ownerTags == null ? Set.of() : Set.copyOf(ownerTags);
  }

  /** A connector with these tags and no owner tags (nothing tells whose it is but its name). */
  public AccessConnectorSpec(
      String id, String location, String userAssignedIdentityId, Map<String, String> tags) {
    this(id, location, userAssignedIdentityId, tags, Set.of(), null);
  }

  /** For messages: {@code access connector <id>}. */
  @Override
  public String describe() {
    return "access connector " + id;
  }

  /** This spec with {@code actual}'s other tags kept: what a PUT that corrects drift sends. */
  public AccessConnectorSpec keepingTagsOf(AccessConnector actual) {
    Map<String, String> all = new LinkedHashMap<>();
    actual.tags().forEach((k, v) -> all.put(k, v));
    // tag names compare case-insensitively (as ARM does): ours replaces any spelling of it
    all.keySet().removeIf(k -> tags.keySet().stream().anyMatch(k::equalsIgnoreCase));
    all.putAll(tags);
    return new AccessConnectorSpec(id, location, userAssignedIdentityId, all, ownerTags, owner);
  }

  /**
   * What matters of a connector, in this order:
   *
   * <ol>
   *   <li>its identity: exactly the desired one and nothing else (an identity lakewire would grant
   *       storage roles to: never overwritten, never adopted) — else {@link Match.Foreign} naming
   *       both;
   *   <li>its owner tags: one found with another value, or (with a system-assigned identity) none
   *       found at all, is another's — {@link Match.Foreign};
   *   <li>lakewire's tags, each missing or changed, and a failed provisioning: {@link
   *       Match.Drifted}, which lakewire corrects with a PUT that keeps the other tags.
   * </ol>
   */
  @Override
  public Match match(AccessConnector actual) {
    String type = actual.identityType().replace(" ", "").toLowerCase(Locale.ROOT);
    String uami = this.userAssignedIdentityId;
    boolean exactly =
        uami == null
            ? type.equals("systemassigned") && actual.userAssignedIdentities().isEmpty()
            : type.equals("userassigned")
                && actual.userAssignedIdentities().size() == 1
                && actual
                    .userAssignedIdentities()
                    .keySet()
                    .iterator()
                    .next()
                    .equalsIgnoreCase(uami);
    if (!exactly) {
      return new Match.Foreign(
          "its identity is "
              + actual.identityType()
              + (actual.userAssignedIdentities().isEmpty()
                  ? ""
                  : " with user-assigned " + actual.userAssignedIdentities().keySet())
              + ", not exactly the configured "
              + (uami == null ? "SystemAssigned identity" : "user-assigned identity " + uami));
    }
    List<String> owners = this.ownerTags.stream().sorted().toList();
    boolean named = false;
    for (String tag : owners) {
      String found = actual.tag(tag);
      if (found != null && !found.equalsIgnoreCase(this.tags.get(tag))) {
        return new Match.Foreign(
            "its tags "
                + String.join(
                    " / ",
                    owners.stream().map(t -> t + "=" + Match.printable(actual.tag(t))).toList())
                + " do not name "
                + this.owner);
      }
      named |= found != null;
    }
    if (!named && !owners.isEmpty() && uami == null) {
      return new Match.Foreign(
          "it carries none of the tags " + owners + " that name " + this.owner);
    }
    Match.Differences differences = new Match.Differences();
    this.tags.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            t ->
                differences.ignoringCase(
                    "tag " + t.getKey(), t.getValue(), actual.tag(t.getKey()), true));
    return differences
        .compare(
            "provisioning state", "Succeeded", actual.provisioningState(), !actual.failed(), true)
        .result();
  }
}

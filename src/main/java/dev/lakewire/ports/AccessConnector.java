package dev.lakewire.ports;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An Azure Databricks Access Connector ({@code Microsoft.Databricks/accessConnectors}): the managed
 * identity Unity Catalog uses to reach storage.
 *
 * @param id the ARM resource id
 * @param name the connector name
 * @param location the Azure region
 * @param provisioningState ARM provisioning state
 * @param principalId object id of the connector's <em>system-assigned</em> identity; null when it
 *     has none, or until ARM has created it
 * @param tags the resource tags
 * @param identityType ARM's {@code identity.type}: {@code SystemAssigned}, {@code UserAssigned},
 *     {@code SystemAssigned,UserAssigned} or {@code None}
 * @param userAssignedIdentities the attached user-assigned identities: ARM id (as ARM spells it) to
 *     the identity's principal (object) id, null while ARM does not show it
 */
public record AccessConnector(
    String id,
    String name,
    String location,
    String provisioningState,
    String principalId,
    Map<String, String> tags,
    String identityType,
    Map<String, String> userAssignedIdentities) {

  public AccessConnector {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
    identityType = identityType == null ? "None" : identityType;
    // Map.copyOf refuses null values; a principal not shown yet is kept as null
    userAssignedIdentities =
        userAssignedIdentities == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(userAssignedIdentities));
  }

  /** A connector with a system-assigned identity only. */
  public AccessConnector(
      String id,
      String name,
      String location,
      String provisioningState,
      String principalId,
      Map<String, String> tags) {
    this(id, name, location, provisioningState, principalId, tags, "SystemAssigned", Map.of());
  }

  /** Provisioned ({@code Succeeded}). */
  public boolean provisioned() {
    return ProvisioningStates.succeeded(provisioningState);
  }

  /** Ready for role assignments: provisioned and its system-assigned identity exists. */
  public boolean ready() {
    return provisioned() && principalId != null && !principalId.isBlank();
  }

  public boolean failed() {
    return "Failed".equalsIgnoreCase(provisioningState)
        || "Canceled".equalsIgnoreCase(provisioningState);
  }

  /**
   * The principal of exactly this identity of the connector: its system-assigned identity when
   * {@code userAssignedIdentityId} is null, else that user-assigned identity (ARM ids compare
   * case-insensitively). Null when the connector does not show that identity's principal (yet).
   * Never another identity's principal.
   */
  public String principalOf(String userAssignedIdentityId) {
    if (userAssignedIdentityId == null) {
      return blankToNull(principalId);
    }
    String wanted = userAssignedIdentityId.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> e : userAssignedIdentities.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(wanted)) {
        return blankToNull(e.getValue());
      }
    }
    return null;
  }

  /** The value of a tag, its name compared case-insensitively (as ARM does), or null. */
  public String tag(String name) {
    for (Map.Entry<String, String> e : tags.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}

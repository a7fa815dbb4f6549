package dev.lakewire.ports;

import java.util.List;
import java.util.Locale;

/**
 * A storage account as lakewire needs it.
 *
 * @param id the ARM resource id
 * @param name the account name
 * @param hierarchicalNamespace true for ADLS Gen2 (isHnsEnabled)
 * @param dfsEndpoint the primary dfs endpoint, e.g. {@code https://acct.dfs.core.windows.net/}
 * @param firewallDenies true when {@code networkAcls.defaultAction} is {@code Deny}: only allowed
 *     networks and resource instances reach the data plane
 * @param resourceAccessRules the resource ids in {@code networkAcls.resourceAccessRules}
 */
public record StorageAccount(
    String id,
    String name,
    boolean hierarchicalNamespace,
    String dfsEndpoint,
    boolean firewallDenies,
    List<String> resourceAccessRules) {

  public StorageAccount {
    resourceAccessRules =
        resourceAccessRules == null ? List.of() : List.copyOf(resourceAccessRules);
  }

  /** An account without a storage firewall ({@code defaultAction: Allow}). */
  public StorageAccount(String id, String name, boolean hierarchicalNamespace, String dfsEndpoint) {
    this(id, name, hierarchicalNamespace, dfsEndpoint, false, List.of());
  }

  /**
   * Whether a resource (an Access Connector) reaches the data plane through the firewall: always
   * when the firewall allows all networks, else only with a resource access rule for it.
   */
  public boolean admits(String resourceId) {
    return !firewallDenies
        || resourceAccessRules.stream()
            .anyMatch(r -> r.toLowerCase(Locale.ROOT).equals(resourceId.toLowerCase(Locale.ROOT)));
  }
}

package dev.lakewire.ports;

/**
 * A storage account as lakewire needs it.
 *
 * @param id the ARM resource id
 * @param name the account name
 * @param hierarchicalNamespace true for ADLS Gen2 (isHnsEnabled)
 * @param dfsEndpoint the primary dfs endpoint, e.g. {@code https://acct.dfs.core.windows.net/}
 */
public record StorageAccount(
    String id, String name, boolean hierarchicalNamespace, String dfsEndpoint) {}

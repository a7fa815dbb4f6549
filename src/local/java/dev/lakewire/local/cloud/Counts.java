package dev.lakewire.local.cloud;

/**
 * How many things a {@link LocalCloud} holds.
 *
 * @param workspaces Databricks workspaces
 * @param accessConnectors Access Connectors, whatever their provisioning state
 * @param roleAssignments role assignments
 * @param metastoreAssignments workspaces with a metastore assigned
 * @param storageCredentials storage credentials, in all metastores
 * @param externalLocations external locations, in all metastores
 */
public record Counts(
    int workspaces,
    int accessConnectors,
    int roleAssignments,
    int metastoreAssignments,
    int storageCredentials,
    int externalLocations) {}

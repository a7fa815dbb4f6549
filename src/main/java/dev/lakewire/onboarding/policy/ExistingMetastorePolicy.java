package dev.lakewire.onboarding.policy;

/**
 * What to do when a workspace already has a metastore other than the region's configured one (Azure
 * auto-assigns a metastore to new workspaces in some accounts).
 */
public enum ExistingMetastorePolicy {
  /** Stop with a permanent failure naming both metastores (the default: never move data access). */
  FAIL,
  /** Re-assign the workspace to the configured metastore. */
  REPLACE
}

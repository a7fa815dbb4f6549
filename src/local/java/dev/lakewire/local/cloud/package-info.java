/**
 * The local cloud: an in-process HTTPS server on loopback that answers like ARM, Azure Databricks
 * (Unity Catalog) and the managed identity token endpoint, so that the production adapters and the
 * real SDKs run unchanged in tests and in the demo. Entry point: {@link
 * dev.lakewire.local.cloud.LocalCloud}.
 *
 * <p>Test and local-run support only: no production package may depend on it.
 */
package dev.lakewire.local.cloud;

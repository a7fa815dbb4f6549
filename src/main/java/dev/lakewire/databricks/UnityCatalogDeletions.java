package dev.lakewire.databricks;

import com.databricks.sdk.service.catalog.DeleteExternalLocationRequest;
import com.databricks.sdk.service.catalog.DeleteStorageCredentialRequest;
import com.databricks.sdk.service.catalog.ExternalLocationInfo;
import com.databricks.sdk.service.catalog.StorageCredentialInfo;
import dev.lakewire.ports.CatalogDeletions;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.Workspace;

/**
 * Deletes a workspace's own Unity Catalog objects through the workspace: each is read first and
 * deleted only when it is still lakewire's as lakewire created it (lakewire's comment, the same URL
 * and credential, the same connector); a 404 on the read or the delete is done. Never with {@code
 * force}: Unity Catalog then refuses to delete an external location with dependent tables or a
 * credential that external locations still use (terraform-provider-databricks#2188, #4000), which
 * is {@link CloudFailure.Permanent} naming what depends on it.
 */
public final class UnityCatalogDeletions implements CatalogDeletions {

  private final WorkspaceClients clients;

  public UnityCatalogDeletions(WorkspaceClients clients) {
    this.clients = clients;
  }

  @Override
  public boolean deleteExternalLocation(
      Workspace workspace, String name, String url, String credential) {
    String what = "external location " + name + " in workspace " + workspace.name();
    ExternalLocationInfo existing;
    try {
      existing = clients.client(workspace).externalLocations().get(name);
    } catch (RuntimeException e) {
      if (DatabricksFailures.isNotFound(e)) {
        return false;
      }
      throw DatabricksFailures.classify("read " + what, e);
    }
    boolean ours =
        existing != null
            && UnityCatalogStorageCredentials.isOurs(existing.getComment())
            && existing.getUrl() != null
            && trim(existing.getUrl()).equalsIgnoreCase(trim(url))
            && credential.equalsIgnoreCase(existing.getCredentialName());
    if (!ours) {
      throw new CloudFailure.Permanent(
          what
              + " is not the one lakewire created (URL "
              + (existing == null ? null : existing.getUrl())
              + ", credential "
              + (existing == null ? null : existing.getCredentialName())
              + "); lakewire does not delete it",
          null);
    }
    try {
      clients
          .client(workspace)
          .externalLocations()
          .delete(new DeleteExternalLocationRequest().setName(name).setForce(false));
      return true;
    } catch (RuntimeException e) {
      if (DatabricksFailures.isNotFound(e)) {
        return false;
      }
      throw DatabricksFailures.classify("delete " + what, e);
    }
  }

  @Override
  public boolean deleteStorageCredential(
      Workspace workspace, String name, String accessConnectorResourceId) {
    String what = "storage credential " + name + " in workspace " + workspace.name();
    StorageCredentialInfo existing;
    try {
      existing = clients.client(workspace).storageCredentials().get(name);
    } catch (RuntimeException e) {
      if (DatabricksFailures.isNotFound(e)) {
        return false;
      }
      throw DatabricksFailures.classify("read " + what, e);
    }
    String connector =
        existing == null || existing.getAzureManagedIdentity() == null
            ? null
            : existing.getAzureManagedIdentity().getAccessConnectorId();
    if (connector == null
        || !connector.equalsIgnoreCase(accessConnectorResourceId)
        || !UnityCatalogStorageCredentials.isOurs(existing.getComment())) {
      throw new CloudFailure.Permanent(
          what
              + " is not the one lakewire created (access connector "
              + connector
              + "); lakewire does not delete it",
          null);
    }
    try {
      clients
          .client(workspace)
          .storageCredentials()
          .delete(new DeleteStorageCredentialRequest().setName(name).setForce(false));
      return true;
    } catch (RuntimeException e) {
      if (DatabricksFailures.isNotFound(e)) {
        return false;
      }
      throw DatabricksFailures.classify("delete " + what, e);
    }
  }

  private static String trim(String u) {
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }
}

package dev.lakewire.databricks;

import com.databricks.sdk.service.catalog.AzureManagedIdentityRequest;
import com.databricks.sdk.service.catalog.CreateStorageCredential;
import com.databricks.sdk.service.catalog.StorageCredentialInfo;
import com.databricks.sdk.service.catalog.ValidateStorageCredential;
import com.databricks.sdk.service.catalog.ValidateStorageCredentialResponse;
import com.databricks.sdk.service.catalog.ValidationResult;
import com.databricks.sdk.service.catalog.ValidationResultResult;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.StorageCredentials;
import dev.lakewire.ports.Workspace;
import java.util.ArrayList;
import java.util.List;

/**
 * Unity Catalog storage credentials on an Access Connector ({@code azure_managed_identity.
 * access_connector_id}).
 *
 * <p>{@link #ensure} GETs the credential by name first: found and lakewire's (same connector,
 * lakewire's comment) → {@link Result#ALREADY_EXISTED}; found with another connector or without
 * lakewire's comment → {@link CloudFailure.Permanent} naming both (never adopted); 404 → create; a
 * create answered {@code RESOURCE_ALREADY_EXISTS} (a concurrent run) reads it again and checks it
 * the same way.
 *
 * <p>{@link #validate}: {@code POST /api/2.1/unity-catalog/validate-storage-credentials} (the SDK's
 * {@code storageCredentials().validate}), which tries READ / LIST / WRITE / DELETE / PATH_EXISTS
 * against the storage with the credential's identity.
 */
public final class UnityCatalogStorageCredentials implements StorageCredentials {

  /** The comment on everything lakewire creates in Unity Catalog: its ownership marker. */
  static final String COMMENT = "managed by lakewire";

  private final WorkspaceClients clients;

  public UnityCatalogStorageCredentials(WorkspaceClients clients) {
    this.clients = clients;
  }

  @Override
  public Result ensure(
      Workspace workspace,
      String name,
      String accessConnectorResourceId,
      String userAssignedIdentityId) {
    String what = "storage credential " + name + " in workspace " + workspace.name();
    boolean created =
        GetOrCreate.ensure(
            what,
            () -> clients.client(workspace).storageCredentials().get(name),
            (StorageCredentialInfo existing) ->
                requireOurs(what, existing, accessConnectorResourceId),
            () ->
                clients
                    .client(workspace)
                    .storageCredentials()
                    .create(
                        new CreateStorageCredential()
                            .setName(name)
                            .setComment(COMMENT)
                            .setAzureManagedIdentity(
                                new AzureManagedIdentityRequest()
                                    .setAccessConnectorId(accessConnectorResourceId)
                                    .setManagedIdentityId(userAssignedIdentityId))));
    return created ? Result.CREATED : Result.ALREADY_EXISTED;
  }

  @Override
  public boolean exists(Workspace workspace, String name, String accessConnectorResourceId) {
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
    requireOurs(what, existing, accessConnectorResourceId);
    return true;
  }

  @Override
  public List<String> validate(
      Workspace workspace, String credentialName, String externalLocationName, String url) {
    ValidateStorageCredential request =
        new ValidateStorageCredential().setStorageCredentialName(credentialName);
    if (externalLocationName != null) {
      request.setExternalLocationName(externalLocationName);
    } else {
      request.setUrl(url);
    }
    ValidateStorageCredentialResponse response;
    try {
      response = clients.client(workspace).storageCredentials().validate(request);
    } catch (RuntimeException e) {
      throw DatabricksFailures.classify(
          "validate storage credential "
              + credentialName
              + " against "
              + (externalLocationName != null ? externalLocationName : url)
              + " in workspace "
              + workspace.name(),
          e);
    }
    List<String> failed = new ArrayList<>();
    if (response == null || response.getResults() == null || response.getResults().isEmpty()) {
      failed.add("Unity Catalog returned no validation results");
      return failed;
    }
    for (ValidationResult r : response.getResults()) {
      if (r.getResult() == ValidationResultResult.FAIL) {
        failed.add(r.getOperation() + ": " + r.getMessage());
      }
    }
    return failed;
  }

  private static void requireOurs(
      String what, StorageCredentialInfo existing, String accessConnectorResourceId) {
    String actual =
        existing == null || existing.getAzureManagedIdentity() == null
            ? null
            : existing.getAzureManagedIdentity().getAccessConnectorId();
    if (actual == null || !actual.equalsIgnoreCase(accessConnectorResourceId)) {
      throw new CloudFailure.Permanent(
          what
              + " exists but uses "
              + (actual == null ? "no access connector" : "access connector " + actual)
              + " (owner "
              + (existing == null ? null : existing.getOwner())
              + "), not "
              + accessConnectorResourceId
              + "; lakewire never adopts it: delete or rename it",
          null);
    }
    if (!isOurs(existing.getComment())) {
      throw new CloudFailure.Permanent(
          what
              + " exists on access connector "
              + actual
              + " but was not created by lakewire (owner "
              + existing.getOwner()
              + ", comment "
              + existing.getComment()
              + "); lakewire never adopts it: delete or rename it",
          null);
    }
  }

  static boolean isOurs(String comment) {
    return comment != null && comment.startsWith(COMMENT);
  }
}

package dev.lakewire.databricks;

import com.databricks.sdk.service.catalog.AzureManagedIdentityRequest;
import com.databricks.sdk.service.catalog.AzureManagedIdentityResponse;
import com.databricks.sdk.service.catalog.CreateStorageCredential;
import com.databricks.sdk.service.catalog.DeleteStorageCredentialRequest;
import com.databricks.sdk.service.catalog.StorageCredentialInfo;
import com.databricks.sdk.service.catalog.StorageCredentialsAPI;
import com.databricks.sdk.service.catalog.ValidateStorageCredential;
import com.databricks.sdk.service.catalog.ValidateStorageCredentialResponse;
import com.databricks.sdk.service.catalog.ValidationResult;
import com.databricks.sdk.service.catalog.ValidationResultResult;
import dev.lakewire.ports.StorageCredential;
import dev.lakewire.ports.StorageCredentials;
import dev.lakewire.ports.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Unity Catalog storage credentials on an Access Connector ({@code azure_managed_identity.
 * access_connector_id}).
 *
 * <p>A {@link dev.lakewire.ports.Managed} thing: {@link #fetch} GETs the credential by name (404 →
 * absent), {@link #create} POSTs it with lakewire's comment (its ownership marker; {@code
 * RESOURCE_ALREADY_EXISTS} → another delivery made it, which the loop compares).
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
  public Optional<StorageCredential> fetch(StorageCredential desired) {
    return CatalogCalls.read(
            desired.describe(),
            () -> clients.client(desired.workspace()).storageCredentials().get(desired.name()))
        .map(info -> shown(desired.workspace(), info));
  }

  @Override
  public StorageCredential create(StorageCredential desired) {
    StorageCredentialInfo created =
        CatalogCalls.create(
            desired.describe(),
            () ->
                clients
                    .client(desired.workspace())
                    .storageCredentials()
                    .create(
                        new CreateStorageCredential()
                            .setName(desired.name())
                            .setComment(COMMENT)
                            .setAzureManagedIdentity(
                                new AzureManagedIdentityRequest()
                                    .setAccessConnectorId(desired.accessConnectorId())
                                    .setManagedIdentityId(desired.managedIdentityId()))));
    return created == null ? desired : shown(desired.workspace(), created);
  }

  /**
   * Deletes it without {@code force}: refused while an external location uses it (offboarding only:
   * not the port's delete); false on 404.
   */
  boolean remove(StorageCredential expected) {
    DeleteStorageCredentialRequest request =
        new DeleteStorageCredentialRequest().setName(expected.name()).setForce(false);
    StorageCredentialsAPI api = clients.client(expected.workspace()).storageCredentials();
    return CatalogCalls.delete(expected.describe(), () -> api.delete(request));
  }

  /** The credential as Unity Catalog shows it. */
  static StorageCredential shown(Workspace workspace, StorageCredentialInfo info) {
    AzureManagedIdentityResponse identity = info.getAzureManagedIdentity();
    return new StorageCredential(
        workspace,
        info.getName(),
        identity == null ? null : identity.getAccessConnectorId(),
        identity == null ? null : identity.getManagedIdentityId(),
        info.getOwner(),
        isOurs(info.getComment()));
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

  static boolean isOurs(String comment) {
    return comment != null && comment.startsWith(COMMENT);
  }
}

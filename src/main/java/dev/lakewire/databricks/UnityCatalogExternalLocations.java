package dev.lakewire.databricks;

import com.databricks.sdk.service.catalog.CreateExternalLocation;
import com.databricks.sdk.service.catalog.ExternalLocationInfo;
import com.databricks.sdk.service.catalog.GetBindingsRequest;
import com.databricks.sdk.service.catalog.IsolationMode;
import com.databricks.sdk.service.catalog.UpdateExternalLocation;
import com.databricks.sdk.service.catalog.UpdateWorkspaceBindingsParameters;
import com.databricks.sdk.service.catalog.WorkspaceBinding;
import com.databricks.sdk.service.catalog.WorkspaceBindingBindingType;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.ExternalLocations;
import dev.lakewire.ports.Workspace;
import java.util.List;

/**
 * Unity Catalog external locations.
 *
 * <p>{@link #ensure} GETs the location by name first: found with the wanted URL and credential and
 * lakewire's comment → {@link Result#ALREADY_EXISTED}; found with another URL, another credential
 * or without lakewire's comment → {@link CloudFailure.Permanent} naming both (never adopted); 404 →
 * create with {@code skip_validation}; a create answered {@code RESOURCE_ALREADY_EXISTS} reads it
 * again and checks it the same way. A URL that overlaps another location is refused by Unity
 * Catalog (400, naming that location): permanent.
 *
 * <p>Why {@code skip_validation}: the roles granted in step 2 take minutes to reach the storage
 * data plane, and a validating create fails in that window with an error that cannot be told apart
 * from a real misconfiguration. The step validates afterwards ({@code
 * validate-storage-credentials}) and re-checks until access works.
 *
 * <p>{@link #ensureIsolated} then makes the location {@code ISOLATION_MODE_ISOLATED} ({@code PATCH
 * external-locations/{name}}) and binds it read-write to the workspace ({@code PATCH
 * /api/2.1/unity-catalog/bindings/external_location/{name}}), each only when not so already.
 */
public final class UnityCatalogExternalLocations implements ExternalLocations {

  static final String SECURABLE_TYPE = "external_location";

  private final WorkspaceClients clients;

  public UnityCatalogExternalLocations(WorkspaceClients clients) {
    this.clients = clients;
  }

  @Override
  public Result ensure(Workspace workspace, String name, String url, String credentialName) {
    String what = "external location " + name + " in workspace " + workspace.name();
    boolean created =
        GetOrCreate.ensure(
            what,
            () -> clients.client(workspace).externalLocations().get(name),
            (ExternalLocationInfo existing) -> requireOurs(what, existing, url, credentialName),
            () ->
                clients
                    .client(workspace)
                    .externalLocations()
                    .create(
                        new CreateExternalLocation()
                            .setName(name)
                            .setUrl(url)
                            .setCredentialName(credentialName)
                            .setComment(UnityCatalogStorageCredentials.COMMENT)
                            .setSkipValidation(true)));
    return created ? Result.CREATED : Result.ALREADY_EXISTED;
  }

  @Override
  public Result ensureIsolated(
      Workspace workspace, String name, String url, String credentialName) {
    Result result = ensure(workspace, name, url, credentialName);
    String what = "external location " + name + " in workspace " + workspace.name();
    long workspaceId = Long.parseLong(workspace.workspaceId());
    try {
      ExternalLocationInfo info = clients.client(workspace).externalLocations().get(name);
      if (info.getIsolationMode() != IsolationMode.ISOLATION_MODE_ISOLATED) {
        clients
            .client(workspace)
            .externalLocations()
            .update(
                new UpdateExternalLocation()
                    .setName(name)
                    .setIsolationMode(IsolationMode.ISOLATION_MODE_ISOLATED));
      }
      boolean bound = false;
      for (WorkspaceBinding b :
          clients
              .client(workspace)
              .workspaceBindings()
              .getBindings(
                  new GetBindingsRequest()
                      .setSecurableType(SECURABLE_TYPE)
                      .setSecurableName(name))) {
        if (b.getWorkspaceId() != null && b.getWorkspaceId() == workspaceId) {
          bound = true;
        }
      }
      if (!bound) {
        clients
            .client(workspace)
            .workspaceBindings()
            .updateBindings(
                new UpdateWorkspaceBindingsParameters()
                    .setSecurableType(SECURABLE_TYPE)
                    .setSecurableName(name)
                    .setAdd(
                        List.of(
                            new WorkspaceBinding()
                                .setWorkspaceId(workspaceId)
                                .setBindingType(
                                    WorkspaceBindingBindingType.BINDING_TYPE_READ_WRITE))));
      }
    } catch (RuntimeException e) {
      throw DatabricksFailures.classify("isolate and bind " + what, e);
    }
    return result;
  }

  @Override
  public boolean exists(Workspace workspace, String name, String url, String credentialName) {
    String what = "external location " + name + " in workspace " + workspace.name();
    ExternalLocationInfo found;
    try {
      found = clients.client(workspace).externalLocations().get(name);
    } catch (RuntimeException e) {
      if (DatabricksFailures.isNotFound(e)) {
        return false;
      }
      throw DatabricksFailures.classify("read " + what, e);
    }
    requireOurs(what, found, url, credentialName);
    return found != null;
  }

  private static void requireOurs(
      String what, ExternalLocationInfo existing, String url, String credentialName) {
    if (existing == null) {
      return;
    }
    boolean sameUrl = existing.getUrl() != null && sameUrl(existing.getUrl(), url);
    boolean sameCredential =
        existing.getCredentialName() != null
            && existing.getCredentialName().equalsIgnoreCase(credentialName);
    if (!sameUrl
        || !sameCredential
        || !UnityCatalogStorageCredentials.isOurs(existing.getComment())) {
      throw new CloudFailure.Permanent(
          what
              + " exists with URL "
              + existing.getUrl()
              + ", credential "
              + existing.getCredentialName()
              + ", owner "
              + existing.getOwner()
              + ", comment "
              + existing.getComment()
              + "; lakewire wants URL "
              + url
              + " on credential "
              + credentialName
              + " and never adopts another owner's location: delete or rename it",
          null);
    }
  }

  private static boolean sameUrl(String a, String b) {
    return trim(a).equalsIgnoreCase(trim(b));
  }

  private static String trim(String u) {
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }
}

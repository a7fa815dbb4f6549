package dev.lakewire.databricks;

import com.databricks.sdk.service.catalog.CreateExternalLocation;
import com.databricks.sdk.service.catalog.ExternalLocationInfo;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.ExternalLocations;
import dev.lakewire.ports.Workspace;

/**
 * Unity Catalog external locations.
 *
 * <p>{@link #ensure} GETs the location by name first: found → {@link Result#ALREADY_EXISTED} (with
 * another URL → {@link CloudFailure.Permanent}); 404 → create with {@code skip_validation}; a
 * create answered {@code RESOURCE_ALREADY_EXISTS} → {@link Result#ALREADY_EXISTED}.
 *
 * <p>Why {@code skip_validation}: the roles granted in step 2 take minutes to propagate in Azure
 * RBAC, and a validating create would fail in that window with an error that cannot be told apart
 * from a real misconfiguration. Access is checked when the location is first used (and by {@code
 * databricks external-locations validate}).
 */
public final class UnityCatalogExternalLocations implements ExternalLocations {

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
            (ExternalLocationInfo existing) -> {
              if (existing != null
                  && existing.getUrl() != null
                  && !sameUrl(existing.getUrl(), url)) {
                throw new CloudFailure.Permanent(
                    what
                        + " exists with URL "
                        + existing.getUrl()
                        + ", not "
                        + url
                        + "; rename or delete it",
                    null);
              }
            },
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

  private static boolean sameUrl(String a, String b) {
    return trim(a).equalsIgnoreCase(trim(b));
  }

  private static String trim(String u) {
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }
}
